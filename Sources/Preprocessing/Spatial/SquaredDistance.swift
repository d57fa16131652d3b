import Imaging

/// Exact squared Euclidean distance (in voxels) from every voxel to the nearest voxel of
/// a mask holding `value`, by Felzenszwalb and Huttenlocher's lower envelope of parabolas
/// along x, y and z. Distances above `cap` are reported as at least `cap` (enough to
/// compare with a radius² below it, and it keeps every number an exact small integer in
/// Float).
enum SquaredDistance {
    static func toNearest(_ m: MaskGrid, value: UInt8, cap: Int) -> [Float] {
        let c = Float(cap)
        var d = m.bits.map { $0 == value ? Float(0) : c }
        d.withUnsafeMutableBufferPointer { b in
            guard let base = b.baseAddress else { return }
            for axis in 0..<3 {
                MaskGrid.forEachLine(base, shape: m.shape, axis: axis, zero: Float(0)) { line, n in
                    envelope(line, n, cap: c)
                }
            }
        }
        return d
    }

    /// In place: line[q] = min over p of (q - p)² + line[p], capped at `cap`.
    static func envelope(_ f: UnsafeMutablePointer<Float>, _ n: Int, cap: Float) {
        guard n > 1 else { return }
        var v = [Int](repeating: 0, count: n)          // parabola apexes of the envelope
        var z = [Double](repeating: 0, count: n + 1)   // boundaries between them
        func intersection(_ q: Int, _ p: Int) -> Double {
            ((Double(f[q]) + Double(q * q)) - (Double(f[p]) + Double(p * p))) / Double(2 * (q - p))
        }
        var k = 0
        z[0] = -.infinity; z[1] = .infinity
        for q in 1..<n {
            // Every value is finite, so s > z[0] = -inf ends the loop at k = 0 at worst.
            var s = intersection(q, v[k])
            while s <= z[k] {
                k -= 1
                s = intersection(q, v[k])
            }
            k += 1
            v[k] = q
            z[k] = s
            z[k + 1] = .infinity
        }
        var out = [Float](repeating: 0, count: n)
        k = 0
        for q in 0..<n {
            while z[k + 1] < Double(q) { k += 1 }
            let p = v[k]
            out[q] = min(cap, Float((q - p) * (q - p)) + f[p])
        }
        for q in 0..<n { f[q] = out[q] }
    }
}
