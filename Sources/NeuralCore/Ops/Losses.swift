// Losses (mean reduction, as PyTorch's default), composed from differentiable ops.

extension Tensor {
    /// mean(softplus(x) - x * t): binary cross-entropy on logits, stable for large |x|
    /// (PyTorch's `binary_cross_entropy_with_logits`).
    public func binaryCrossEntropyWithLogits(_ targets: Tensor) throws -> Tensor {
        guard shape == targets.shape else {
            throw TensorError.shapeMismatch(op: "binary_cross_entropy_with_logits", shapes: [shape, targets.shape], reason: "logits and targets must have one shape")
        }
        return try (softplus() - self * targets).mean()
    }

    /// mean((self - target)²)
    public func meanSquaredError(_ target: Tensor) throws -> Tensor {
        guard shape == target.shape else {
            throw TensorError.shapeMismatch(op: "mse_loss", shapes: [shape, target.shape], reason: "input and target must have one shape")
        }
        return try (self - target).squared().mean()
    }

    /// mean(|self - target|)
    public func meanAbsoluteError(_ target: Tensor) throws -> Tensor {
        guard shape == target.shape else {
            throw TensorError.shapeMismatch(op: "l1_loss", shapes: [shape, target.shape], reason: "input and target must have one shape")
        }
        return try (self - target).abs().mean()
    }

    /// Cross-entropy of logits [N, C] against class indices, with label smoothing ε: the target
    /// distribution is (1 - ε) one-hot + ε / C (PyTorch's `cross_entropy(label_smoothing:)`).
    public func crossEntropy(classes targets: [Int], labelSmoothing: Double = 0) throws -> Tensor {
        guard rank == 2, targets.count == shape[0] else {
            throw TensorError.shapeMismatch(op: "cross_entropy", shapes: [shape, [targets.count]], reason: "logits [N, C] need N class indices")
        }
        let c = shape[1]
        guard (0...1).contains(labelSmoothing) else {
            throw TensorError.invalidArgument(op: "cross_entropy", reason: "label smoothing \(labelSmoothing) is outside [0, 1]")
        }
        var q = [Double](repeating: labelSmoothing / Double(c), count: count)
        for (i, t) in targets.enumerated() {
            guard (0..<c).contains(t) else {
                throw TensorError.invalidArgument(op: "cross_entropy", reason: "class index \(t) of sample \(i) is outside 0..<\(c)")
            }
            q[i * c + t] += 1 - labelSmoothing
        }
        let weights = try Tensor(shape: shape, doubles: q, dtype: dtype)
        return try -(try (logSoftmax(axis: 1) * weights).sum(axes: [1]).mean())
    }
}
