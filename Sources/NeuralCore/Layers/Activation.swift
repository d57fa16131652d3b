/// A parameter-free function as a layer (`nn.ReLU`, `nn.LeakyReLU(0.2)`, `nn.Tanh`, ...).
public final class Activation: Layer {
    public enum Kind: Sendable, Equatable {
        case relu, leakyReLU(slope: Double), tanh, sigmoid, silu, gelu
    }

    public let kind: Kind

    public init(_ kind: Kind) { self.kind = kind }

    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        switch kind {
        case .relu: return try x.relu()
        case let .leakyReLU(slope): return try x.leakyReLU(slope: slope)
        case .tanh: return try x.tanh()
        case .sigmoid: return try x.sigmoid()
        case .silu: return try x.silu()
        case .gelu: return try x.gelu()
        }
    }

    public func namedParameters() -> [(String, Tensor)] { [] }
}

extension Activation.Kind {
    /// The same function inside batch norm's kernels, when it can run there.
    var fusable: FusedActivation? {
        switch self {
        case .relu: return .relu
        case let .leakyReLU(slope) where slope >= 0: return .leakyReLU(slope: slope)
        default: return nil
        }
    }
}
