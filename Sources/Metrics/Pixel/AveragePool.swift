/// 2x2 (2x2x2) average pooling as PyTorch's `avg_pool2d/3d(kernel_size=2, padding=n % 2)`
/// with its default `count_include_pad=True`: an odd side is padded with one zero on each
/// end and output o averages inputs 2o - p and 2o - p + 1 (p = n % 2) with the zero padding
/// counted, so the first and last outputs of an odd side average half a block of real
/// samples and half of zeros. Output side (n + p) / 2. pytorch-msssim downsamples this way.
struct AveragePool {
    let nx: Int
    let ny: Int
    let nz: Int
    /// Whether z is pooled (volumes) or kept (images, nz == 1).
    let poolZ: Bool

    var outputShape: (x: Int, y: Int, z: Int) {
        ((nx + nx % 2) / 2, (ny + ny % 2) / 2, poolZ ? (nz + nz % 2) / 2 : nz)
    }

    /// Pools `input` (nx * ny * nz values, x fastest).
    func callAsFunction<T: BinaryFloatingPoint>(_ input: [T]) -> [Double] {
        let (ox, oy, oz) = outputShape
        let xs = Self.blocks(nx, ox), ys = Self.blocks(ny, oy)
        let zs = poolZ ? Self.blocks(nz, oz) : (0..<nz).map { $0..<($0 + 1) }
        let divisor = poolZ ? 8.0 : 4.0
        var out = [Double](repeating: 0, count: ox * oy * oz)
        input.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                var o = 0
                for k in 0..<oz {
                    for j in 0..<oy {
                        for i in 0..<ox {
                            var sum = 0.0
                            for z in zs[k] {
                                for y in ys[j] {
                                    let row = (z * ny + y) * nx
                                    for x in xs[i] { sum += Double(src[row + x]) }
                                }
                            }
                            dst[o] = sum / divisor
                            o += 1
                        }
                    }
                }
            }
        }
        return out
    }

    /// The input indices (inside the image) averaged by each output along one axis.
    private static func blocks(_ n: Int, _ outputs: Int) -> [Range<Int>] {
        let p = n % 2
        return (0..<outputs).map { o in max(0, 2 * o - p)..<min(n, 2 * o - p + 2) }
    }

    /// Pools a mask: an output voxel is inside when at least half of its block (padding
    /// counted as outside) is inside.
    func pool(mask: [Bool]) -> [Bool] {
        let fractions = self(mask.map { $0 ? 1.0 : 0.0 })
        return fractions.map { $0 >= 0.5 }
    }
}
