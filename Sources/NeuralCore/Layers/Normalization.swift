/// Batch normalisation over the channels of [N, C] or [N, C, ...] (`BatchNorm1d`/`BatchNorm2d`):
/// parameters `weight`, `bias`; buffers `running_mean`, `running_var`, `num_batches_tracked`.
public final class BatchNorm: FusesActivation {
    public let weight: Tensor?
    public let bias: Tensor?
    public let runningMean: Tensor
    public let runningVariance: Tensor
    public let batchesTracked = Counter()
    public let momentum: Double
    public let epsilon: Double
    public private(set) var isTraining = true

    public init(channels: Int, momentum: Double = 0.1, epsilon: Double = 1e-5, affine: Bool = true) throws {
        weight = affine ? try Tensor(repeating: 1, shape: [channels]).requiringGrad() : nil
        bias = affine ? try Tensor(zeros: [channels]).requiringGrad() : nil
        runningMean = try Tensor(zeros: [channels])
        runningVariance = try Tensor(repeating: 1, shape: [channels])
        self.momentum = momentum
        self.epsilon = epsilon
    }

    public func callAsFunction(_ x: Tensor) throws -> Tensor { try callAsFunction(x, then: nil) }

    /// The batch norm followed by `activation`, in one op.
    public func callAsFunction(_ x: Tensor, then activation: FusedActivation?) throws -> Tensor {
        if isTraining { batchesTracked.value += 1 }
        return try x.batchNorm(weight: weight, bias: bias, runningMean: runningMean, runningVariance: runningVariance,
                               training: isTraining, momentum: momentum, epsilon: epsilon, activation: activation)
    }

    public func namedParameters() -> [(String, Tensor)] {
        (weight.map { [("weight", $0)] } ?? []) + (bias.map { [("bias", $0)] } ?? [])
    }

    public func namedBuffers() -> [(String, Buffer)] {
        [("running_mean", .tensor(runningMean)), ("running_var", .tensor(runningVariance)), ("num_batches_tracked", .counter(batchesTracked))]
    }

    public func setTraining(_ training: Bool) { isTraining = training }
}

/// Group normalisation (`torch.nn.GroupNorm`): per-channel `weight` and `bias`.
public final class GroupNorm: Layer {
    public let groups: Int
    public let weight: Tensor
    public let bias: Tensor
    public let epsilon: Double

    public init(groups: Int, channels: Int, epsilon: Double = 1e-5) throws {
        guard groups > 0, channels % groups == 0 else {
            throw TensorError.invalidArgument(op: "GroupNorm", reason: "\(channels) channels do not split into \(groups) groups")
        }
        self.groups = groups
        weight = try Tensor(repeating: 1, shape: [channels]).requiringGrad()
        bias = try Tensor(zeros: [channels]).requiringGrad()
        self.epsilon = epsilon
    }

    public func callAsFunction(_ x: Tensor) throws -> Tensor { try x.groupNorm(groups: groups, weight: weight, bias: bias, epsilon: epsilon) }
    public func namedParameters() -> [(String, Tensor)] { [("weight", weight), ("bias", bias)] }
}

/// Layer normalisation over trailing axes (`torch.nn.LayerNorm`).
public final class LayerNorm: Layer {
    public let normalizedShape: [Int]
    public let weight: Tensor
    public let bias: Tensor
    public let epsilon: Double

    public init(_ normalizedShape: [Int], epsilon: Double = 1e-5) throws {
        self.normalizedShape = normalizedShape
        weight = try Tensor(repeating: 1, shape: normalizedShape).requiringGrad()
        bias = try Tensor(zeros: normalizedShape).requiringGrad()
        self.epsilon = epsilon
    }

    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        try x.layerNorm(normalizedShape: normalizedShape, weight: weight, bias: bias, epsilon: epsilon)
    }
    public func namedParameters() -> [(String, Tensor)] { [("weight", weight), ("bias", bias)] }
}
