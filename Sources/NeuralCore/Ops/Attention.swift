// Scaled dot-product attention and the sinusoidal timestep embedding (diffusion UNet).

extension Tensor {
    /// softmax(q kᵀ / sqrt(d) [+ causal mask]) v for q [B, H, L, D], k and v [B, H, S, D]
    /// (PyTorch's `scaled_dot_product_attention` without dropout).
    public static func scaledDotProductAttention(query q: Tensor, key k: Tensor, value v: Tensor, causal: Bool = false) throws -> Tensor {
        guard q.rank == 4, k.rank == 4, v.rank == 4, q.shape[0] == k.shape[0], q.shape[1] == k.shape[1],
              k.shape == v.shape, q.shape[3] == k.shape[3] else {
            throw TensorError.shapeMismatch(op: "scaled_dot_product_attention", shapes: [q.shape, k.shape, v.shape],
                                            reason: "query [B, H, L, D], key and value [B, H, S, D]")
        }
        let (b, h, l, d) = (q.shape[0], q.shape[1], q.shape[2], q.shape[3]), s = k.shape[2]
        let q3 = try q.reshaped([b * h, l, d]), k3 = try k.reshaped([b * h, s, d]), v3 = try v.reshaped([b * h, s, d])
        var scores = try q3.matmul(k3, transposeOther: true) * (1 / Double(d).squareRoot())
        if causal {
            // Position i attends to j <= i (PyTorch's lower-triangular mask).
            var mask = [Double](repeating: 0, count: l * s)
            for i in 0..<l { for j in 0..<s where j > i { mask[i * s + j] = -Double.infinity } }
            scores = try scores + Tensor(shape: [l, s], doubles: mask, dtype: q.dtype)
        }
        return try scores.softmax(axis: -1).matmul(v3).reshaped([b, h, l, d])
    }

    /// The timestep embedding of DDPM-style models: for t [N], with half = dim / 2 and
    /// f_i = exp(-ln(maxPeriod) i / half), the output [N, dim] is cat(sin(t f), cos(t f)).
    public static func sinusoidalEmbedding(timesteps t: [Double], dimension: Int, maxPeriod: Double = 10000,
                                           dtype: DType = .float32) throws -> Tensor {
        guard dimension >= 2, dimension % 2 == 0 else {
            throw TensorError.invalidArgument(op: "sinusoidal_embedding", reason: "dimension \(dimension) must be even and at least 2")
        }
        let half = dimension / 2
        var values = [Double](repeating: 0, count: t.count * dimension)
        for (n, time) in t.enumerated() {
            for i in 0..<half {
                let angle = time * Foundation.exp(-Foundation.log(maxPeriod) * Double(i) / Double(half))
                values[n * dimension + i] = Foundation.sin(angle)
                values[n * dimension + half + i] = Foundation.cos(angle)
            }
        }
        return try Tensor(shape: [t.count, dimension], doubles: values, dtype: dtype)
    }

    /// Zeroes each value with probability `p` and scales the rest by 1 / (1 - p) (training
    /// only; the mask is drawn from `generator`).
    public func dropout(probability p: Double, generator: inout PhiloxGenerator) throws -> Tensor {
        guard (0..<1).contains(p) else { throw TensorError.invalidArgument(op: "dropout", reason: "probability \(p) is outside [0, 1)") }
        if p == 0 { return self }
        let mask = try Tensor(zeros: shape, dtype: dtype)
        mask.fill(generator: &generator) { $0.nextUnitDouble() < p ? 0 : 1 / (1 - p) }
        return try self * mask
    }
}

import Foundation
