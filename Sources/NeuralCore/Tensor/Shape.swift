/// Shape arithmetic: element counts, row-major strides, broadcasting.
public enum Shape {
    /// Largest element count a tensor may have (2^40): beyond it a shape from a file or a
    /// configuration is treated as hostile rather than allocated.
    public static let maximumCount = 1 << 40

    public static func count(_ shape: [Int]) -> Int { shape.reduce(1, *) }

    /// The element count, refusing negative extents and counts past `maximumCount`.
    static func validatedCount(_ shape: [Int], op: String) throws -> Int {
        var count = 1
        for d in shape {
            guard d >= 0 else { throw TensorError.invalidArgument(op: op, reason: "negative extent in shape \(shape)") }
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, product <= maximumCount else {
                throw TensorError.invalidArgument(op: op, reason: "shape \(shape) has more than 2^40 elements")
            }
            count = product
        }
        return count
    }

    public static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var s = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[i] = s
            s *= shape[i]
        }
        return strides
    }

    /// The broadcast shape of `a` and `b` (NumPy rules: align trailing axes; extents equal or 1).
    static func broadcast(_ a: [Int], _ b: [Int], op: String) throws -> [Int] {
        let rank = max(a.count, b.count)
        var out = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            guard da == db || da == 1 || db == 1 else {
                throw TensorError.shapeMismatch(op: op, shapes: [a, b], reason: "axis \(i) of the broadcast has extents \(da) and \(db)")
            }
            out[i] = da == 1 ? db : da
        }
        return out
    }

    /// Strides that read a tensor of `shape` as if it had `target` (a broadcast of it): 0 on
    /// broadcast axes.
    static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let own = strides(shape)
        let lead = target.count - shape.count
        return (0..<target.count).map { i in
            i < lead ? 0 : (shape[i - lead] == 1 && target[i] != 1 ? 0 : own[i - lead])
        }
    }

    /// Normalises an axis that may count from the end (-1 is the last).
    static func axis(_ axis: Int, rank: Int, op: String) throws -> Int {
        let a = axis < 0 ? axis + rank : axis
        guard a >= 0, a < rank else {
            throw TensorError.invalidArgument(op: op, reason: "axis \(axis) out of range for rank \(rank)")
        }
        return a
    }
}
