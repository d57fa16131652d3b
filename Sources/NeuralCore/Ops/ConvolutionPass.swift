// The chunk loop behind the three convolution ops (Convolution.swift): one pass over the
// batch, each thread taking a range of images a chunk at a time (ConvolutionGeometry.
// forEachChunkAcrossThreads), computing any of
//   map    = convolution(x, W) + mapBias             (im2col of x, GEMM, to NCHW)
//   image  = transposedConvolution(z, W) + imageBias (z channel-major, GEMM, col2im)
//   weight = weightGradient(x, z)                    (im2col of x, z channel-major, GEMM)
// A backward pass that records nothing asks for two at once (a convolution's input and weight
// gradients share the channel-major output gradient, a transposed convolution's share the
// im2col of its output gradient), so the chunk's shared matrices are made once and read while
// they are in cache. The map's and the image's GEMMs multiply by the weight packed once per
// pass (PackedGEMM) where the CPU runs it; the weight gradient's go to OpenBLAS.

extension Tensor {
    /// One pass writing the requested outputs (tensors of the right shapes, written whole).
    /// Not for dense geometries, nor for an empty batch.
    /// With `mapSlope`, the map is that activation of the convolution (applied chunk by chunk,
    /// while it is in cache); with `zMask`, z is read through the derivative of an activation
    /// whose output is `zMask.output` (a fused activation's backward, chunk by chunk).
    static func convolutionPass<T: TensorScalar>(_: T.Type, _ g: ConvolutionGeometry, x: Tensor?, z: Tensor?, weight: Tensor? = nil,
                                                 map: Tensor? = nil, mapBias: Tensor? = nil, mapSlope: Double? = nil,
                                                 image: Tensor? = nil, imageBias: Tensor? = nil, weightGradient: Tensor? = nil,
                                                 zMask: (output: Tensor, slope: Double)? = nil) {
        let (og, taps, o, plane) = (g.groupOutChannels, g.taps, g.outChannels, g.mapPlane)
        let w = weight.map { UnsafePointer($0.pointer(T.self)) }
        let mb = mapBias.map { UnsafePointer($0.pointer(T.self)) }, ib = imageBias.map { UnsafePointer($0.pointer(T.self)) }
        let unfolds = map != nil || weightGradient != nil, readsZ = image != nil || weightGradient != nil
        // Each thread sums its images' chunks into its own weight-shaped block (the first
        // thread's is the output), then the blocks are added in thread order.
        let size = weightGradient?.count ?? 0, workers = g.workers
        // The weight of the map's or the image's GEMMs, packed once for every chunk and thread
        // when PackedGEMM runs here (a pass makes a map or an image, not both).
        let (transpose, m, k) = map != nil ? (false, og, taps) : (true, taps, og)
        let packs = (map != nil || image != nil) && m >= PackedGEMM.minimumRows
        PackedGEMM.withPacked(packs ? w : nil, lda: taps, transpose: transpose, m: m, k: k, groups: g.groups,
                              groupStride: og * taps) { packed in
            Workspace.withBuffer((workers - 1) * size, of: T.self) { partials in
                g.forEachChunkAcrossThreads(dynamic: weightGradient == nil) { worker, start, first, c in
                    let columns = c.columns
                    // Per group: the weight (op(W), m x k, as packed above) times B (k x columns) into a
                    // target (m x columns), both row-major with rows `columns` apart.
                    func weightProduct(group: Int, b: UnsafePointer<T>, into target: UnsafeMutablePointer<T>) {
                        if let packed {
                            packed.multiply(group: group, n: columns, b: .matrix(Self.floats(b), rowStride: columns),
                                            c: .matrix(Self.floats(target), rowStride: columns))
                        } else if let w {
                            GEMM.run(transposeA: transpose, transposeB: false, m: m, n: columns, k: k, a: w + group * og * taps, lda: taps,
                                     b: b, ldb: columns, c: target, ldc: columns)
                        }
                    }
                    Workspace.withBuffer(c.channels * c.kernelHeight * c.kernelWidth * columns, of: T.self) { cols in
                        if unfolds, let x { Im2Col.unfold(x.pointer(T.self) + start * g.channels * g.imagePlane, into: cols, c) }
                        if let map {
                            let y = map.pointer(T.self) + start * o * plane
                            if let packed, PackedGEMM.Layout.fitsImages(plane: plane, count: c.batch) {
                                // Per group: [og, taps] x [taps, columns] -> the group's channels of y, in place.
                                for group in 0..<g.groups {
                                    packed.multiply(group: group, n: columns, b: .matrix(Self.floats(cols + group * taps * columns), rowStride: columns),
                                                    c: .images(Self.floats(y + group * og * plane), channels: o, plane: plane, count: c.batch))
                                }
                                if let mb { Im2Col.addBias(mb, to: y, batch: c.batch, channels: o, plane: plane) }
                            } else {
                                // Per group: [og, taps] x [taps, columns] -> [og, columns].
                                func multiply(into target: UnsafeMutablePointer<T>) {
                                    for group in 0..<g.groups {
                                        weightProduct(group: group, b: cols + group * taps * columns, into: target + group * og * columns)
                                    }
                                }
                                if Im2Col.isChannelMajor(batch: c.batch, channels: o) {
                                    multiply(into: y)
                                    if let mb { Im2Col.addBias(mb, to: y, batch: c.batch, channels: o, plane: plane) }
                                } else {
                                    Workspace.withBuffer(o * columns, of: T.self) { buffer in
                                        multiply(into: buffer)
                                        Im2Col.batchMajor(buffer, into: y, bias: mb, batch: c.batch, channels: o, plane: plane)
                                    }
                                }
                            }
                            if let mapSlope { ActivationRows.activated(y, c.batch * o * plane, slope: T(mapSlope)) }
                        }
                        // The products reading the chunk's z (its map-side input, or output gradient).
                        func readZ(_ zChunk: UnsafePointer<T>) {
                            // Per group: [og, taps]ᵀ x [og, columns] -> [taps, columns] (`product(group)`),
                            // over x's column matrix (read above), then col2im.
                            func makeImage(_ image: Tensor, product: (Int) -> Void) {
                                for group in 0..<g.groups { product(group) }
                                Im2Col.fold(cols, into: image.pointer(T.self) + start * g.channels * g.imagePlane, bias: ib, c)
                            }
                            if weightGradient == nil, let packed, let image,
                               PackedGEMM.Layout.fitsImages(plane: plane, count: c.batch) {
                                // The packed GEMM reads z in place, with no channel-major copy.
                                makeImage(image) { group in
                                    packed.multiply(group: group, n: columns,
                                                    b: .images(Self.floats(zChunk + group * og * plane), channels: o, plane: plane, count: c.batch),
                                                    c: .matrix(Self.floats(cols + group * taps * columns), rowStride: columns))
                                }
                                return
                            }
                            Im2Col.withChannelMajor(zChunk, batch: c.batch, channels: o, plane: plane) { zc in
                                if let weightGradient {
                                    let target = worker == 0 ? weightGradient.pointer(T.self) : partials + (worker - 1) * size
                                    // Per group: [og, columns] x [taps, columns]ᵀ -> [og, taps], summed over the chunks.
                                    for group in 0..<g.groups {
                                        GEMM.run(transposeA: false, transposeB: true, m: og, n: taps, k: columns,
                                                 a: zc + group * og * columns, lda: columns, b: cols + group * taps * columns, ldb: columns,
                                                 beta: first ? 0 : 1, c: target + group * og * taps, ldc: taps)
                                    }
                                }
                                if let image {
                                    makeImage(image) { group in
                                        weightProduct(group: group, b: zc + group * og * columns, into: cols + group * taps * columns)
                                    }
                                }
                            }
                        }
                        guard readsZ, let z else { return }
                        if let zMask {
                            // The chunk of z through the activation's derivative, in scratch memory.
                            let count = c.batch * o * plane, at = start * o * plane
                            Workspace.withBuffer(count, of: T.self) { masked in
                                ActivationRows.masked(z.pointer(T.self) + at, by: zMask.output.pointer(T.self) + at, into: masked, count,
                                                     slope: T(zMask.slope))
                                readZ(UnsafePointer(masked))
                            }
                        } else {
                            readZ(UnsafePointer(z.pointer(T.self) + start * o * plane))
                        }
                    }
                }
                if let weightGradient {
                    let out = weightGradient.pointer(T.self)
                    for worker in 1..<workers { Strided.add(partials + (worker - 1) * size, to: out, count: size) }
                }
            }
        }
    }

