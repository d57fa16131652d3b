import Foundation
import Imaging

/// The cubic B-spline prefilter: turns voxel values into spline coefficients so that the
/// spline through them interpolates the voxels (Unser's recursive filter, pole sqrt(3) - 2,
/// gain 6), along each axis in turn, with mirror boundaries (as
/// scipy.ndimage.spline_filter with mode 'mirror' and ITK's B-spline interpolator).
///
/// Two passes over memory: per slice (in parallel) x then y, cache-resident; then z in
/// place, vectorized along rows.
enum BSplinePrefilter {
    static let pole = 3.0.squareRoot() - 2
    static let gain = Float((1 - pole) * (1 - 1 / pole))
    /// Terms of the truncated causal initial sum: pole^horizon < 1e-10.
    static let horizon = Int((log(1e-10) / log(abs(pole))).rounded(.up))

    /// Prefilters one float32 3D frame in place.
    static func apply(_ base: UnsafeMutablePointer<Float>, shape: (Int, Int, Int)) {
        apply(from: UnsafePointer(base), to: base, shape: shape)
    }

    /// Writes the coefficients of the frame at `source` to `target` (which may equal it).
    static func apply(from source: UnsafePointer<Float>, to target: UnsafeMutablePointer<Float>, shape: (Int, Int, Int)) {
        let (nx, ny, nz) = shape
        let plane = nx * ny
        let src = UnsafeShared(source), dst = UnsafeShared(target)
        DispatchQueue.concurrentPerform(iterations: nz) { k in
            let s = src.value + k * plane, d = dst.value + k * plane
            if nx > 1 {
                for j in stride(from: 0, to: ny, by: 8) { filterRows(s + j * nx, d + j * nx, nx, rows: min(8, ny - j), stride: nx) }
            } else if s != UnsafePointer(d) {
                d.update(from: s, count: plane)
            }
            if ny > 1 { filterStrided(d, count: ny, step: nx, width: nx) }
        }
        guard nz > 1 else { return }
        // z: lines of `block` neighbouring voxels at a time, one slice apart.
        let block = 256
        let blocks = (plane + block - 1) / block
        DispatchQueue.concurrentPerform(iterations: blocks) { b in
            let start = b * block
            filterStrided(dst.value + start, count: nz, step: plane, width: min(block, plane - start))
        }
    }

    /// Up to 8 lines of `n` (>= 2) contiguous values, `stride` apart, from `s` into `d`;
    /// the recursions of the lines run side by side (independent dependency chains).
    static func filterRows(_ s: UnsafePointer<Float>, _ d: UnsafeMutablePointer<Float>, _ n: Int, rows: Int, stride: Int) {
        let z = pole, zf = Float(pole)
        var previous = SIMD8<Float>(repeating: 0)
        for r in 0..<rows {
            let line = s + r * stride
            var c0 = 0.0
            if horizon < n {
                var zk = 1.0
                for k in 0..<horizon { c0 += zk * Double(line[k]); zk *= z }
            } else {
                // Exact: (sum over k of (z^k + z^(2n-2-k)) s[k]) / (1 - z^(2n-2)).
                let zn1 = pow(z, Double(n - 1))
                c0 = Double(line[0]) + zn1 * Double(line[n - 1])
                var zk = z, z2 = zn1 * zn1 / z
                for k in 1..<(n - 1) { c0 += (zk + z2) * Double(line[k]); zk *= z; z2 /= z }
                c0 /= 1 - zn1 * zn1
            }
            previous[r] = gain * Float(c0)
            d[r * stride] = previous[r]
        }
        for k in 1..<n {
            var v = SIMD8<Float>(repeating: 0)
            for r in 0..<rows { v[r] = s[r * stride + k] }
            previous = gain * v + zf * previous
            for r in 0..<rows { d[r * stride + k] = previous[r] }
        }
        // Anticausal pass, in place.
        let c = Float(z / (z * z - 1))
        var next = SIMD8<Float>(repeating: 0)
        for r in 0..<rows {
            next[r] = c * (d[r * stride + n - 1] + zf * d[r * stride + n - 2])
            d[r * stride + n - 1] = next[r]
        }
        var k = n - 2
        while k >= 0 {
            var v = SIMD8<Float>(repeating: 0)
            for r in 0..<rows { v[r] = d[r * stride + k] }
            next = zf * (next - v)
            for r in 0..<rows { d[r * stride + k] = next[r] }
            k -= 1
        }
    }

    /// In place, `width` neighbouring lines of `count` (>= 2) values `step` apart,
    /// vectorized across the lines.
    static func filterStrided(_ p: UnsafeMutablePointer<Float>, count n: Int, step: Int, width: Int) {
        let z = pole, zf = Float(pole)
        let initial = UnsafeMutablePointer<Double>.allocate(capacity: width)
        defer { initial.deallocate() }
        initial.initialize(repeating: 0, count: width)
        if horizon < n {
            var zk = 1.0
            for k in 0..<horizon {
                let line = p + k * step
                for i in 0..<width { initial[i] += zk * Double(line[i]) }
                zk *= z
            }
        } else {
            let zn1 = pow(z, Double(n - 1))
            let first = p, last = p + (n - 1) * step
            for i in 0..<width { initial[i] = Double(first[i]) + zn1 * Double(last[i]) }
            var zk = z, z2 = zn1 * zn1 / z
            for k in 1..<(n - 1) {
                let line = p + k * step
                for i in 0..<width { initial[i] += (zk + z2) * Double(line[i]) }
                zk *= z
                z2 /= z
            }
            let denominator = 1 - zn1 * zn1
            for i in 0..<width { initial[i] /= denominator }
        }
        for i in 0..<width { p[i] = gain * Float(initial[i]) }
        for k in 1..<n {
            let line = p + k * step, previous = p + (k - 1) * step
            for i in 0..<width { line[i] = gain * line[i] + zf * previous[i] }
        }
        let c = Float(z / (z * z - 1))
        let last = p + (n - 1) * step, before = p + (n - 2) * step
        for i in 0..<width { last[i] = c * (last[i] + zf * before[i]) }
        var k = n - 2
        while k >= 0 {
            let line = p + k * step, next = p + (k + 1) * step
            for i in 0..<width { line[i] = zf * (next[i] - line[i]) }
            k -= 1
        }
    }
}
