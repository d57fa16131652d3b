/// 2D transposed convolution (`torch.nn.ConvTranspose2d`): weight [in, out/groups, kh, kw],
/// optional bias [out]. PyTorch's default initialisation, whose fan-in is taken from the
/// weight's second axis: (out/groups)·kh·kw.
public final class ConvTranspose2d: Layer {
    public let weight: Tensor
    public let bias: Tensor?
    public let stride: (Int, Int)
    public let padding: (Int, Int)
    public let outputPadding: (Int, Int)
    public let dilation: (Int, Int)
    public let groups: Int

    public init(inputs: Int, outputs: Int, kernel: (Int, Int), stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
                outputPadding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1), groups: Int = 1, bias hasBias: Bool = true,
                generator: inout PhiloxGenerator) throws {
        try Conv2d.checkChannels(layer: "ConvTranspose2d", inputs: inputs, outputs: outputs, kernel: kernel, groups: groups)
        weight = try Tensor(zeros: [inputs, outputs / groups, kernel.0, kernel.1]).requiringGrad()
        bias = hasBias ? try Tensor(zeros: [outputs]).requiringGrad() : nil
        (self.stride, self.padding, self.outputPadding, self.dilation, self.groups) = (stride, padding, outputPadding, dilation, groups)
        Initialization.pytorchDefault(weight: weight, bias: bias, fanIn: outputs / groups * kernel.0 * kernel.1, generator: &generator)
    }

    /// A square kernel with the same stride and padding along both axes.
    public convenience init(_ inputs: Int, _ outputs: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                            bias: Bool = true, generator: inout PhiloxGenerator) throws {
        try self.init(inputs: inputs, outputs: outputs, kernel: (kernel, kernel), stride: (stride, stride),
                      padding: (padding, padding), bias: bias, generator: &generator)
    }

    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        try x.convTranspose2d(weight: weight, bias: bias, stride: stride, padding: padding, outputPadding: outputPadding,
                              dilation: dilation, groups: groups)
    }

    public func namedParameters() -> [(String, Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }
}
