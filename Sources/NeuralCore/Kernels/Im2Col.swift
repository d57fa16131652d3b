import CKernels

/// The data movement around a convolution's GEMMs, with the batch folded into the columns
/// (a chunk of images at a time, see `ConvolutionGeometry.imagesPerChunk`).
///
/// The column matrix of an image batch has one row per (image channel c, kernel tap i, j),
/// row index (c * kernelHeight + i) * kernelWidth + j, and one column per (image n, map
/// position oh, ow), column index n * mapPlane + oh * outWidth + ow: group g's rows are the
/// contiguous block g * taps ..< (g + 1) * taps, the [taps, columns] matrix its GEMM reads.
/// Map-side tensors go through the GEMMs channel-major, [outChannels, batch * mapPlane].
///
/// Every loop is split over (image, channel) planes with `Parallel`; each plane is written
/// by one thread, in a fixed order, so results do not depend on the thread count. In Float32,
/// `unfold` and `fold` run CKernels' vectorised loops (`medsynth_unfold_f32`,
/// `medsynth_fold_f32`, compiled for AVX2, AVX and SSE2 and picked at run time) on each chunk
/// of planes; `unfoldGeneric` and `foldGeneric` are the same loops in Swift for any scalar
/// type (Float64 for gradient checks), and give the same bytes.
enum Im2Col {
    /// Writes the column matrix of `image` [batch, channels, height, width] into `columns`
    /// ([channels * kernelHeight * kernelWidth, batch * mapPlane]): the image value each tap
    /// reads at each map position, zero where it falls in the padding. Float goes through
    /// CKernels' vectorised loop, Double through `unfoldGeneric` (the same values).
    @_specialize(where T == Float) @_specialize(where T == Double)
    static func unfold<T: TensorScalar>(_ image: UnsafePointer<T>, into columns: UnsafeMutablePointer<T>, _ g: ConvolutionGeometry) {
        guard T.self == Float.self else { return unfoldGeneric(image, into: columns, g) }
        let x = UncheckedSendable(UnsafeRawPointer(image).assumingMemoryBound(to: Float.self))
        let cols = UncheckedSendable(UnsafeMutableRawPointer(columns).assumingMemoryBound(to: Float.self))
        withUnsafePointer(to: g.kernelGeometry) { geometry in
            let k = UncheckedSendable(geometry)
            Parallel.forEachChunk(g.batch * g.channels, grain: grain(perPlane: g.kernelHeight * g.kernelWidth * g.mapPlane)) { planes in
                medsynth_unfold_f32(x.value, cols.value, k.value, planes.lowerBound, planes.upperBound)
            }
        }
    }

