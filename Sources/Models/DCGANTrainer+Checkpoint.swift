import Foundation
import NeuralCore

/// Saving and resuming DCGAN training. A checkpoint holds the generator under `G.` and the
/// discriminator under `D.` (the tutorial's state_dict names, so `G.main.0.weight` loads into
/// its `netG` after stripping the prefix), both Adam states (`optimizer.G.*`, `optimizer.D.*`,
/// with their step counts and learning rates), the noise generator (`noise`), `stepsTaken` as
/// the global step, and the models' configuration and Adam betas, so that training continues
/// bit for bit.
extension DCGANTrainer {
    /// Names of the models, optimizers and generator inside a DCGAN checkpoint.
    public enum CheckpointNames {
        public static let generator = "G"
        public static let discriminator = "D"
        public static let noise = "noise"
        /// Metadata keys the trainer writes itself (callers' keys must not start with "dcgan.").
        public static let configuration = "dcgan.configuration"
        public static let betas = "dcgan.betas"
        static let reservedPrefix = "dcgan."
    }

    var checkpointModels: [(String, any Layer)] {
        [(CheckpointNames.generator, generator), (CheckpointNames.discriminator, discriminator)]
    }

    var checkpointOptimizers: [(String, any Optimizer)] {
        [(CheckpointNames.generator, generatorOptimizer), (CheckpointNames.discriminator, discriminatorOptimizer)]
    }

    /// Writes the whole training state to `path` atomically (see `TrainingCheckpoint`).
    /// `metadata` is kept as given; its keys must not start with `medsynth.` or `dcgan.`.
    public func saveCheckpoint(to path: String, metadata: [String: String] = [:]) throws {
        if let key = metadata.keys.sorted().first(where: { $0.hasPrefix(CheckpointNames.reservedPrefix) }) {
            throw CheckpointError(path: path, reason: .invalidName(key, "metadata keys starting with \"\(CheckpointNames.reservedPrefix)\" are reserved for the trainer's own records"))
        }
        var all = metadata
        all[CheckpointNames.configuration] = try Self.json(generator.configuration)
        all[CheckpointNames.betas] = try Self.json([generatorOptimizer.beta1, generatorOptimizer.beta2])
        try TrainingCheckpoint.write(to: path, models: checkpointModels, optimizers: checkpointOptimizers,
                                     generators: [CheckpointNames.noise: noise], step: stepsTaken, metadata: all)
    }

    /// Restores a checkpoint written by `saveCheckpoint` into this trainer: both models, both
    /// Adam states, the noise generator and `stepsTaken`. Strict and all-or-nothing: a
    /// checkpoint of other model sizes, or with missing, extra or mis-shaped entries, is
    /// refused with every name listed and the trainer is left unchanged. Returns the checkpoint
    /// (for its metadata).
    @discardableResult
    public func loadCheckpoint(from path: String) throws -> TrainingCheckpoint {
        let checkpoint = try TrainingCheckpoint(contentsOf: path)
        let savedNoise = try checkpoint.generator(CheckpointNames.noise)
        try checkpoint.restore(models: checkpointModels, optimizers: checkpointOptimizers)
        noise = savedNoise
        stepsTaken = checkpoint.step
        return checkpoint
    }

    /// A trainer rebuilt from a checkpoint written by `saveCheckpoint`: models of the saved
    /// configuration, Adam with the saved learning rates and betas, and the saved state.
    public static func resume(from path: String) throws -> DCGANTrainer {
        let checkpoint = try TrainingCheckpoint(contentsOf: path)
        func record<T: Decodable>(_ key: String) throws -> T {
            guard let text = checkpoint.metadata[key] else {
                throw CheckpointError(path: path, reason: .badMetadata(key: key, "missing; the checkpoint was not written by DCGANTrainer.saveCheckpoint"))
            }
            do { return try JSONDecoder().decode(T.self, from: Data(text.utf8)) } catch {
                throw CheckpointError(path: path, reason: .badMetadata(key: key, "\"\(text)\" cannot be decoded"))
            }
        }
        let configuration: DCGAN.Configuration = try record(CheckpointNames.configuration)
        let betas: [Double] = try record(CheckpointNames.betas)
        guard betas.count == 2 else {
            throw CheckpointError(path: path, reason: .badMetadata(key: CheckpointNames.betas, "expected two values, got \(betas.count)"))
        }
        // The sizes must be those of the saved tensors before models of that size are built.
        let c = configuration, sizes = [c.latent, c.generatorFeatures, c.discriminatorFeatures, c.channels]
        guard sizes.allSatisfy({ (1...1 << 20).contains($0) }) else {
            throw CheckpointError(path: path, reason: .badMetadata(key: CheckpointNames.configuration, "sizes \(sizes) out of range"))
        }
        let g = CheckpointNames.generator + ".main.", d = CheckpointNames.discriminator + ".main."
        for (name, shape) in [(g + "0.weight", [c.latent, c.generatorFeatures * 8, 4, 4]), (g + "12.weight", [c.generatorFeatures, c.channels, 4, 4]),
                              (d + "0.weight", [c.discriminatorFeatures, c.channels, 4, 4])]
            where checkpoint.file[name]?.shape != shape {
            throw CheckpointError(path: path, reason: .badMetadata(key: CheckpointNames.configuration,
                "\(c) does not fit the saved tensor \(name) (shape \(checkpoint.file[name].map { "\($0.shape)" } ?? "absent"), expected \(shape))"))
        }
        // The initial weights are replaced by the checkpoint's; any seed does.
        var rng = PhiloxGenerator(seed: 0)
        let trainer: DCGANTrainer
        do {
            trainer = try DCGANTrainer(generator: DCGANGenerator(configuration, generator: &rng),
                                       discriminator: DCGANDiscriminator(configuration, generator: &rng), betas: (betas[0], betas[1]))
        } catch {
            throw CheckpointError(path: path, reason: .badMetadata(key: CheckpointNames.configuration, "\(error)"))
        }
        let savedNoise = try checkpoint.generator(CheckpointNames.noise)
        try checkpoint.restore(models: trainer.checkpointModels, optimizers: trainer.checkpointOptimizers)
        trainer.noise = savedNoise
        trainer.stepsTaken = checkpoint.step
        return trainer
    }

    private static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
