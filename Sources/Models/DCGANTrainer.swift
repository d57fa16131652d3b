import NeuralCore

/// What one DCGAN training step measured (the tutorial's log line).
public struct DCGANStepLog: Sendable, Equatable, Codable {
    /// BCE of D on the real batch (label 1) plus on the fake batch (label 0).
    public var discriminatorLoss: Double
    /// BCE of the updated D on the same fake batch with label 1.
    public var generatorLoss: Double
    /// Mean D(x) on the real batch.
    public var realScore: Double
    /// Mean D(G(z)) before D's update.
    public var fakeScoreBefore: Double
    /// Mean D(G(z)) after D's update.
    public var fakeScoreAfter: Double
}

/// The DCGAN tutorial's training loop, one step at a time: D is updated on a real and a fake
/// batch, then G through the updated D on the same fake batch. Adam(2e-4, betas 0.5, 0.999)
/// for both, as in the tutorial. Noise comes from the trainer's own seeded generator unless
/// given, so a run is reproducible and resumable from a checkpoint.
public final class DCGANTrainer {
    public let generator: DCGANGenerator
    public let discriminator: DCGANDiscriminator
    public let generatorOptimizer: Adam
    public let discriminatorOptimizer: Adam
    /// Draws the latent codes of `step(real:)`.
    public var noise: PhiloxGenerator
    /// Steps completed.
    public var stepsTaken = 0
    /// Checks every op's output and gradient for NaN and infinity, to name the op where a
    /// non-finite value first appears (slower; like PyTorch's anomaly mode).
    public var detectsAnomalies = false

    public init(generator: DCGANGenerator, discriminator: DCGANDiscriminator, learningRate: Double = 2e-4,
                betas: (Double, Double) = (0.5, 0.999), noiseSeed: UInt64 = 0) throws {
        guard generator.configuration.channels == discriminator.configuration.channels else {
            throw TensorError.invalidArgument(op: "DCGAN trainer", reason: "the generator makes \(generator.configuration.channels)-channel images, the discriminator reads \(discriminator.configuration.channels)")
        }
        self.generator = generator
        self.discriminator = discriminator
        generatorOptimizer = Adam(parameters: generator.parameters, learningRate: learningRate, beta1: betas.0, beta2: betas.1)
        discriminatorOptimizer = Adam(parameters: discriminator.parameters, learningRate: learningRate, beta1: betas.0, beta2: betas.1)
        noise = PhiloxGenerator(seed: noiseSeed, stream: 1)
        generator.setTraining(true)
        discriminator.setTraining(true)
    }

    /// One step on a real batch [N, nc, 64, 64], with latent codes drawn from `noise`.
    @discardableResult
    public func step(real: Tensor) throws -> DCGANStepLog {
        let z = try Tensor.normal([real.shape.first ?? 0, generator.configuration.latent, 1, 1], generator: &noise)
        return try step(real: real, latent: z)
    }

    /// One step on a real batch with the given latent codes [N, nz, 1, 1]. A step that fails (a
    /// NaN or infinite loss: `TrainingError.nonFinite`) changes no weight, optimizer state or
    /// batch-norm statistic.
    @discardableResult
    public func step(real: Tensor, latent: Tensor) throws -> DCGANStepLog {
        guard real.rank == 4, latent.rank == 4, real.shape[0] == latent.shape[0], real.shape[0] > 0 else {
            throw TrainingError.invalidBatch("real images \(real.shape) and latent codes \(latent.shape) must be 4-D with the same batch size")
        }
        let step = stepsTaken
        // Batch-norm statistics change in the forward passes; a failed step puts them back.
        let buffers = generator.namedBuffers() + discriminator.namedBuffers()
        let saved = buffers.map { _, buffer -> Tensor? in
            if case let .tensor(t) = buffer { return t.copy() } else { return nil }
        }
        let counters = buffers.map { _, buffer -> Int64? in
            if case let .counter(c) = buffer { return c.value } else { return nil }
        }
        do {
            let log = try detectsAnomalies ? GradMode.detectingAnomalies { try unguardedStep(real: real, latent: latent) }
                                           : unguardedStep(real: real, latent: latent)
            stepsTaken += 1
            return log
        } catch {
            for (i, (_, buffer)) in buffers.enumerated() {
                switch buffer {
                case let .tensor(t): if let copy = saved[i] { try t.assign(copy) }
                case let .counter(c): if let value = counters[i] { c.value = value }
                }
            }
            if case let TensorError.nonFinite(op, phase) = error {
                throw TrainingError.nonFinite(step: step, loss: "a value of the step", op: op, phase: phase)
            }
            throw error
        }
    }

    private func unguardedStep(real: Tensor, latent: Tensor) throws -> DCGANStepLog {
        let n = real.shape[0]
        let ones = try Tensor(repeating: 1, shape: [n]), zeros = try Tensor(zeros: [n])
        let step = stepsTaken

        // D: maximise log D(x) + log(1 - D(G(z))).
        discriminator.zeroGrad()
        let realLogits = try discriminator(real)
        let realLoss = try realLogits.binaryCrossEntropyWithLogits(ones)
        try Self.requireFinite(realLoss, "the discriminator's loss on real images", step: step)
        try realLoss.backward()
        let fake = try generator(latent)
        let fakeLogits = try discriminator(fake.detached())
        let fakeLoss = try fakeLogits.binaryCrossEntropyWithLogits(zeros)
        try Self.requireFinite(fakeLoss, "the discriminator's loss on generated images", step: step)
        try fakeLoss.backward()
        try discriminatorOptimizer.step()

        // G: maximise log D(G(z)) through the updated D, on the same fake batch. Only G's
        // gradients are computed (PyTorch's backward() also fills D's, which the next step clears).
        let updatedLogits = try discriminator(fake)
        let generatorLoss = try updatedLogits.binaryCrossEntropyWithLogits(ones)
        try Self.requireFinite(generatorLoss, "the generator's loss", step: step)
        let parameters = generator.parameters
        let gradients = try Tensor.gradients(of: [generatorLoss], with: parameters)
        for (p, g) in zip(parameters, gradients) { p.grad = g }
        try generatorOptimizer.step()

        return DCGANStepLog(
            discriminatorLoss: try realLoss.item() + fakeLoss.item(), generatorLoss: try generatorLoss.item(),
            realScore: try realLogits.detached().sigmoid().mean().item(), fakeScoreBefore: try fakeLogits.detached().sigmoid().mean().item(),
            fakeScoreAfter: try updatedLogits.detached().sigmoid().mean().item())
    }

    private static func requireFinite(_ loss: Tensor, _ name: String, step: Int) throws {
        guard let v = try? loss.item(), v.isFinite else {
            throw TrainingError.nonFinite(step: step, loss: name, op: nil, phase: nil)
        }
    }
}
