// Matrix products through BLAS, and the fully connected layer's op.

extension Tensor {
    /// op(self) @ op(other) for matrices [M, K] @ [K, N], or batches [B, M, K] @ [B, K, N]
    /// (a matrix on either side is shared by the batch). `transposeSelf`/`transposeOther`
    /// read the last two axes transposed without a copy.
    public func matmul(_ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false) throws -> Tensor {
        let op = "matmul"
        guard dtype == other.dtype else { throw TensorError.dtypeMismatch(op: op, dtypes: [dtype, other.dtype]) }
        guard rank == 2 || rank == 3, other.rank == 2 || other.rank == 3 else {
            throw TensorError.shapeMismatch(op: op, shapes: [shape, other.shape], reason: "matmul takes [M, K] or [B, M, K] times [K, N] or [B, K, N]")
        }
        let batch = rank == 3 ? shape[0] : (other.rank == 3 ? other.shape[0] : 1)
        if rank == 3 && other.rank == 3 && other.shape[0] != batch {
            throw TensorError.shapeMismatch(op: op, shapes: [shape, other.shape], reason: "batch sizes differ")
        }
        let (r0, r1) = (shape[rank - 2], shape[rank - 1]), (o0, o1) = (other.shape[other.rank - 2], other.shape[other.rank - 1])
        let (m, k) = transposeSelf ? (r1, r0) : (r0, r1)
        let (k2, n) = transposeOther ? (o1, o0) : (o0, o1)
        guard k == k2 else {
            throw TensorError.shapeMismatch(op: op, shapes: [shape, other.shape], reason: "inner extents \(k) and \(k2) differ")
        }
        let batched = rank == 3 || other.rank == 3
        let out = uninitializedLike(shape: batched ? [batch, m, n] : [m, n])
        func run<T: TensorScalar>(_: T.Type) {
            let a = pointer(T.self), b = other.pointer(T.self), c = out.pointer(T.self)
            for i in 0..<batch {
                GEMM.run(transposeA: transposeSelf, transposeB: transposeOther, m: m, n: n, k: k,
                         a: a + (rank == 3 ? i * r0 * r1 : 0), lda: r1, b: b + (other.rank == 3 ? i * o0 * o1 : 0), ldb: o1,
                         c: c + i * m * n, ldc: n)
            }
        }
        dtype == .float32 ? run(Float.self) : run(Double.self)
        let a = self, b = other
        let (ta, tb) = (transposeSelf, transposeOther)
        return try Self.record(op, out, inputs: [a, b]) { g, needed in
            // C = A'B' with A' = op(A), B' = op(B): dA' = g B'ᵀ and dB' = A'ᵀ g, transposed back
            // where A or B was read transposed. A matrix shared by a batch sums its gradients.
            var ga: Tensor? = nil, gb: Tensor? = nil
            if needed[0] {
                let d = ta ? try b.matmul(g, transposeSelf: tb, transposeOther: true)
                           : try g.matmul(b, transposeSelf: false, transposeOther: !tb)
                ga = a.rank == 2 && d.rank == 3 ? try d.sum(axes: [0]) : d
            }
            if needed[1] {
                let d = tb ? try g.matmul(a, transposeSelf: true, transposeOther: ta)
                           : try a.matmul(g, transposeSelf: !ta, transposeOther: false)
                gb = b.rank == 2 && d.rank == 3 ? try d.sum(axes: [0]) : d
            }
            return [ga, gb]
        }
    }

    /// x @ weightᵀ + bias for x [N, in], weight [out, in], bias [out] (PyTorch's `F.linear`).
    public func linear(weight: Tensor, bias: Tensor? = nil) throws -> Tensor {
        guard rank == 2, weight.rank == 2, shape[1] == weight.shape[1] else {
            throw TensorError.shapeMismatch(op: "linear", shapes: [shape, weight.shape], reason: "input [N, in] and weight [out, in] must agree on in")
        }
        let y = try matmul(weight, transposeOther: true)
        guard let bias else { return y }
        guard bias.shape == [weight.shape[0]] else {
            throw TensorError.shapeMismatch(op: "linear", shapes: [weight.shape, bias.shape], reason: "bias must be [out]")
        }
        return try y + bias
    }
}