    /// `unfold` in Swift, for any scalar type.
    @_specialize(where T == Float) @_specialize(where T == Double)
    static func unfoldGeneric<T: TensorScalar>(_ image: UnsafePointer<T>, into columns: UnsafeMutablePointer<T>, _ g: ConvolutionGeometry) {
        let taps = TapTable(g)
        let (kh, kw, outW, outH, channels) = (g.kernelHeight, g.kernelWidth, g.outWidth, g.outHeight, g.channels)
        let (sh, sw, width, ncols, mapPlane, imagePlane) = (g.strideH, g.strideW, g.width, g.columns, g.mapPlane, g.imagePlane)
        let x = UncheckedSendable(image), cols = UncheckedSendable(columns)
        taps.withPointers { rowTaps, columnTaps in
            let rt = UncheckedSendable(rowTaps), ct = UncheckedSendable(columnTaps)
            Parallel.forEachChunk(g.batch * channels, grain: grain(perPlane: kh * kw * mapPlane)) { planes in
                let rowTaps = rt.value, columnTaps = ct.value
                for plane in planes {
                    let n = plane / channels, c = plane &- n &* channels
                    let source = x.value + plane &* imagePlane
                    let firstRow: Int = c &* kh &* kw, block = cols.value + (firstRow &* ncols &+ n &* mapPlane)
                    for i in 0..<kh {
                        let (lo, hi, offset) = (rowTaps[3 &* i], rowTaps[3 &* i &+ 1], rowTaps[3 &* i &+ 2])
                        let tapRow = block + i &* kw &* ncols
                        // Map rows whose image row falls in the padding read zeros.
                        if lo > 0 || hi < outH {
                            for j in 0..<kw {
                                let t = tapRow + j &* ncols
                                t.update(repeating: 0, count: lo &* outW)
                                (t + hi &* outW).update(repeating: 0, count: (outH &- hi) &* outW)
                            }
                        }
                        var h = lo &* sh &+ offset
                        for oh in lo..<hi {
                            let input = source + h &* width
                            for j in 0..<kw {
                                let (first, end, shift) = (columnTaps[3 &* j], columnTaps[3 &* j &+ 1], columnTaps[3 &* j &+ 2])
                                let at: Int = j &* ncols &+ oh &* outW
                                let out = tapRow + at
                                var ow = 0
                                while ow < first { out[ow] = 0; ow &+= 1 }
                                if first < end {
                                    let start = first &* sw &+ shift, from = input + start, to = out + first, count = end &- first
                                    switch sw {
                                    case 1: Strided.copy(from, to: to, count: count)
                                    case 2: Strided.copyEven(from, to: to, count: count, before: start, after: width &- start)
                                    default: for k in 0..<count { to[k] = from[k &* sw] }
                                    }
                                }
                                ow = Swift.max(first, end)
                                while ow < outW { out[ow] = 0; ow &+= 1 }
                            }
                            h &+= sh
                        }
                    }
                }
            }
        }
    }

    /// The adjoint of `unfold`: writes into `image` [batch, channels, height, width] the sum
    /// of the column entries that read each image value, plus `bias[c]` on channel c when given.
    /// Each value is `bias[c]` (or zero) plus its terms one at a time, kernel row i, then kernel
    /// column j ascending; Float goes through CKernels' vectorised loop, Double through
    /// `foldGeneric` (the same additions in the same order, so the same bytes).
    @_specialize(where T == Float) @_specialize(where T == Double)
    static func fold<T: TensorScalar>(_ columns: UnsafePointer<T>, into image: UnsafeMutablePointer<T>, bias: UnsafePointer<T>?,
                                      _ g: ConvolutionGeometry) {
        guard T.self == Float.self else { return foldGeneric(columns, into: image, bias: bias, g) }
        let cols = UncheckedSendable(UnsafeRawPointer(columns).assumingMemoryBound(to: Float.self))
        let x = UncheckedSendable(UnsafeMutableRawPointer(image).assumingMemoryBound(to: Float.self))
        let b = UncheckedSendable(bias.map { UnsafeRawPointer($0).assumingMemoryBound(to: Float.self) })
        withUnsafePointer(to: g.kernelGeometry) { geometry in
            let k = UncheckedSendable(geometry)
            Parallel.forEachChunk(g.batch * g.channels, grain: grain(perPlane: g.kernelHeight * g.kernelWidth * g.mapPlane)) { planes in
                medsynth_fold_f32(cols.value, x.value, b.value, k.value, planes.lowerBound, planes.upperBound)
            }
        }
    }

