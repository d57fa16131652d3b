/// A scalar function applied element by element, generic over the scalar type so that one
/// definition serves Float32 and Float64 kernels.
protocol UnaryFunction {
    func callAsFunction<T: TensorScalar>(_ x: T) -> T
}

/// A scalar function of two values.
protocol BinaryFunction {
    func callAsFunction<T: TensorScalar>(_ a: T, _ b: T) -> T
}

extension Tensor {
    /// f applied to every value.
    func mapped<F: UnaryFunction>(_ f: F) -> Tensor {
        let out = uninitializedLike()
        func run<T: TensorScalar>(_: T.Type) {
            let x = UncheckedSendable(pointer(T.self)), y = UncheckedSendable(out.pointer(T.self))
            Parallel.forEachChunk(count) { range in
                for i in range { y.value[i] = f(x.value[i]) }
            }
        }
        dtype == .float32 ? run(Float.self) : run(Double.self)
        return out
    }

    /// f(self, other) element by element, broadcasting both to their common shape. Checks
    /// types; the caller names the op for errors.
    func zipped<F: BinaryFunction>(_ other: Tensor, op: String, _ f: F) throws -> Tensor {
        guard dtype == other.dtype else { throw TensorError.dtypeMismatch(op: op, dtypes: [dtype, other.dtype]) }
        if shape == other.shape {
            let out = uninitializedLike()
            func run<T: TensorScalar>(_: T.Type) {
                let a = UncheckedSendable(pointer(T.self)), b = UncheckedSendable(other.pointer(T.self))
                let y = UncheckedSendable(out.pointer(T.self))
                Parallel.forEachChunk(count) { range in
                    for i in range { y.value[i] = f(a.value[i], b.value[i]) }
                }
            }
            dtype == .float32 ? run(Float.self) : run(Double.self)
            return out
        }
        let target = try Shape.broadcast(shape, other.shape, op: op)
        let out = uninitializedLike(shape: target)
        let sa = Shape.broadcastStrides(shape, to: target), sb = Shape.broadcastStrides(other.shape, to: target)
        func run<T: TensorScalar>(_: T.Type) {
            let a = UncheckedSendable(pointer(T.self)), b = UncheckedSendable(other.pointer(T.self))
            let y = UncheckedSendable(out.pointer(T.self))
            let rank = target.count
            let inner = rank == 0 ? 1 : target[rank - 1]
            let ia = rank == 0 ? 0 : sa[rank - 1], ib = rank == 0 ? 0 : sb[rank - 1]
            let rows = inner == 0 ? 0 : Shape.count(target) / inner
            // Each output row (last axis) starts at an offset found from its row index.
            Parallel.forEachChunk(rows, grain: max(1, (1 << 15) / max(1, inner))) { range in
                for row in range {
                    var rest = row, oa = 0, ob = 0
                    for axis in stride(from: rank - 2, through: 0, by: -1) {
                        let idx = rest % target[axis]
                        rest /= target[axis]
                        oa += idx * sa[axis]
                        ob += idx * sb[axis]
                    }
                    let yRow = y.value + row * inner
                    for i in 0..<inner { yRow[i] = f(a.value[oa + i * ia], b.value[ob + i * ib]) }
                }
            }
        }
        dtype == .float32 ? run(Float.self) : run(Double.self)
        return out
    }
}
