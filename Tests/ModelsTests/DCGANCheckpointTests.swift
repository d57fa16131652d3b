import Foundation
import Models
import NeuralCore
import SafeTensors
import Testing

/// DCGAN training resumed from a checkpoint follows the uninterrupted run bit for bit, and a
/// checkpoint of other model sizes is refused with the trainer left as it was.
///
/// Exporting a checkpoint for the PyTorch round trip (see Tests/Reference/neural_core.py):
///
///     MEDSYNTH_EXPORT_CHECKPOINT=/tmp/dcgan.safetensors swift test --skip-build --filter DCGANCheckpointTests
///     /work/venv/bin/python Tests/Reference/neural_core.py --check-load /tmp/dcgan.safetensors
///
/// writes a training checkpoint of the tutorial's models at ngf = ndf = 8 after two steps, and
/// the generator alone (plain state_dict names) next to it as `dcgan-generator.safetensors`.
struct DCGANCheckpointTests {
    static let small = DCGAN.Configuration(latent: 16, generatorFeatures: 4, discriminatorFeatures: 4, channels: 1)

    static func trainer(_ configuration: DCGAN.Configuration = small, seed: UInt64, noiseSeed: UInt64) throws -> DCGANTrainer {
        var rng = PhiloxGenerator(seed: seed)
        return try DCGANTrainer(generator: DCGANGenerator(configuration, generator: &rng),
                                discriminator: DCGANDiscriminator(configuration, generator: &rng), noiseSeed: noiseSeed)
    }

    /// Real batches [4, 1, 64, 64] in [-1, 1), the same for every run.
    static func batches(_ count: Int) throws -> [Tensor] {
        var rng = PhiloxGenerator(seed: 2024, stream: 3)
        return try (0..<count).map { _ in try Tensor.uniform([4, 1, 64, 64], low: -1, high: 1, generator: &rng) }
    }

    /// Every bit of a trainer's state: both models, both Adam states, the noise generator, the step.
    static func state(_ t: DCGANTrainer) -> [String: [UInt32]] {
        var out: [String: [UInt32]] = [:]
        for (prefix, model) in [("G.", t.generator as any Layer), ("D.", t.discriminator)] {
            for (name, value) in model.stateDict() {
                switch value {
                case let .tensor(x): out[prefix + name] = x.floats.map(\.bitPattern)
                case let .integer(v): out[prefix + name] = [UInt32(truncatingIfNeeded: v), UInt32(truncatingIfNeeded: v >> 32)]
                }
            }
        }
        for (prefix, optimizer) in [("optimizer.G.", t.generatorOptimizer), ("optimizer.D.", t.discriminatorOptimizer)] {
            for (name, x) in optimizer.stateTensors() { out[prefix + name] = x.floats.map(\.bitPattern) }
            out[prefix + "steps"] = [UInt32(optimizer.steps)]
            let rate = optimizer.learningRate.bitPattern
            out[prefix + "learning_rate"] = [UInt32(truncatingIfNeeded: rate), UInt32(truncatingIfNeeded: rate >> 32)]
        }
        var noise = t.noise
        out["noise.next"] = (0..<8).map { _ in noise.nextUInt32() }
        out["stepsTaken"] = [UInt32(t.stepsTaken)]
        return out
    }

    static func differences(_ a: [String: [UInt32]], _ b: [String: [UInt32]]) -> [String] {
        Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
    }

    static func bits(_ log: DCGANStepLog) -> [UInt64] {
        [log.discriminatorLoss, log.generatorLoss, log.realScore, log.fakeScoreBefore, log.fakeScoreAfter].map(\.bitPattern)
    }

    static func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-dcgan-checkpoint-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func resumingContinuesTheRunBitForBit() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let data = try Self.batches(6)

        let straight = try Self.trainer(seed: 1, noiseSeed: 5)
        let straightLogs = try data.map { try Self.bits(straight.step(real: $0)) }

        let first = try Self.trainer(seed: 1, noiseSeed: 5)
        let firstLogs = try data[0..<3].map { try Self.bits(first.step(real: $0)) }
        let path = dir + "/step-3.safetensors"
        try first.saveCheckpoint(to: path, metadata: ["dataset": "random blobs"])

        // Built from other seeds: everything that matters must come from the checkpoint.
        let resumed = try Self.trainer(seed: 2, noiseSeed: 9)
        #expect(Self.differences(Self.state(resumed), Self.state(first)).count > 40)
        let checkpoint = try resumed.loadCheckpoint(from: path)
        #expect(checkpoint.metadata["dataset"] == "random blobs" && checkpoint.step == 3)
        #expect(Self.differences(Self.state(resumed), Self.state(first)) == [])
        let resumedLogs = try data[3...].map { try Self.bits(resumed.step(real: $0)) }

