import CKernels

/// Sums of the local SSIM map and of its contrast-structure factor over the voxels counted.
struct SSIMMapSums: Sendable, Equatable {
    var ssim = 0.0
    var contrastStructure = 0.0
    var count = 0
}

/// Pixel types the SSIM kernel reads: Float images, and the Double images of the coarser
/// MS-SSIM scales.
protocol SSIMKernelInput {
    /// Writes s = a + b, d = a - b, s * s and d * d as Double for `n` samples.
    static func sumsAndDifferences(_ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, _ n: Int,
                                   _ s: UnsafeMutablePointer<Double>, _ d: UnsafeMutablePointer<Double>,
                                   _ ss: UnsafeMutablePointer<Double>, _ dd: UnsafeMutablePointer<Double>)
}

extension Float: SSIMKernelInput {
    @inline(__always)
    static func sumsAndDifferences(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int,
                                   _ s: UnsafeMutablePointer<Double>, _ d: UnsafeMutablePointer<Double>,
                                   _ ss: UnsafeMutablePointer<Double>, _ dd: UnsafeMutablePointer<Double>) {
        var i = 0
        while i &+ 4 <= n {
            let av = SIMD4<Double>(UnsafeRawPointer(a + i).loadUnaligned(as: SIMD4<Float>.self))
            let bv = SIMD4<Double>(UnsafeRawPointer(b + i).loadUnaligned(as: SIMD4<Float>.self))
            let sv = av + bv, dv = av - bv
            store(s + i, sv); store(d + i, dv); store(ss + i, sv * sv); store(dd + i, dv * dv)
            i &+= 4
        }
        while i < n {
            let av = Double(a[i]), bv = Double(b[i])
            let sv = av + bv, dv = av - bv
            s[i] = sv; d[i] = dv; ss[i] = sv * sv; dd[i] = dv * dv
            i &+= 1
        }
    }
}

extension Double: SSIMKernelInput {
    @inline(__always)
    static func sumsAndDifferences(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int,
                                   _ s: UnsafeMutablePointer<Double>, _ d: UnsafeMutablePointer<Double>,
                                   _ ss: UnsafeMutablePointer<Double>, _ dd: UnsafeMutablePointer<Double>) {
        var i = 0
        while i &+ 4 <= n {
            let av = load(a + i), bv = load(b + i)
            let sv = av + bv, dv = av - bv
            store(s + i, sv); store(d + i, dv); store(ss + i, sv * sv); store(dd + i, dv * dv)
            i &+= 4
        }
        while i < n {
            let sv = a[i] + b[i], dv = a[i] - b[i]
            s[i] = sv; d[i] = dv; ss[i] = sv * sv; dd[i] = dv * dv
            i &+= 1
        }
    }
}

@inline(__always) private func load(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
}
@inline(__always) private func load(_ p: UnsafeMutablePointer<Double>) -> SIMD4<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
}
@inline(__always) private func store(_ p: UnsafeMutablePointer<Double>, _ v: SIMD4<Double>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Double>.self)
}

/// The local statistics behind SSIM: separable filtering of two images with a symmetric
/// window, "valid" only (no output where the window leaves the image along a filtered axis),
/// and the mean of the SSIM map over the output, optionally inside a mask.
///
/// Instead of the five filtered maps of the usual formulation (x, y, x², y², xy) it filters
/// four: s = x + y, d = x - y, s² and d², from which
/// 2 mu_x mu_y = (mu_s² - mu_d²) / 2, mu_x² + mu_y² = (mu_s² + mu_d²) / 2,
/// 2 sigma_xy = (var_s - var_d) / 2 and sigma_x² + sigma_y² = (var_s + var_d) / 2, so
///
///     SSIM = (mu_s² - mu_d² + 2 C1) (n (var_s - var_d) + 2 C2)
///          / ((mu_s² + mu_d² + 2 C1) (n (var_s + var_d) + 2 C2))
///
/// with n the covariance normalisation (1, or N / (N - 1) for the sample covariance).
/// Everything after the Float inputs is Double: var = E[s²] - mu_s² cancels badly in Float.
///
/// The arithmetic is vectorised: the window taps (symmetric taps paired, unrolled for 11 and
/// 7) and the per-row SSIM evaluation are CKernels loops, compiled for AVX and for the
/// baseline and picked at run time (same bytes either way). The data stays in cache: the
/// image is processed in strips of rows; per slice, the strip's rows are x-filtered into a
/// circular buffer (rows shared with the next strip are kept, not filtered again), y-filtered
/// map by map, and, for volumes, z-filtered through a ring of `window + batch - 1` filtered
/// slices (about 2 MB), `batch` output slices at a time. Measured on one core of this
/// project's machine (Xeon, AVX variant): 256x256 about 0.48 ms, 128^3 about 24 ms (SSE2
/// Swift SIMD: 0.7 and 32 ms).
struct LocalSSIMKernel {
    let nx: Int
    let ny: Int
    let nz: Int
    /// Normalised, symmetric window of odd length.
    let window: [Double]
    /// Whether each axis is filtered (an unfiltered axis keeps its full extent).
    let filterX: Bool
    let filterY: Bool
    let filterZ: Bool
    let c1: Double
    let c2: Double
    let covarianceNorm: Double
    /// Caps the rows per strip (tests use it to exercise strips on small images).
    var maximumStripRows = Int.max

