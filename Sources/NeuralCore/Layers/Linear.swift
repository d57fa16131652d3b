/// y = x Wᵀ + b for x [N, in]; weight [out, in], bias [out] (`torch.nn.Linear`).
public final class Linear: Layer {
    public let weight: Tensor
    public let bias: Tensor?

    public init(inputs: Int, outputs: Int, bias hasBias: Bool = true, generator: inout PhiloxGenerator) throws {
        weight = try Tensor(zeros: [outputs, inputs]).requiringGrad()
        bias = hasBias ? try Tensor(zeros: [outputs]).requiringGrad() : nil
        Initialization.pytorchDefault(weight: weight, bias: bias, fanIn: inputs, generator: &generator)
    }

    public func callAsFunction(_ x: Tensor) throws -> Tensor { try x.linear(weight: weight, bias: bias) }

    public func namedParameters() -> [(String, Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }
}
