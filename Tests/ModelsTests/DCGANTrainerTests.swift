import Models
import NeuralCore
import Testing

/// The trainer's handling of bad values and bad batches.
struct DCGANTrainerTests {
    static let small = DCGAN.Configuration(latent: 8, generatorFeatures: 2, discriminatorFeatures: 2, channels: 1)

    static func trainer(seed: UInt64 = 3) throws -> (DCGANTrainer, Tensor) {
        var rng = PhiloxGenerator(seed: seed)
        let g = try DCGANGenerator(small, generator: &rng), d = try DCGANDiscriminator(small, generator: &rng)
        let real = try Tensor.uniform([2, 1, 64, 64], low: -1, high: 1, generator: &rng)
        return (try DCGANTrainer(generator: g, discriminator: d, noiseSeed: seed), real)
    }

    /// A NaN that reaches a loss stops the step before any weight changes, naming the step; in
    /// anomaly mode the error also names the op and the pass where the NaN first appeared.
    @Test func nonFiniteValuesStopTrainingWithTheStepAndTheOp() throws {
        let (trainer, real) = try Self.trainer()
        try trainer.step(real: real)
        let before = (trainer.discriminator.stateDict() + trainer.generator.stateDict()).map { _, value -> StateValue in
            if case let .tensor(t) = value { return .tensor(t.copy()) }
            return value
        }
        var poisoned = real.doubles
        poisoned[5] = .nan
        let bad = try Tensor(shape: real.shape, doubles: poisoned)
        #expect(throws: TrainingError.nonFinite(step: 1, loss: "the discriminator's loss on real images", op: nil, phase: nil)) {
            try trainer.step(real: bad)
        }
        #expect(trainer.stepsTaken == 1)
        Self.expectState(of: trainer, equals: before)
        trainer.detectsAnomalies = true
        do {
            try trainer.step(real: bad)
            Issue.record("a NaN input trained")
        } catch let TrainingError.nonFinite(step, _, op, phase) {
            #expect(step == 1)
            #expect(op == "conv2d_leaky_relu" && phase == .forward)  // the first layer, with its LeakyReLU fused
        }
        Self.expectState(of: trainer, equals: before)
        // The same trainer goes on with good data.
        try trainer.step(real: real)
        #expect(trainer.stepsTaken == 2)
    }

    /// Weights, running statistics and counters are as in `before` (copied values).
    static func expectState(of trainer: DCGANTrainer, equals before: [StateValue], sourceLocation: SourceLocation = #_sourceLocation) {
        let now = (trainer.discriminator.stateDict() + trainer.generator.stateDict()).map(\.1)
        for (a, b) in zip(now, before) {
            switch (a, b) {
            case let (.tensor(x), .tensor(y)): #expect(x.bitwiseEqual(y), sourceLocation: sourceLocation)
            case let (.integer(x), .integer(y)): #expect(x == y, sourceLocation: sourceLocation)
            default: Issue.record("state kinds differ", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func mismatchedBatchesAreRefused() throws {
        let (trainer, real) = try Self.trainer()
        let z = try Tensor(zeros: [3, 8, 1, 1])
        #expect(throws: TrainingError.self) { try trainer.step(real: real, latent: z) }
        #expect(throws: (any Error).self) { try trainer.step(real: Tensor(zeros: [2, 1, 32, 32])) }
    }
}