    var radius: Int { window.count / 2 }
    /// Offset of the first output voxel in input coordinates, per axis.
    var offset: (x: Int, y: Int, z: Int) { (filterX ? radius : 0, filterY ? radius : 0, filterZ ? radius : 0) }
    /// Output extent per axis (the region the SSIM mean is taken over).
    var outputShape: (x: Int, y: Int, z: Int) {
        (nx - 2 * offset.x, ny - 2 * offset.y, nz - 2 * offset.z)
    }

    /// Sums of the SSIM map (and of the contrast-structure map when `contrastStructure`)
    /// over the output region, counting only voxels whose input position is in `mask`.
    /// Preconditions: every filtered axis is at least as long as the window; `a`, `b` and
    /// `mask` hold nx * ny * nz values, x fastest.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func sums<T: SSIMKernelInput>(_ a: UnsafePointer<T>, _ b: UnsafePointer<T>, mask: UnsafePointer<Bool>?,
                                  contrastStructure: Bool) -> SSIMMapSums {
        let w = window.count
        let (rx, ry, rz) = offset
        let (ox, oy, oz) = outputShape
        let stride = (ox + 3) & ~3
        let wy = filterY ? w : 1
        let batch = Self.batch

        // Rows are processed in strips of `h` output rows. Per input slice, the input rows a
        // strip needs are x-filtered into a circular buffer of rows (the rows shared with the
        // next strip are kept: in the buffer itself without z filtering, in `carry` per slice
        // with it), then y-filtered map by map (so that the window's rows stay in
        // cache) into a slot of a ring of slices. Without filtering along z the slot is scored
        // at once; with it, every `batch` slices the z pass fills `zOut` for up to `batch`
        // output slices, which are then scored. (Measured and dropped: y-filtering before x,
        // which moves more data through L2; scoring inside the z pass without storing `zOut`,
        // whose 44 tap pointers spill: 20% slower.)
        let slices = filterZ ? batch + w - 1 : 1
        let perRow = 4 * stride * MemoryLayout<Double>.stride
        let h = min(maximumStripRows, filterZ ? min(oy, max(4, Self.ringBytes / (perRow * (slices + batch)))) : min(oy, Self.rowsPerStrip))
        let xCapacity = h + wy - 1
        let rowLength = ((stride + 2 * rx + 3) & ~3) + 4  // zero-padded past the image
        let scratch = Scratch(window: window, rowLength: rowLength, pointers: max(xCapacity, batch + w))
        let xRows = UnsafeMutablePointer<Double>.allocate(capacity: 4 * xCapacity * stride)
        xRows.initialize(repeating: 0, count: 4 * xCapacity * stride)
        let slab = 4 * h * stride
        let ring = UnsafeMutablePointer<Double>.allocate(capacity: slices * slab)
        ring.initialize(repeating: 0, count: slices * slab)
        let zOut = UnsafeMutablePointer<Double>.allocate(capacity: filterZ ? batch * slab : 1)
        zOut.initialize(repeating: 0, count: filterZ ? batch * slab : 1)
        defer { scratch.deallocate(); xRows.deallocate(); ring.deallocate(); zOut.deallocate() }
        var sums = SSIMMapSums()
        let context = RowContext(c1x2: 2 * c1, c2x2: 2 * c2, norm: covarianceNorm, ox: ox, stride: stride,
                                 contrastStructure: contrastStructure)

        /// x and y passes of output rows j0 ..< j0 + rows of slice k into `slot` (map m, row p at
        /// (m * h + p) * stride); input rows before `firstNew` are already in the circular buffer.
        func xyPass(slice k: Int, j0: Int, rows: Int, firstNew: Int, into slot: UnsafeMutablePointer<Double>) {
            for j in max(j0, firstNew)..<(j0 + rows + wy - 1) {
                let src = (k * ny + j) * nx
                T.sumsAndDifferences(a + src, b + src, nx, scratch.row(0), scratch.row(1), scratch.row(2), scratch.row(3))
                for m in 0..<4 {
                    let out = xRows + (m * xCapacity + j % xCapacity) * stride
                    if filterX {
                        for t in 0..<w { scratch.inputs[t] = UnsafePointer(scratch.row(m) + t) }
                        medsynth_symmetric_taps_f64(out, scratch.inputs, scratch.weights, w, 0, stride)
                    } else {
                        out.update(from: scratch.row(m), count: stride)
                    }
                }
            }
            for m in 0..<4 {
                let base = xRows + m * xCapacity * stride
                for q in 0..<(rows + wy - 1) { scratch.inputs[q] = UnsafePointer(base + ((j0 + q) % xCapacity) * stride) }
                for p in 0..<rows { scratch.outputs[p] = slot + (m * h + p) * stride }
                if filterY {
                    filterAcross(rows, length: stride, scratch: scratch)
                } else {
                    for p in 0..<rows { scratch.outputs[p].update(from: scratch.inputs[p]!, count: stride) }
                }
            }
        }

        /// Adds the SSIM of rows j0 ..< j0 + rows of output slice kk (maps laid out as a slot).
        func score(_ maps: UnsafePointer<Double>, slice kk: Int, j0: Int, rows: Int) {
            for p in 0..<rows {
                let maskRow = mask.map { $0 + ((kk + rz) * ny + j0 + p + ry) * nx + rx }
                context.accumulate(maps + p * stride, maps + (h + p) * stride, maps + (2 * h + p) * stride,
                                   maps + (3 * h + p) * stride, maskRow, into: &sums)
            }
        }

        if !filterZ {
            for k in 0..<nz {
                var j0 = 0, computed = 0
                while j0 < oy {
                    let rows = min(h, oy - j0)
                    xyPass(slice: k, j0: j0, rows: rows, firstNew: computed, into: ring)
                    computed = j0 + rows + wy - 1
                    score(UnsafePointer(ring), slice: k, j0: j0, rows: rows)
                    j0 += rows
                }
            }
            return sums
        }

        // The last 2 ry x-filtered rows of each slice's strip are the first rows of the next
        // strip: kept per slice instead of being filtered again.
        let overlap = 2 * ry
        let strips = (oy + h - 1) / h
        let carried = strips > 1 && overlap > 0 ? nz * 4 * overlap * stride : 0
        let carry = UnsafeMutablePointer<Double>.allocate(capacity: max(1, carried))
        defer { carry.deallocate() }
        var j0 = 0
        while j0 < oy {
            let rows = min(h, oy - j0)
            var next = 0  // next output slice of this strip
            for k in 0..<nz {
                let kept = carry + k * 4 * overlap * stride
                if j0 > 0 && carried > 0 {
                    for m in 0..<4 {
                        for q in 0..<overlap {
                            (xRows + (m * xCapacity + (j0 + q) % xCapacity) * stride).update(from: kept + (m * overlap + q) * stride, count: stride)
                        }
                    }
                }
                xyPass(slice: k, j0: j0, rows: rows, firstNew: j0 > 0 && carried > 0 ? j0 + overlap : 0,
                       into: ring + (k % slices) * slab)
                if j0 + rows < oy && carried > 0 {
                    for m in 0..<4 {
                        for q in 0..<overlap {
                            (kept + (m * overlap + q) * stride).update(from: xRows + (m * xCapacity + (j0 + rows + q) % xCapacity) * stride, count: stride)
                        }
                    }
                }
                let ready = k - w + 2  // output slices 0 ..< ready have all their input slices
                if ready - next < batch && k < nz - 1 { continue }
                while next < min(ready, oz) {
                    let count = min(batch, ready - next)
                    for t in 0..<(count + w - 1) { scratch.inputs[t] = UnsafePointer(ring + ((next + t) % slices) * slab) }
                    for r in 0..<count { scratch.outputs[r] = zOut + r * slab }
                    filterAcross(count, length: slab, scratch: scratch)
                    for r in 0..<count { score(UnsafePointer(zOut + r * slab), slice: next + r, j0: j0, rows: rows) }
                    next += count
                }
            }
            j0 += rows
        }
        return sums
    }

    // Sizes measured on 256^2 and 128^3 (Sapphire Rapids, 48 KB L1d, 2 MB L2 per core).
    /// Output slices filtered together along z: the window's input slices are then read
    /// from cache once for several outputs.
    static let batch = 4
    /// Output rows per strip without filtering along z.
    static let rowsPerStrip = 16
    /// Target size of the ring of filtered slices and the z outputs (bytes).
    static let ringBytes = 1 << 21

    /// Filtering across rows: output r = sum_t w[t] * input (r + t), for r in 0..<count, over
    /// `length` values (a multiple of 4), with the inputs in `scratch.inputs` and outputs in
    /// `scratch.outputs`. Chunked along the row so that a window of input chunks stays in L1.
    @inline(__always)
    private func filterAcross(_ count: Int, length: Int, scratch: Scratch) {
        let chunk = 128
        var c = 0
        while c < length {
            let end = min(length, c + chunk)
            for r in 0..<count {
                medsynth_symmetric_taps_f64(scratch.outputs[r], scratch.inputs + r, scratch.weights, window.count, c, end)
            }
            c = end
        }
    }

    /// Scratch memory of one call.
    private struct Scratch {
        let weights: UnsafeMutablePointer<Double>
        /// Row pointers of a filtering step (inputs) and its outputs.
        let inputs: UnsafeMutablePointer<UnsafePointer<Double>?>
        let outputs: UnsafeMutablePointer<UnsafeMutablePointer<Double>>
        /// Four input rows (s, d, s², d²), zero-padded past the image.
        let rows: UnsafeMutablePointer<Double>
        let rowLength: Int

        init(window: [Double], rowLength: Int, pointers count: Int) {
            weights = .allocate(capacity: window.count)
            for t in window.indices { weights[t] = window[t] }
            inputs = .allocate(capacity: count)
            outputs = .allocate(capacity: count)
            self.rowLength = rowLength
            rows = .allocate(capacity: 4 * rowLength)
            rows.initialize(repeating: 0, count: 4 * rowLength)
        }

        @inline(__always) func row(_ m: Int) -> UnsafeMutablePointer<Double> { rows + m * rowLength }

        func deallocate() {
            weights.deallocate()
            inputs.deallocate()
            outputs.deallocate()
            rows.deallocate()
        }
    }

    /// Constants of the per-row SSIM evaluation.
    private struct RowContext {
        let c1x2: Double
        let c2x2: Double
        let norm: Double
        let ox: Int
        let stride: Int
        let contrastStructure: Bool

        /// Adds the SSIM (and contrast-structure) values of one output row, from the filtered
        /// maps mu_s, mu_d, E[s²], E[d²], to `sums`.
        @inline(__always)
        func accumulate(_ ms: UnsafePointer<Double>, _ md: UnsafePointer<Double>, _ es: UnsafePointer<Double>,
                        _ ed: UnsafePointer<Double>, _ maskRow: UnsafePointer<Bool>?, into sums: inout SSIMMapSums) {
            var rowSums: (Double, Double) = (0, 0)
            var count = 0
            withUnsafeMutablePointer(to: &rowSums) {
                $0.withMemoryRebound(to: Double.self, capacity: 2) { pair in
                    medsynth_ssim_row_f64(ms, md, es, ed, maskRow, ox, c1x2, c2x2, norm, contrastStructure ? 1 : 0, pair, &count)
                }
            }
            sums.ssim += rowSums.0
            sums.contrastStructure += rowSums.1
            sums.count += count
        }
    }
}
