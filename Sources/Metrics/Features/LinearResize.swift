/// Linear resizing of a float32 grid (x fastest), one axis after another, with half-pixel
/// centres and edge clamping: the source coordinate of output sample `o` along an axis of
/// `n` inputs and `m` outputs is `max(0, (o + 0.5) * n / m - 0.5)`, as
/// `torch.nn.functional.interpolate(mode='bilinear'/'trilinear', align_corners=False,
/// antialias=False)`. No antialiasing: downsizing by large factors skips samples.
enum LinearResize {
    /// `values` of `shape` (x, y, z) resized to `target` (x, y, z).
    static func resize(_ values: [Float], shape: [Int], to target: [Int]) -> [Float] {
        var current = values
        var currentShape = shape
        for axis in 0..<3 where currentShape[axis] != target[axis] {
            current = resizeAxis(current, shape: currentShape, axis: axis, length: target[axis])
            currentShape[axis] = target[axis]
        }
        return current
    }

    private static func resizeAxis(_ values: [Float], shape: [Int], axis: Int, length m: Int) -> [Float] {
        let n = shape[axis]
        let inner = shape[0..<axis].reduce(1, *)          // stride of the axis
        let outer = shape[(axis + 1)...].reduce(1, *)
        var lower = [Int](repeating: 0, count: m), upper = lower
        var weight = [Double](repeating: 0, count: m)
        let scale = Double(n) / Double(m)
        for o in 0..<m {
            let source = max(0, (Double(o) + 0.5) * scale - 0.5)
            let i0 = min(Int(source), n - 1)
            lower[o] = i0
            upper[o] = min(i0 + 1, n - 1)
            weight[o] = source - Double(i0)
        }
        var out = [Float](repeating: 0, count: inner * m * outer)
        values.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for k in 0..<outer {
                    let inBase = k * n * inner, outBase = k * m * inner
                    for o in 0..<m {
                        let a = inBase + lower[o] * inner, b = inBase + upper[o] * inner, w = weight[o]
                        let d = outBase + o * inner
                        for i in 0..<inner {
                            dst[d + i] = Float(Double(src[a + i]) * (1 - w) + Double(src[b + i]) * w)
                        }
                    }
                }
            }
        }
        return out
    }
}
