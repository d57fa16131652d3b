import NeuralCore

/// The DCGAN of Radford et al. as in PyTorch's DCGAN tutorial, for 64x64 images: a generator
/// of five transposed convolutions (1 -> 4 -> 8 -> 16 -> 32 -> 64) with batch norm and ReLU,
/// and a discriminator of five strided convolutions with batch norm and LeakyReLU(0.2). Both
/// keep their layers in a `main` Sequential, so their state dicts have the tutorial's names
/// (`main.0.weight`, `main.1.running_mean`, ...) and load into its modules with
/// `load_state_dict(strict=True)`.
public enum DCGAN {
    /// Image side the architecture produces and consumes.
    public static let imageSize = 64

    /// Model sizes: latent size nz, feature widths ngf and ndf, image channels nc.
    public struct Configuration: Sendable, Equatable, Codable {
        public var latent: Int
        public var generatorFeatures: Int
        public var discriminatorFeatures: Int
        public var channels: Int

        public init(latent: Int = 100, generatorFeatures: Int = 64, discriminatorFeatures: Int = 64, channels: Int = 1) {
            (self.latent, self.generatorFeatures, self.discriminatorFeatures, self.channels) =
                (latent, generatorFeatures, discriminatorFeatures, channels)
        }

        /// The tutorial's model for grayscale images: nz 100, ngf = ndf = 64, nc 1.
        public static let reference = Configuration()

        func validate() throws {
            guard latent > 0, generatorFeatures > 0, discriminatorFeatures > 0, channels > 0 else {
                throw TensorError.invalidArgument(op: "DCGAN", reason: "sizes must be positive: \(self)")
            }
        }
    }

    /// The tutorial's `weights_init`: convolution weights N(0, 0.02); batch-norm weights
    /// N(1, 0.02) and biases 0. Layers are visited in state-dict order.
    public static func initializeWeights(_ model: Sequential, generator: inout PhiloxGenerator) {
        for layer in model.layers {
            switch layer {
            case let conv as Conv2d: Initialization.normal(conv.weight, std: 0.02, generator: &generator)
            case let conv as ConvTranspose2d: Initialization.normal(conv.weight, std: 0.02, generator: &generator)
            case let norm as BatchNorm:
                if let w = norm.weight { Initialization.normal(w, mean: 1, std: 0.02, generator: &generator) }
                if let b = norm.bias { Initialization.constant(b, 0) }
            default: break
            }
        }
    }
}

/// DCGAN generator: latent codes [N, nz, 1, 1] to images [N, nc, 64, 64] in [-1, 1].
public final class DCGANGenerator: Layer {
    public let configuration: DCGAN.Configuration
    public let main: Sequential

    /// Built with the tutorial's initialisation drawn from `generator`.
    public init(_ configuration: DCGAN.Configuration = .reference, generator: inout PhiloxGenerator) throws {
        try configuration.validate()
        self.configuration = configuration
        let f = configuration.generatorFeatures
        let widths = [configuration.latent, f * 8, f * 4, f * 2, f]
        var layers: [any Layer] = []
        for i in 0..<4 {
            let (stride, padding) = i == 0 ? (1, 0) : (2, 1)
            layers.append(try ConvTranspose2d(widths[i], widths[i + 1], kernel: 4, stride: stride, padding: padding, bias: false,
                                              generator: &generator))
            layers.append(try BatchNorm(channels: widths[i + 1]))
            layers.append(Activation(.relu))
        }
        layers.append(try ConvTranspose2d(f, configuration.channels, kernel: 4, stride: 2, padding: 1, bias: false, generator: &generator))
        layers.append(Activation(.tanh))
        main = Sequential(layers)
        DCGAN.initializeWeights(main, generator: &generator)
    }

    public func callAsFunction(_ z: Tensor) throws -> Tensor {
        guard z.rank == 4, z.shape[1] == configuration.latent, z.shape[2] == 1, z.shape[3] == 1 else {
            throw TensorError.shapeMismatch(op: "DCGAN generator", shapes: [z.shape, [-1, configuration.latent, 1, 1]],
                                            reason: "latent codes must be [N, \(configuration.latent), 1, 1]")
        }
        return try main(z)
    }

    public func namedParameters() -> [(String, Tensor)] { NeuralCore.namedParameters(of: [("main", main)]) }
    public func namedBuffers() -> [(String, Buffer)] { NeuralCore.namedBuffers(of: [("main", main)]) }
    public func setTraining(_ training: Bool) { main.setTraining(training) }
}

/// DCGAN discriminator: images [N, nc, 64, 64] to one logit per image, [N]. The tutorial ends
/// with a Sigmoid (index 12 of `main`, no parameters) and trains with BCELoss; here the
/// sigmoid is folded into the loss (`binaryCrossEntropyWithLogits`), which is the same
/// function without its overflow, and `probability(_:)` gives the tutorial's output.
public final class DCGANDiscriminator: Layer {
    public let configuration: DCGAN.Configuration
    public let main: Sequential

    public init(_ configuration: DCGAN.Configuration = .reference, generator: inout PhiloxGenerator) throws {
        try configuration.validate()
        self.configuration = configuration
        let f = configuration.discriminatorFeatures
        let widths = [configuration.channels, f, f * 2, f * 4, f * 8]
        var layers: [any Layer] = []
        for i in 0..<4 {
            layers.append(try Conv2d(widths[i], widths[i + 1], kernel: 4, stride: 2, padding: 1, bias: false, generator: &generator))
            if i > 0 { layers.append(try BatchNorm(channels: widths[i + 1])) }
            layers.append(Activation(.leakyReLU(slope: 0.2)))
        }
        layers.append(try Conv2d(f * 8, 1, kernel: 4, stride: 1, padding: 0, bias: false, generator: &generator))
        main = Sequential(layers)
        DCGAN.initializeWeights(main, generator: &generator)
    }

    /// Logits [N].
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        let side = DCGAN.imageSize
        guard x.rank == 4, x.shape[1] == configuration.channels, x.shape[2] == side, x.shape[3] == side else {
            throw TensorError.shapeMismatch(op: "DCGAN discriminator", shapes: [x.shape, [-1, configuration.channels, side, side]],
                                            reason: "images must be [N, \(configuration.channels), \(side), \(side)]")
        }
        return try main(x).reshaped([x.shape[0]])
    }

    /// The tutorial's output: sigmoid of the logits, the probability that each image is real.
    public func probability(_ x: Tensor) throws -> Tensor { try self(x).sigmoid() }

    public func namedParameters() -> [(String, Tensor)] { NeuralCore.namedParameters(of: [("main", main)]) }
    public func namedBuffers() -> [(String, Buffer)] { NeuralCore.namedBuffers(of: [("main", main)]) }
    public func setTraining(_ training: Bool) { main.setTraining(training) }
}