        #expect(firstLogs + resumedLogs == straightLogs)
        #expect(Self.differences(Self.state(resumed), Self.state(straight)) == [])

        // The same from the file alone.
        let rebuilt = try DCGANTrainer.resume(from: path)
        #expect(rebuilt.generator.configuration == Self.small)
        #expect(rebuilt.generatorOptimizer.beta1 == 0.5 && rebuilt.discriminatorOptimizer.beta2 == 0.999)
        let rebuiltLogs = try data[3...].map { try Self.bits(rebuilt.step(real: $0)) }
        #expect(rebuiltLogs == resumedLogs)
        #expect(Self.differences(Self.state(rebuilt), Self.state(straight)) == [])
    }

    @Test func aCheckpointOfOtherSizesIsRefusedAndChangesNothing() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let saved = try Self.trainer(seed: 3, noiseSeed: 3)
        try saved.step(real: Self.batches(1)[0])
        let path = dir + "/small.safetensors"
        try saved.saveCheckpoint(to: path)

        let wider = try Self.trainer(DCGAN.Configuration(latent: 16, generatorFeatures: 8, discriminatorFeatures: 4, channels: 1),
                                     seed: 4, noiseSeed: 4)
        let before = Self.state(wider)
        do {
            try wider.loadCheckpoint(from: path)
            Issue.record("a checkpoint of a narrower generator was accepted")
        } catch let error as CheckpointError {
            guard case let .mismatch(missing, unexpected, misshaped) = error.reason else { Issue.record("\(error)"); return }
            #expect(missing == [] && unexpected == [])
            let names = misshaped.map { String($0.prefix { $0 != ":" }) }
            #expect(names.contains("G.main.0.weight") && names.contains("G.main.1.running_mean") && names.contains("optimizer.G.exp_avg.0"))
            #expect(!names.contains { $0.hasPrefix("D.") || $0.hasPrefix("optimizer.D") })
            #expect("\(error)".contains(path))
        }
        #expect(Self.differences(Self.state(wider), before) == [])

        // resume(from:) checks the saved configuration against the tensors before building models.
        let file = try SafeTensorsFile(contentsOf: path)
        for features in [8, 4_000_000] {
            var metadata = file.metadata
            metadata[DCGANTrainer.CheckpointNames.configuration] =
                "{\"channels\":1,\"discriminatorFeatures\":4,\"generatorFeatures\":\(features),\"latent\":16}"
            let edited = dir + "/edited-\(features).safetensors"
            try SafeTensorsFile(entries: file.entries, metadata: metadata).write(to: edited)
            do {
                _ = try DCGANTrainer.resume(from: edited)
                Issue.record("a configuration that does not fit the tensors was accepted")
            } catch let error as CheckpointError {
                #expect(error.reason.message.contains("generatorFeatures: \(features)") || error.reason.message.contains("out of range"), "\(error)")
            }
        }

        // Reserved metadata keys are refused before anything is written.
        #expect(throws: CheckpointError.self) { try saved.saveCheckpoint(to: dir + "/reserved.safetensors", metadata: ["dcgan.betas": "[0,0]"]) }
        #expect(!FileManager.default.fileExists(atPath: dir + "/reserved.safetensors"))
    }

    /// Writes a checkpoint of the tutorial's models at ngf = ndf = 8 (nz 100) for
    /// `neural_core.py --check-load`, when MEDSYNTH_EXPORT_CHECKPOINT names the file.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["MEDSYNTH_EXPORT_CHECKPOINT"] != nil,
                   "set MEDSYNTH_EXPORT_CHECKPOINT=/path/to/dcgan.safetensors to export a checkpoint for PyTorch"))
    func exportForPyTorch() throws {
        let path = try #require(ProcessInfo.processInfo.environment["MEDSYNTH_EXPORT_CHECKPOINT"])
        let trainer = try Self.trainer(DCGAN.Configuration(latent: 100, generatorFeatures: 8, discriminatorFeatures: 8, channels: 1),
                                       seed: 7, noiseSeed: 7)
        for batch in try Self.batches(2) { try trainer.step(real: batch) }
        try trainer.saveCheckpoint(to: path, metadata: ["purpose": "PyTorch round trip"])
        let generatorPath = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("dcgan-generator.safetensors").path
        try trainer.generator.saveState(to: generatorPath, metadata: ["format": "pt"])
        print("wrote \(path) and \(generatorPath)")
        #expect(try TrainingCheckpoint(contentsOf: path).step == 2)
    }
}