    /// `fold` in Swift, for any scalar type.
    @_specialize(where T == Float) @_specialize(where T == Double)
    static func foldGeneric<T: TensorScalar>(_ columns: UnsafePointer<T>, into image: UnsafeMutablePointer<T>, bias: UnsafePointer<T>?,
                                             _ g: ConvolutionGeometry) {
        let taps = TapTable(g)
        let (kh, kw, outW, channels) = (g.kernelHeight, g.kernelWidth, g.outWidth, g.channels)
        let (sh, sw, width, ncols, mapPlane, imagePlane) = (g.strideH, g.strideW, g.width, g.columns, g.mapPlane, g.imagePlane)
        let x = UncheckedSendable(image), cols = UncheckedSendable(columns), b = UncheckedSendable(bias)
        taps.withPointers { rowTaps, columnTaps in
            let rt = UncheckedSendable(rowTaps), ct = UncheckedSendable(columnTaps)
            Parallel.forEachChunk(g.batch * channels, grain: grain(perPlane: kh * kw * mapPlane)) { planes in
                let rowTaps = rt.value, columnTaps = ct.value
                for plane in planes {
                    let n = plane / channels, c = plane &- n &* channels
                    let target = x.value + plane &* imagePlane
                    target.update(repeating: b.value.map { $0[c] } ?? 0, count: imagePlane)
                    let firstRow: Int = c &* kh &* kw, block = cols.value + (firstRow &* ncols &+ n &* mapPlane)
                    for i in 0..<kh {
                        let (lo, hi, offset) = (rowTaps[3 &* i], rowTaps[3 &* i &+ 1], rowTaps[3 &* i &+ 2])
                        let tapRow = block + i &* kw &* ncols
                        var h = lo &* sh &+ offset
                        for oh in lo..<hi {
                            let output = target + h &* width
                            for j in 0..<kw {
                                let (first, end, shift) = (columnTaps[3 &* j], columnTaps[3 &* j &+ 1], columnTaps[3 &* j &+ 2])
                                guard first < end else { continue }
                                let at: Int = j &* ncols &+ oh &* outW &+ first
                                let start = first &* sw &+ shift, from = tapRow + at, to = output + start
                                let count = end &- first
                                switch sw {
                                case 1: Strided.add(from, to: to, count: count)
                                case 2: Strided.addEven(from, to: to, count: count, before: start, after: width &- start)
                                default: for k in 0..<count { to[k &* sw] += from[k] }
                                }
                            }
                            h &+= sh
                        }
                    }
                }
            }
        }
    }

    /// [batch, channels, plane] -> [channels, batch * plane] (a map-side tensor into the layout
    /// the GEMMs read).
    @_specialize(where T == Float) @_specialize(where T == Double)
    static func channelMajor<T: TensorScalar>(_ source: UnsafePointer<T>, into target: UnsafeMutablePointer<T>,
                                              batch: Int, channels: Int, plane: Int) {
        let s = UncheckedSendable(source), t = UncheckedSendable(target)
        Parallel.forEachChunk(batch * channels, grain: grain(perPlane: plane)) { planes in
            for p in planes {
                let n = p / channels, c = p % channels
                (t.value + (c * batch + n) * plane).update(from: s.value + p * plane, count: plane)
            }
        }
    }

    /// [channels, batch * plane] -> [batch, channels, plane], plus `bias[c]` on channel c when
    /// given (a GEMM's result into NCHW).
    @_specialize(where T == Float) @_specialize(where T == Double)
    static func batchMajor<T: TensorScalar>(_ source: UnsafePointer<T>, into target: UnsafeMutablePointer<T>, bias: UnsafePointer<T>?,
                                            batch: Int, channels: Int, plane: Int) {
        let s = UncheckedSendable(source), t = UncheckedSendable(target), b = UncheckedSendable(bias)
        Parallel.forEachChunk(batch * channels, grain: grain(perPlane: plane)) { planes in
            for p in planes {
                let n = p / channels, c = p % channels
                let from = s.value + (c * batch + n) * plane, to = t.value + p * plane
                if let bias = b.value {
                    let v = bias[c]
                    for k in 0..<plane { to[k] = from[k] + v }
                } else {
                    to.update(from: from, count: plane)
                }
            }
        }
    }

    /// Whether [batch, channels, plane] is already [channels, batch * plane] (one image or one channel).
    static func isChannelMajor(batch: Int, channels: Int) -> Bool { batch == 1 || channels == 1 }

