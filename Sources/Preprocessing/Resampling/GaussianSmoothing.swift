import Foundation
import Imaging

/// Separable Gaussian filtering of float32 volumes, defined as
/// `scipy.ndimage.gaussian_filter(mode='reflect', truncate=truncate)`: per axis a kernel
/// of radius `Int(truncate * sigma + 0.5)` with weights `exp(-x^2 / (2 sigma^2))`
/// normalized to sum 1, the input extended by reflection about the outer voxel faces
/// (d c b a | a b c d | d c b a).
public enum GaussianSmoothing {
    /// In-place Gaussian filter of a float32 volume (each 3D frame), sigma in voxels per axis
    /// (0 = skip axis), equal to scipy.ndimage.gaussian_filter(mode='reflect', truncate=4.0).
    /// Volumes of another voxel type are converted to float32 first.
    public static func smooth(_ volume: inout Volume, sigma: [Double], truncate: Double = 4) {
        if volume.voxelType != .float32 || volume.scale != nil {
            guard let f = volume.float32() else { return }
            volume = f
        }
        let shape = (volume.shape[0], volume.shape[1], volume.shape[2])
        let block = shape.0 * shape.1 * shape.2
        let frames = volume.frames
        volume.withMutableFloat32Buffer { buffer in
            guard let base = buffer.baseAddress else { return }
            for axis in 0..<min(3, sigma.count) {
                let s = sigma[axis]
                guard s > 0, s.isFinite else { continue }
                let weights = kernel(sigma: s, truncate: truncate)
                for t in 0..<frames {
                    filter(base + t * block, shape: shape, axis: axis, weights: weights)
                }
            }
        }
    }

    /// The normalized kernel, from -radius to radius.
    static func kernel(sigma: Double, truncate: Double) -> [Float] {
        let radius = Int(truncate * sigma + 0.5)
        var w = (-radius...radius).map { x in exp(-0.5 * Double(x * x) / (sigma * sigma)) }
        let total = w.reduce(0, +)
        for i in w.indices { w[i] /= total }
        return w.map { Float($0) }
    }

    /// Index `i` reflected about the outer faces (period 2n).
    @inline(__always)
    static func reflect(_ i: Int, _ n: Int) -> Int {
        if i >= 0 && i < n { return i }
        var r = i % (2 * n)
        if r < 0 { r += 2 * n }
        return r >= n ? 2 * n - 1 - r : r
    }

    static func filter(_ base: UnsafeMutablePointer<Float>, shape: (Int, Int, Int), axis: Int, weights: [Float]) {
        let radius = weights.count / 2
        weights.withUnsafeBufferPointer { wb in
            let w = UnsafeShared(wb)
            if axis == 0 {
                // Rows are contiguous: each through a reflected, padded copy, per slice in parallel.
                let (nx, ny, nz) = shape
                let p = UnsafeShared(base)
                DispatchQueue.concurrentPerform(iterations: nz) { k in
                    let w = w.value
                    let padded = UnsafeMutablePointer<Float>.allocate(capacity: nx + 2 * radius)
                    defer { padded.deallocate() }
                    for j in 0..<ny {
                        let row = p.value + (k * ny + j) * nx
                        for e in 0..<(nx + 2 * radius) { padded[e] = row[reflect(e - radius, nx)] }
                        for i in 0..<nx { row[i] = w[0] * padded[i] }
                        for t in 1..<max(w.count, 1) where t < w.count {
                            let wt = w[t], shifted = padded + t
                            for i in 0..<nx { row[i] += wt * shifted[i] }
                        }
                    }
                }
                return
            }
            AxisLines.filter(base, shape: shape, axis: axis) { src, dst, n in
                let L = AxisLines.lanes
                let w = w.value
                for e in 0..<n {
                    let d = dst + e * L
                    for l in 0..<L { d[l] = 0 }
                    for t in 0..<w.count {
                        let s = src + reflect(e + t - radius, n) * L
                        let wt = w[t]
                        for l in 0..<L { d[l] += wt * s[l] }
                    }
                }
            }
        }
    }
}
