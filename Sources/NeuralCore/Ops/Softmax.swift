// Softmax and log-softmax along an axis: fused, max-subtracted forward; backward through
// tensor ops (so it is differentiable again).

extension Tensor {
    /// exp(x) / sum(exp(x)) along `axis`.
    public func softmax(axis: Int = -1) throws -> Tensor {
        let a = try Shape.axis(axis, rank: rank, op: "softmax")
        let y = normalizedExponentials(axis: a, logarithm: false)
        return try Self.record("softmax", y, inputs: [self]) { [y = y.detached()] g, _ in
            // dx = y * (g - sum(g * y)); y recomputed through the graph when recording.
            let yy = GradMode.isRecording ? try self.softmax(axis: a) : y
            return [try yy * (g - (g * yy).sum(axes: [a], keepingDims: true))]
        }
    }

    /// x - log(sum(exp(x))) along `axis`.
    public func logSoftmax(axis: Int = -1) throws -> Tensor {
        let a = try Shape.axis(axis, rank: rank, op: "log_softmax")
        let y = normalizedExponentials(axis: a, logarithm: true)
        return try Self.record("log_softmax", y, inputs: [self]) { g, _ in
            // dx = g - softmax(x) * sum(g)
            [try g - self.softmax(axis: a) * g.sum(axes: [a], keepingDims: true)]
        }
    }

    /// Softmax (or log-softmax) along axis `a`, in Double per row.
    private func normalizedExponentials(axis a: Int, logarithm: Bool) -> Tensor {
        let out = emptyLike()
        let n = shape[a], inner = shape[(a + 1)...].reduce(1, *), outer = shape[..<a].reduce(1, *)
        func run<T: TensorScalar>(_: T.Type) {
            let x = UncheckedSendable(pointer(T.self)), y = UncheckedSendable(out.pointer(T.self))
            Parallel.forEach(outer * inner) { row in
                let o = row / inner, i = row % inner
                let base = o * n * inner + i
                var m = -Double.infinity
                for j in 0..<n { m = Swift.max(m, x.value[base + j * inner].doubleValue) }
                var s = 0.0
                for j in 0..<n { s += Foundation.exp(x.value[base + j * inner].doubleValue - m) }
                let logSum = m + Foundation.log(s)
                for j in 0..<n {
                    let v = x.value[base + j * inner].doubleValue - logSum
                    y.value[base + j * inner] = T(logarithm ? v : Foundation.exp(v))
                }
            }
        }
        if count > 0 { dtype == .float32 ? run(Float.self) : run(Double.self) }
        return out
    }
}

import Foundation