    /// Runs `body` with a map-side [batch, channels, plane] block laid out channel-major (in
    /// scratch memory, or in place when the layouts agree).
    static func withChannelMajor<T: TensorScalar, R>(_ values: UnsafePointer<T>, batch: Int, channels: Int, plane: Int,
                                                     _ body: (UnsafePointer<T>) -> R) -> R {
        if isChannelMajor(batch: batch, channels: channels) { return body(values) }
        return Workspace.withBuffer(batch * channels * plane, of: T.self) { buffer in
            channelMajor(values, into: buffer, batch: batch, channels: channels, plane: plane)
            return body(buffer)
        }
    }

    /// Adds `bias[c]` to every value of channel c of a [batch, channels, plane] tensor.
    @_specialize(where T == Float) @_specialize(where T == Double)
    static func addBias<T: TensorScalar>(_ bias: UnsafePointer<T>, to values: UnsafeMutablePointer<T>, batch: Int, channels: Int, plane: Int) {
        let b = UncheckedSendable(bias), y = UncheckedSendable(values)
        Parallel.forEachChunk(batch * channels, grain: grain(perPlane: plane)) { planes in
            for p in planes {
                let v = b.value[p % channels], to = y.value + p * plane
                for k in 0..<plane { to[k] += v }
            }
        }
    }

    /// Planes per chunk so that a chunk is worth a thread (about 32k values).
    static func grain(perPlane work: Int) -> Int { Swift.max(1, (1 << 15) / Swift.max(1, work)) }
}

/// The inner loops of im2col and col2im, eight values at a time: contiguous copies and sums,
/// and the gathers and scatters of stride-2 convolutions (sixteen values loaded, their even
/// lanes used). Each value gets one copy or one addition, as in a scalar loop, so the results
/// are the same bytes. `before` and `after` bound the image row on the strided side: the
/// loops touch `from[-before ..< after]` (or `to[...]`) only, so a vector never reaches past
/// the row; near its end, the vector starts one value earlier and uses the odd lanes.
enum Strided {
    @inline(__always)
    static func copy<T: TensorScalar>(_ from: UnsafePointer<T>, to: UnsafeMutablePointer<T>, count: Int) {
        var k = 0
        while k &+ 8 <= count {
            UnsafeMutableRawPointer(to + k).storeBytes(of: UnsafeRawPointer(from + k).loadUnaligned(as: SIMD8<T>.self), as: SIMD8<T>.self)
            k &+= 8
        }
        if k < count, count >= 8 {
            // One more vector ending at `count`, rewriting a few values with the same values.
            let last = count &- 8
            UnsafeMutableRawPointer(to + last).storeBytes(of: UnsafeRawPointer(from + last).loadUnaligned(as: SIMD8<T>.self), as: SIMD8<T>.self)
            return
        }
        while k < count { to[k] = from[k]; k &+= 1 }
    }

    @inline(__always)
    static func add<T: TensorScalar>(_ from: UnsafePointer<T>, to: UnsafeMutablePointer<T>, count: Int) {
        var k = 0
        while k &+ 8 <= count {
            let p = UnsafeMutableRawPointer(to + k)
            p.storeBytes(of: p.loadUnaligned(as: SIMD8<T>.self) + UnsafeRawPointer(from + k).loadUnaligned(as: SIMD8<T>.self), as: SIMD8<T>.self)
            k &+= 8
        }
        while k < count { to[k] += from[k]; k &+= 1 }
    }

    /// to[k] = from[2k] for k < count.
    @inline(__always)
    static func copyEven<T: TensorScalar>(_ from: UnsafePointer<T>, to: UnsafeMutablePointer<T>, count: Int, before: Int, after: Int) {
        var k = 0
        while k &+ 8 <= count, copyEightEven(from, to: to, at: k, before: before, after: after) { k &+= 8 }
        // One more vector ending at `count`, rewriting a few values with the same values.
        if k < count, count >= 8, copyEightEven(from, to: to, at: count &- 8, before: before, after: after) { return }
        while k < count { to[k] = from[2 &* k]; k &+= 1 }
    }

