import Foundation
import Imaging

/// The path for any mapping (oblique grids): every output voxel is mapped to a
/// continuous input index and sampled there (trilinear or tricubic B-spline), in
/// parallel over output slices.
enum GenericResampling {
    /// Resamples one frame: `input` of shape `n` (B-spline coefficients for bspline)
    /// into `output` of shape `m`.
    static func run(_ input: UnsafePointer<Float>, n: (Int, Int, Int), _ output: UnsafeMutablePointer<Float>, m: (Int, Int, Int),
                    mapping: VoxelMapping, interpolation: Interpolation, fill: Float) {
        let (nx, ny, nz) = n
        let (mx, my, mz) = m
        let src = UnsafeShared(input), dst = UnsafeShared(output)
        DispatchQueue.concurrentPerform(iterations: mz) { k in
            let input = src.value, output = dst.value
            var o = k * mx * my
            for j in 0..<my {
                // Start of the row, then one step of the x column per voxel.
                var (x, y, z) = mapping.apply(0, Double(j), Double(k))
                let dx = mapping[0, 0], dy = mapping[1, 0], dz = mapping[2, 0]
                for i in 0..<mx {
                    if i > 0 {
                        // Recomputed every 64 voxels to keep rounding from accumulating.
                        if i & 63 == 0 { (x, y, z) = mapping.apply(Double(i), Double(j), Double(k)) } else { x += dx; y += dy; z += dz }
                    }
                    output[o] = FrameSampler.sample(input, nx, ny, nz, x, y, z, interpolation, fill: fill)
                    o += 1
                }
            }
        }
    }
}
