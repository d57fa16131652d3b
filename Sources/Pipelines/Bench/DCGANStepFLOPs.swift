import Models
import NeuralCore

/// Floating-point operations of one DCGAN training step, counted from the models' layer shapes
/// as PyTorch's `torch.utils.flop_counter.FlopCounterMode` counts them: convolutions only
/// (batch norm, activations, losses and Adam are not counted), two per multiply-add, padded
/// taps included.
///
/// A convolution's forward pass costs 2·N·Cout·Hout·Wout·Cin·k²; a transposed convolution's
/// 2·N·Cin·Hin·Win·Cout·k² (the convolution it transposes, run from its output to its input).
/// Its weight gradient and its input gradient cost the same as its forward pass each, and an
/// input gradient is counted only where something needs it.
///
/// One step of the DCGAN tutorial's loop (`DCGANTrainer.step(real:)`), with F the forward cost
/// of a network and F₁ that of its first layer:
/// - D on the real batch, G(z), D on G(z) detached: F_D + F_G + F_D forward; D's two backward
///   passes give D's weight gradients and the input gradients of all of D's layers but the first
///   (the images need none): 2 (F_D + F_D − F_D₁).
/// - D on G(z) through the updated D: F_D forward; backward through D's inputs (F_D) into G's
///   weight gradients (F_G) and the input gradients of G's layers but the first (F_G − F_G₁).
///   medsynth computes only these; PyTorch's `errG.backward()` also computes D's weight
///   gradients there (another F_D), which the next step zeroes unused.
public struct DCGANStepFLOPs: Sendable, Equatable, Encodable {
    /// One convolution of a model: its name in the state dict, shapes and forward cost.
    public struct Convolution: Sendable, Equatable, Encodable {
        /// The layer's state-dict prefix, e.g. "main.0".
        public var name: String
        public var transposed: Bool
        /// Input and output [N, C, H, W].
        public var inputShape: [Int]
        public var outputShape: [Int]
        /// The weight's shape: [Cout, Cin/groups, kH, kW], or [Cin, Cout/groups, kH, kW] when transposed.
        public var weightShape: [Int]
        /// FLOP of the forward pass (also of the weight gradient, and of the input gradient).
        public var forward: Int
    }

    public var batch: Int
    /// The generator's convolutions in order, then the discriminator's.
    public var generator: [Convolution]
    public var discriminator: [Convolution]

    /// Counts the convolutions of both models for batches of `batch` images.
    public init(generator: DCGANGenerator, discriminator: DCGANDiscriminator, batch: Int) throws {
        guard batch > 0 else { throw PipelineError(path: "DCGAN FLOP count", reason: "the batch size must be positive, not \(batch)") }
        self.batch = batch
        self.generator = try Self.convolutions(of: generator.main, input: [batch, generator.configuration.latent, 1, 1])
        let side = DCGAN.imageSize
        self.discriminator = try Self.convolutions(of: discriminator.main, input: [batch, discriminator.configuration.channels, side, side])
    }

    /// FLOP of one forward pass of the generator (its inference cost).
    public var generatorForward: Int { generator.reduce(0) { $0 + $1.forward } }
    /// FLOP of one forward pass of the discriminator.
    public var discriminatorForward: Int { discriminator.reduce(0) { $0 + $1.forward } }

    /// What `DCGANTrainer.step(real:)` computes: 3 F_G − F_G₁ + 8 F_D − 2 F_D₁.
    public var medsynthStep: Int {
        let (g, d) = (generatorForward, discriminatorForward)
        let (g1, d1) = (generator.first?.forward ?? 0, discriminator.first?.forward ?? 0)
        let forward = g + 3 * d
        let discriminatorPhase = 2 * (d + (d - d1))
        let generatorPhase = d + g + (g - g1)
        return forward + discriminatorPhase + generatorPhase
    }

    /// What the tutorial's PyTorch loop computes: medsynth's step plus D's weight gradients in
    /// the G phase (F_D).
    public var pytorchStep: Int { medsynthStep + discriminatorForward }

    /// Walks a model's layers from an input shape, keeping the convolutions.
    static func convolutions(of model: Sequential, input: [Int]) throws -> [Convolution] {
        var shape = input
        var found: [Convolution] = []
        for (index, layer) in model.layers.enumerated() {
            switch layer {
            case let conv as Conv2d:
                let w = conv.weight.shape
                let out = [shape[0], w[0],
                           ConvolutionExtent.convolved(shape[2], kernel: w[2], stride: conv.stride.0, padding: conv.padding.0, dilation: conv.dilation.0),
                           ConvolutionExtent.convolved(shape[3], kernel: w[3], stride: conv.stride.1, padding: conv.padding.1, dilation: conv.dilation.1)]
                guard w[1] * conv.groups == shape[1], out[2] > 0, out[3] > 0 else {
                    throw PipelineError(path: "DCGAN FLOP count", reason: "main.\(index): a weight \(w) does not fit an input \(shape)")
                }
                // 2 · N · Cout · Hout · Wout · (Cin / groups) · kH · kW
                let flop = 2 * out[0] * out[1] * out[2] * out[3] * w[1] * w[2] * w[3]
                found.append(Convolution(name: "main.\(index)", transposed: false, inputShape: shape, outputShape: out, weightShape: w, forward: flop))
                shape = out
            case let conv as ConvTranspose2d:
                let w = conv.weight.shape
                let out = [shape[0], w[1] * conv.groups,
                           ConvolutionExtent.transposed(shape[2], kernel: w[2], stride: conv.stride.0, padding: conv.padding.0,
                                                        outputPadding: conv.outputPadding.0, dilation: conv.dilation.0),
                           ConvolutionExtent.transposed(shape[3], kernel: w[3], stride: conv.stride.1, padding: conv.padding.1,
                                                        outputPadding: conv.outputPadding.1, dilation: conv.dilation.1)]
                guard w[0] == shape[1], out[2] > 0, out[3] > 0 else {
                    throw PipelineError(path: "DCGAN FLOP count", reason: "main.\(index): a weight \(w) does not fit an input \(shape)")
                }
                // 2 · N · Cin · Hin · Win · (Cout / groups) · kH · kW
                let flop = 2 * shape[0] * shape[1] * shape[2] * shape[3] * w[1] * w[2] * w[3]
                found.append(Convolution(name: "main.\(index)", transposed: true, inputShape: shape, outputShape: out, weightShape: w, forward: flop))
                shape = out
            default:
                break  // batch norm and activations keep the shape
            }
        }
        return found
    }
}

/// Output extents of convolutions, as PyTorch computes them.
private enum ConvolutionExtent {
    static func convolved(_ size: Int, kernel: Int, stride: Int, padding: Int, dilation: Int) -> Int {
        (size + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1
    }

    static func transposed(_ size: Int, kernel: Int, stride: Int, padding: Int, outputPadding: Int, dilation: Int) -> Int {
        (size - 1) * stride - 2 * padding + dilation * (kernel - 1) + outputPadding + 1
    }
}
