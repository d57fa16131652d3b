/// A building block of a model: a function of a tensor with named parameters and buffers.
/// Names follow PyTorch's `state_dict` (`weight`, `bias`, `running_mean`, and `main.0.weight`
/// inside containers), so checkpoints load into the equivalent PyTorch module and back.
public protocol Layer: AnyObject {
    func callAsFunction(_ x: Tensor) throws -> Tensor
    /// Trainable tensors (leaves requiring gradients), named relative to this layer.
    func namedParameters() -> [(String, Tensor)]
    /// Non-trainable state (running statistics, counters), named relative to this layer.
    func namedBuffers() -> [(String, Buffer)]
    /// Training or evaluation behaviour (batch norm, dropout); containers pass it on.
    func setTraining(_ training: Bool)
}

extension Layer {
    public func namedBuffers() -> [(String, Buffer)] { [] }
    public func setTraining(_ training: Bool) {}

    /// All parameters, in state_dict order.
    public var parameters: [Tensor] { namedParameters().map(\.1) }

    /// Clears the gradients of every parameter.
    public func zeroGrad() { for p in parameters { p.zeroGrad() } }

    /// Number of trainable values.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }
}

/// A non-trainable state entry of a layer.
public enum Buffer: Sendable {
    /// A tensor updated in place (running mean and variance).
    case tensor(Tensor)
    /// An integer counter (batch norm's `num_batches_tracked`, saved as I64).
    case counter(Counter)
}

/// A mutable integer shared by a layer and its state dict.
public final class Counter: @unchecked Sendable {
    public var value: Int64
    public init(_ value: Int64 = 0) { self.value = value }
}

/// A layer that can apply a ReLU or LeakyReLU after itself in the same op.
public protocol FusesActivation: Layer {
    /// The layer followed by `activation` (none when nil), in one op.
    func callAsFunction(_ x: Tensor, then activation: FusedActivation?) throws -> Tensor
}

/// Layers applied in order, named "0", "1", ... like `torch.nn.Sequential`.
public final class Sequential: Layer {
    public let layers: [any Layer]

    public init(_ layers: [any Layer]) { self.layers = layers }

    /// Runs the layers in order. A layer that fuses an activation (`BatchNorm`, `Conv2d`)
    /// followed by a ReLU or LeakyReLU runs as one op (same values, one pass and one saved
    /// tensor fewer).
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        var y = x, i = 0
        while i < layers.count {
            if let layer = layers[i] as? any FusesActivation, i + 1 < layers.count, let next = layers[i + 1] as? Activation,
               let fused = next.kind.fusable {
                y = try layer(y, then: fused)
                i += 2
            } else {
                y = try layers[i](y)
                i += 1
            }
        }
        return y
    }

    public func namedParameters() -> [(String, Tensor)] {
        layers.enumerated().flatMap { i, l in l.namedParameters().map { ("\(i).\($0.0)", $0.1) } }
    }

    public func namedBuffers() -> [(String, Buffer)] {
        layers.enumerated().flatMap { i, l in l.namedBuffers().map { ("\(i).\($0.0)", $0.1) } }
    }

    public func setTraining(_ training: Bool) { for l in layers { l.setTraining(training) } }
}

/// Parameters and buffers of `children`, each under its own prefix (for models made of named
/// parts, like `main` in the DCGAN reference).
public func namedParameters(of children: [(String, any Layer)]) -> [(String, Tensor)] {
    children.flatMap { name, l in l.namedParameters().map { ("\(name).\($0.0)", $0.1) } }
}

public func namedBuffers(of children: [(String, any Layer)]) -> [(String, Buffer)] {
    children.flatMap { name, l in l.namedBuffers().map { ("\(name).\($0.0)", $0.1) } }
}
