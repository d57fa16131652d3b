import Foundation
import Imaging

/// Nearest-neighbour resampling by copying stored voxels (any scalar voxel type, values
/// never blended): label maps, and intensity images with `.nearest`.
enum NearestCopy {
    /// Copies one frame of `T` voxels; output voxels outside the input get `fill`.
    static func run<T>(_ input: UnsafePointer<T>, n: (Int, Int, Int), _ output: UnsafeMutablePointer<T>, m: (Int, Int, Int),
                       mapping: VoxelMapping, fill: T) {
        let (nx, ny, nz) = n
        let (mx, my, mz) = m
        let src = UnsafeShared(input), dst = UnsafeShared(output), fillValue = UnsafeShared(fill)
        if mapping.isAxisAligned {
            // Per-axis source offsets, -1 outside.
            func table(_ axis: Int, _ count: Int, _ extent: Int, _ stride: Int) -> [Int] {
                (0..<count).map { o in
                    let x = mapping[axis, axis] * Double(o) + mapping[axis, 3]
                    return FrameSampler.inside(x, extent) ? FrameSampler.nearest(x, extent) * stride : -1
                }
            }
            let xs = table(0, mx, nx, 1), ys = table(1, my, ny, nx), zs = table(2, mz, nz, nx * ny)
            DispatchQueue.concurrentPerform(iterations: mz) { k in
                let input = src.value, output = dst.value, fill = fillValue.value
                let out = output + k * mx * my
                for j in 0..<my {
                    let row = out + j * mx
                    guard zs[k] >= 0, ys[j] >= 0 else { row.update(repeating: fill, count: mx); continue }
                    let line = input + zs[k] + ys[j]
                    for i in 0..<mx { row[i] = xs[i] >= 0 ? line[xs[i]] : fill }
                }
            }
        } else {
            DispatchQueue.concurrentPerform(iterations: mz) { k in
                let input = src.value, output = dst.value, fill = fillValue.value
                let out = output + k * mx * my
                for j in 0..<my {
                    for i in 0..<mx {
                        let (x, y, z) = mapping.apply(Double(i), Double(j), Double(k))
                        if FrameSampler.inside(x, nx), FrameSampler.inside(y, ny), FrameSampler.inside(z, nz) {
                            out[j * mx + i] = input[FrameSampler.nearest(x, nx) + FrameSampler.nearest(y, ny) * nx + FrameSampler.nearest(z, nz) * nx * ny]
                        } else {
                            out[j * mx + i] = fill
                        }
                    }
                }
            }
        }
    }
}
