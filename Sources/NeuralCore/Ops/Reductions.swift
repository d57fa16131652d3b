// Sums and means over axes (accumulated in Double), their inverse broadcasting, and
// `expanded(to:)`, the broadcast made explicit.

extension Tensor {
    /// The sum of all values (shape []).
    public func sum() throws -> Tensor { try sum(axes: Array(0..<rank), keepingDims: false) }

    /// The mean of all values (shape []).
    public func mean() throws -> Tensor { try sum() / Double(Swift.max(1, count)) }

    /// The mean over `axes`.
    public func mean(axes: [Int], keepingDims: Bool = false) throws -> Tensor {
        let normalized = try Set(axes.map { try Shape.axis($0, rank: rank, op: "mean") })
        let n = normalized.reduce(1) { $0 * shape[$1] }
        return try sum(axes: axes, keepingDims: keepingDims) / Double(Swift.max(1, n))
    }

    /// Sums over `axes` (negative axes count from the end).
    public func sum(axes: [Int], keepingDims: Bool = false) throws -> Tensor {
        let reduced = try Set(axes.map { try Shape.axis($0, rank: rank, op: "sum") })
        let kept = shape.enumerated().map { reduced.contains($0.offset) ? 1 : $0.element }
        let outShape = keepingDims ? kept : shape.enumerated().filter { !reduced.contains($0.offset) }.map(\.element)
        let out = try reduceSum(keptShape: kept).reshapedStorage(outShape)
        let inShape = shape
        return try Self.record("sum", out, inputs: [self]) { g, _ in
            [try g.reshaped(kept).expanded(to: inShape)]
        }
    }

    /// This gradient summed over the axes along which a tensor of `target` was broadcast to
    /// this tensor's shape.
    func summed(toShape target: [Int]) throws -> Tensor {
        if target == shape { return self }
        let lead = rank - target.count
        guard lead >= 0 else {
            throw TensorError.shapeMismatch(op: "sum to shape", shapes: [shape, target], reason: "the target has more axes")
        }
        var axes = Array(0..<lead)
        for (i, d) in target.enumerated() where d == 1 && shape[lead + i] != 1 { axes.append(lead + i) }
        return try sum(axes: axes, keepingDims: true).reshaped(target)
    }

    /// The values broadcast to `target` (NumPy rules), materialised.
    public func expanded(to target: [Int]) throws -> Tensor {
        if target == shape { return self }
        guard try Shape.broadcast(shape, target, op: "expand") == target else {
            throw TensorError.shapeMismatch(op: "expand", shapes: [shape, target], reason: "cannot broadcast to the target")
        }
        let out = emptyLike(shape: target)
        func run<T: TensorScalar>(_: T.Type) {
            Self.stridedCopy(from: pointer(T.self), readStrides: Shape.broadcastStrides(shape, to: target), shape: target, to: out.pointer(T.self))
        }
        dtype == .float32 ? run(Float.self) : run(Double.self)
        let source = shape
        return try Self.record("expand", out, inputs: [self]) { g, _ in [try g.summed(toShape: source)] }
    }

    /// Sums over the axes where `kept` is 1 and the shape is not; returns a tensor of `kept`.
    private func reduceSum(keptShape kept: [Int]) throws -> Tensor {
        let out = emptyLike(shape: kept)
        let total = count, outCount = out.count
        if outCount == total {
            return copy().reshapedStorage(kept)
        }
        let outStrides = Shape.broadcastStrides(kept, to: shape)
        func run<T: TensorScalar>(_: T.Type) {
            let x = pointer(T.self), y = out.pointer(T.self)
            var acc = [Double](repeating: 0, count: outCount)
            // Odometer over the input; the innermost axis runs in a tight loop.
            let r = rank
            let inner = r == 0 ? 1 : shape[r - 1]
            let innerStride = r == 0 ? 0 : outStrides[r - 1]
            var index = [Int](repeating: 0, count: Swift.max(0, r - 1))
            var position = 0
            var base = 0
            acc.withUnsafeMutableBufferPointer { acc in
                while position < total {
                    if innerStride == 0 {
                        var s = 0.0
                        for i in 0..<inner { s += x[position + i].doubleValue }
                        acc[base] += s
                    } else {
                        for i in 0..<inner { acc[base + i] += x[position + i].doubleValue }
                    }
                    position += inner
                    // Advance the outer axes.
                    var axis = r - 2
                    while axis >= 0 {
                        index[axis] += 1
                        base += outStrides[axis]
                        if index[axis] < shape[axis] { break }
                        base -= outStrides[axis] * shape[axis]
                        index[axis] = 0
                        axis -= 1
                    }
                }
                for i in 0..<outCount { y[i] = T(acc[i]) }
            }
        }
        if total > 0 { dtype == .float32 ? run(Float.self) : run(Double.self) }
        return out
    }
}