    /// to[k ..< k + 8] = from[2k], from[2k + 2], ..., when a vector fits in the row.
    @inline(__always)
    static func copyEightEven<T: TensorScalar>(_ from: UnsafePointer<T>, to: UnsafeMutablePointer<T>, at k: Int, before: Int, after: Int) -> Bool {
        let lo = 2 &* k
        if lo &+ 16 <= after {
            let v = UnsafeRawPointer(from + lo).loadUnaligned(as: SIMD16<T>.self)
            UnsafeMutableRawPointer(to + k).storeBytes(of: v.evenHalf, as: SIMD8<T>.self)
            return true
        }
        if lo &+ before >= 1 {
            let v = UnsafeRawPointer(from + (lo &- 1)).loadUnaligned(as: SIMD16<T>.self)
            UnsafeMutableRawPointer(to + k).storeBytes(of: v.oddHalf, as: SIMD8<T>.self)
            return true
        }
        return false
    }

    /// to[2k] += from[k] for k < count.
    @inline(__always)
    static func addEven<T: TensorScalar>(_ from: UnsafePointer<T>, to: UnsafeMutablePointer<T>, count: Int, before: Int, after: Int) {
        var k = 0
        while k &+ 8 <= count {
            let lo = 2 &* k
            let v = UnsafeRawPointer(from + k).loadUnaligned(as: SIMD8<T>.self)
            if lo &+ 16 <= after {
                let p = UnsafeMutableRawPointer(to + lo)
                let w = p.loadUnaligned(as: SIMD16<T>.self)
                p.storeBytes(of: interleave(w.evenHalf + v, w.oddHalf), as: SIMD16<T>.self)
            } else if lo &+ before >= 1 {
                let p = UnsafeMutableRawPointer(to + (lo &- 1))
                let w = p.loadUnaligned(as: SIMD16<T>.self)
                p.storeBytes(of: interleave(w.evenHalf, w.oddHalf + v), as: SIMD16<T>.self)
            } else {
                break
            }
            k &+= 8
        }
        while k < count { to[2 &* k] += from[k]; k &+= 1 }
    }

    /// (e0, o0, e1, o1, ...).
    @inline(__always)
    static func interleave<T: TensorScalar>(_ e: SIMD8<T>, _ o: SIMD8<T>) -> SIMD16<T> {
        SIMD16(e[0], o[0], e[1], o[1], e[2], o[2], e[3], o[3], e[4], o[4], e[5], o[5], e[6], o[6], e[7], o[7])
    }
}

/// For each kernel tap along each axis, the map positions lo ..< hi whose image position
/// (position * stride + tap * dilation - padding) is inside the image, and that position's
/// offset (tap * dilation - padding): (lo, hi, offset) triples, rows then columns.
private struct TapTable {
    var rows: [Int] = []
    var columns: [Int] = []

    init(_ g: ConvolutionGeometry) {
        for i in 0..<g.kernelHeight {
            let r = ConvolutionGeometry.validRange(tap: i, stride: g.strideH, padding: g.paddingH, dilation: g.dilationH,
                                                   extent: g.height, count: g.outHeight)
            rows += [r.lowerBound, r.upperBound, i * g.dilationH - g.paddingH]
        }
        for j in 0..<g.kernelWidth {
            let r = ConvolutionGeometry.validRange(tap: j, stride: g.strideW, padding: g.paddingW, dilation: g.dilationW,
                                                   extent: g.width, count: g.outWidth)
            columns += [r.lowerBound, r.upperBound, j * g.dilationW - g.paddingW]
        }
    }

    func withPointers<R>(_ body: (UnsafePointer<Int>, UnsafePointer<Int>) -> R) -> R {
        rows.withUnsafeBufferPointer { r in columns.withUnsafeBufferPointer { c in body(r.baseAddress!, c.baseAddress!) } }
    }
}
