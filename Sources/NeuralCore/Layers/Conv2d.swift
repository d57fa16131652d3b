/// 2D convolution over NCHW input (`torch.nn.Conv2d`): weight [out, in/groups, kh, kw],
/// optional bias [out]. PyTorch's default initialisation with fan-in (in/groups)·kh·kw.
public final class Conv2d: FusesActivation {
    public let weight: Tensor
    public let bias: Tensor?
    public let stride: (Int, Int)
    public let padding: (Int, Int)
    public let dilation: (Int, Int)
    public let groups: Int

    public init(inputs: Int, outputs: Int, kernel: (Int, Int), stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
                dilation: (Int, Int) = (1, 1), groups: Int = 1, bias hasBias: Bool = true,
                generator: inout PhiloxGenerator) throws {
        try Self.checkChannels(layer: "Conv2d", inputs: inputs, outputs: outputs, kernel: kernel, groups: groups)
        weight = try Tensor(zeros: [outputs, inputs / groups, kernel.0, kernel.1]).requiringGrad()
        bias = hasBias ? try Tensor(zeros: [outputs]).requiringGrad() : nil
        (self.stride, self.padding, self.dilation, self.groups) = (stride, padding, dilation, groups)
        Initialization.pytorchDefault(weight: weight, bias: bias, fanIn: inputs / groups * kernel.0 * kernel.1, generator: &generator)
    }

    /// A square kernel with the same stride and padding along both axes.
    public convenience init(_ inputs: Int, _ outputs: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                            bias: Bool = true, generator: inout PhiloxGenerator) throws {
        try self.init(inputs: inputs, outputs: outputs, kernel: (kernel, kernel), stride: (stride, stride),
                      padding: (padding, padding), bias: bias, generator: &generator)
    }

    public func callAsFunction(_ x: Tensor) throws -> Tensor { try callAsFunction(x, then: nil) }

    /// The convolution followed by `activation`, in one op.
    public func callAsFunction(_ x: Tensor, then activation: FusedActivation?) throws -> Tensor {
        try x.conv2d(weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups, activation: activation)
    }

    public func namedParameters() -> [(String, Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    static func checkChannels(layer: String, inputs: Int, outputs: Int, kernel: (Int, Int), groups: Int) throws {
        guard inputs > 0, outputs > 0, groups > 0, inputs % groups == 0, outputs % groups == 0, kernel.0 > 0, kernel.1 > 0 else {
            throw TensorError.invalidArgument(
                op: layer, reason: "\(inputs) -> \(outputs) channels with kernel \(kernel) and \(groups) groups: channels must be positive and divisible by groups")
        }
    }
}
