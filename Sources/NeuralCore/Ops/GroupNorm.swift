// Group and layer normalisation, composed from tensor ops (differentiable at every order).

extension Tensor {
    /// Group normalisation of [N, C, ...] in `groups` groups of channels, with per-channel
    /// `weight` and `bias` ([C], optional). Biased variance, as PyTorch.
    public func groupNorm(groups: Int, weight: Tensor?, bias: Tensor?, epsilon: Double = 1e-5) throws -> Tensor {
        let op = "group_norm"
        guard rank >= 2, groups > 0, shape[1] % groups == 0 else {
            throw TensorError.shapeMismatch(op: op, shapes: [shape], reason: "input [N, C, ...] with C divisible by \(groups) groups")
        }
        let (n, c) = (shape[0], shape[1])
        let grouped = try reshaped([n, groups, -1])
        let normalized = try grouped.standardized(axes: [2], epsilon: epsilon).reshaped(shape)
        let channelShape = [1, c] + [Int](repeating: 1, count: rank - 2)
        return try normalized.scaledAndShifted(weight: weight, bias: bias, shape: channelShape, expected: [c], op: op)
    }

    /// Layer normalisation over the trailing axes `normalizedShape`, with elementwise `weight`
    /// and `bias` of that shape (optional).
    public func layerNorm(normalizedShape: [Int], weight: Tensor?, bias: Tensor?, epsilon: Double = 1e-5) throws -> Tensor {
        let op = "layer_norm"
        guard normalizedShape.count <= rank, Array(shape.suffix(normalizedShape.count)) == normalizedShape else {
            throw TensorError.shapeMismatch(op: op, shapes: [shape, normalizedShape], reason: "the input must end with the normalized shape")
        }
        let axes = Array((rank - normalizedShape.count)..<rank)
        return try standardized(axes: axes, epsilon: epsilon)
            .scaledAndShifted(weight: weight, bias: bias, shape: normalizedShape, expected: normalizedShape, op: op)
    }

    /// (x - mean) / sqrt(biased variance + eps) over `axes`.
    func standardized(axes: [Int], epsilon: Double) throws -> Tensor {
        let centered = try self - mean(axes: axes, keepingDims: true)
        let variance = try centered.squared().mean(axes: axes, keepingDims: true)
        return try centered * (variance + epsilon).squareRoot().reciprocal()
    }

    private func scaledAndShifted(weight: Tensor?, bias: Tensor?, shape broadcastShape: [Int], expected: [Int], op: String) throws -> Tensor {
        var y = self
        if let weight {
            guard weight.shape == expected else { throw TensorError.shapeMismatch(op: op, shapes: [shape, weight.shape], reason: "weight must be \(expected)") }
            y = try y * weight.reshaped(broadcastShape)
        }
        if let bias {
            guard bias.shape == expected else { throw TensorError.shapeMismatch(op: op, shapes: [shape, bias.shape], reason: "bias must be \(expected)") }
            y = try y + bias.reshaped(broadcastShape)
        }
        return y
    }
}