    /// A Float32 pointer to values of type T (PackedGEMM runs only when T is Float).
    @inline(__always)
    private static func floats<T>(_ p: UnsafePointer<T>) -> UnsafePointer<Float> { UnsafeRawPointer(p).assumingMemoryBound(to: Float.self) }
    @inline(__always)
    private static func mutableFloats<T>(_ p: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<Float> {
        UnsafeMutableRawPointer(p).assumingMemoryBound(to: Float.self)
    }

    /// A backward pass's gradients from one pass over the batch, when it records nothing: the
    /// weight gradient of (x, z) (with `needsWeight`) and (with `needsFirst`), with `map`,
    /// convolution(x, W) (a transposed convolution's input gradient), else
    /// transposedConvolution(z, W) (a convolution's); with `zMask`, z is read through that
    /// activation's derivative (a fused activation's backward). nil when the ops must run on
    /// their own (recording for a higher derivative, a dense geometry, an empty batch).
    static func sharedPass(x: Tensor, z: Tensor, weight: Tensor, _ g: ConvolutionGeometry, map: Bool, needsFirst: Bool = true,
                           needsWeight: Bool = true, zMask: (output: Tensor, slope: Double)? = nil) -> (Tensor?, Tensor?)? {
        guard sharedPassRuns(g) else { return nil }
        let first = needsFirst ? x.uninitializedLike(shape: map ? g.mapShape : g.imageShape) : nil
        let weightGradient = needsWeight ? x.uninitializedLike(shape: g.weightShape) : nil
        func run<T: TensorScalar>(_: T.Type) {
            convolutionPass(T.self, g, x: x, z: z, weight: weight, map: map ? first : nil, image: map ? nil : first,
                            weightGradient: weightGradient, zMask: zMask)
        }
        if (first?.count ?? 0) > 0 || (weightGradient?.count ?? 0) > 0 { x.dtype == .float32 ? run(Float.self) : run(Double.self) }
        return (first, weightGradient)
    }

    /// Whether `sharedPass` runs for `g` now.
    static func sharedPassRuns(_ g: ConvolutionGeometry) -> Bool { !GradMode.isRecording && !g.isDense && g.batch > 0 }

    /// The gradients of a convolution or a transposed convolution for `needed` (input, weight,
    /// and bias when there is one, summed from `gradient`): `shared`'s when it gives them (one
    /// pass), else `input()` and `weight()`, the ops run one by one.
    static func convolutionGradients(needed: [Bool], gradient: Tensor, shared: (Tensor?, Tensor?)?, input: () throws -> Tensor,
                                     weight: () throws -> Tensor) throws -> [Tensor?] {
        var grads = try shared.map { [$0.0, $0.1] } ?? [needed[0] ? input() : nil, needed[1] ? weight() : nil]
        if needed.count > 2 { grads.append(needed[2] ? try gradient.sum(axes: [0, 2, 3]) : nil) }
        return grads
    }
}
