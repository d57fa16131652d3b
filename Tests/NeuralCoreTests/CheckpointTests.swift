import Foundation
import SafeTensors
import Testing
@testable import NeuralCore

/// Training checkpoints: resuming gives the same bits as not stopping, the same state gives the
/// same bytes, and bad files (other models, damaged records, truncated, other versions) are
/// refused with every problem named and nothing changed.
struct CheckpointTests {
    /// A small classifier (Linear, BatchNorm, ReLU, Linear) trained with Adam on batches drawn
    /// from its own data generator.
    final class Run {
        let model: Sequential
        let optimizer: Adam
        var data: PhiloxGenerator

        init(seed: UInt64, learningRate: Double = 1e-3 / 3) throws {
            var rng = PhiloxGenerator(seed: seed)
            model = Sequential([try Linear(inputs: 4, outputs: 6, generator: &rng), try BatchNorm(channels: 6),
                                Activation(.relu), try Linear(inputs: 6, outputs: 3, generator: &rng)])
            optimizer = Adam(parameters: model.parameters, learningRate: learningRate)
            data = PhiloxGenerator(seed: seed &+ 100, stream: 7)
        }

        /// One step on a batch drawn from `data` (an odd number of 32-bit draws, so the
        /// generator is saved in the middle of a block); returns the loss's bits.
        @discardableResult
        func step() throws -> UInt64 {
            let x = try Tensor.normal([8, 4], generator: &data)
            let labels = (0..<8).map { _ in Int(data.nextUInt32() % 3) }
            _ = data.nextUInt32()
            optimizer.zeroGrad()
            let loss = try model(x).crossEntropy(classes: labels)
            try loss.backward()
            try optimizer.step()
            return try loss.item().bitPattern
        }

        var models: [(String, any Layer)] { [("M", model)] }
        var optimizers: [(String, any Optimizer)] { [("M", optimizer)] }

        func write(to path: String, step: Int, metadata: [String: String] = [:]) throws {
            try TrainingCheckpoint.write(to: path, models: models, optimizers: optimizers, generators: ["data": data],
                                         step: step, metadata: metadata)
        }
    }

    /// Everything a run would change, copied: model state, optimizer slots, steps, learning rate.
    struct Snapshot {
        var entries: [String: [UInt8]] = [:]
        var steps = 0
        var learningRate: UInt64 = 0

        init(_ model: any Layer, _ optimizer: (any Optimizer)? = nil) {
            func bytes(_ t: Tensor) -> [UInt8] {
                t.dtype == .float32 ? t.floats.flatMap { withUnsafeBytes(of: $0.bitPattern) { Array($0) } }
                                    : t.doubles.flatMap { withUnsafeBytes(of: $0.bitPattern) { Array($0) } }
            }
            for (name, value) in model.stateDict() {
                switch value {
                case let .tensor(t): entries[name] = bytes(t)
                case let .integer(v): entries[name] = withUnsafeBytes(of: v) { Array($0) }
                }
            }
            if let optimizer {
                for (name, t) in optimizer.stateTensors() { entries["optimizer." + name] = bytes(t) }
                steps = optimizer.steps
                learningRate = optimizer.learningRate.bitPattern
            }
        }

        /// The names of the entries (and counters) that differ: empty when all bits agree.
        func differences(from other: Snapshot) -> [String] {
            var names = Set(entries.keys).union(other.entries.keys).filter { entries[$0] != other.entries[$0] }.sorted()
            if steps != other.steps { names.append("steps \(steps) vs \(other.steps)") }
            if learningRate != other.learningRate { names.append("learning rate") }
            return names
        }
    }

    static func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-checkpoint-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func mismatch(of body: () throws -> Void) -> (missing: [String], unexpected: [String], misshaped: [String])? {
        do {
            try body()
            Issue.record("a checkpoint that does not fit was accepted")
        } catch let error as CheckpointError {
            if case let .mismatch(missing, unexpected, misshaped) = error.reason { return (missing, unexpected, misshaped) }
            Issue.record("expected a mismatch, got \(error)")
        } catch {
            Issue.record("expected a CheckpointError, got \(error)")
        }
        return nil
    }

    // MARK: - Resuming

    @Test func resumingContinuesBitForBit() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let straight = try Run(seed: 1)
        let straightLosses = try (0..<6).map { _ in try straight.step() }

        let first = try Run(seed: 1)
        let firstLosses = try (0..<3).map { _ in try first.step() }
        #expect(first.data.used != 4, "the data generator should be saved in the middle of a block")
        let path = dir + "/step-3.safetensors"
        try first.write(to: path, step: 3, metadata: ["run": "unit test", "note": "ü ∑ \"quoted\""])

        // Other initial weights, data stream and learning rate: all must come from the file.
        let resumed = try Run(seed: 2, learningRate: 0.05)
        #expect(!Snapshot(resumed.model, resumed.optimizer).differences(from: Snapshot(first.model, first.optimizer)).isEmpty)
        let checkpoint = try TrainingCheckpoint.restore(from: path, models: resumed.models, optimizers: resumed.optimizers)
        resumed.data = try checkpoint.generator("data")
        #expect(checkpoint.step == 3)
        #expect(checkpoint.metadata == ["run": "unit test", "note": "ü ∑ \"quoted\""])
        #expect(checkpoint.modelNames == ["M"] && checkpoint.optimizerNames == ["M"])
        #expect(resumed.data == first.data)
        #expect(Snapshot(resumed.model, resumed.optimizer).differences(from: Snapshot(first.model, first.optimizer)) == [])
        #expect(resumed.optimizer.learningRate.bitPattern == (1e-3 / 3).bitPattern)

        let resumedLosses = try (0..<3).map { _ in try resumed.step() }
        #expect(firstLosses + resumedLosses == straightLosses)
        #expect(Snapshot(resumed.model, resumed.optimizer).differences(from: Snapshot(straight.model, straight.optimizer)) == [])
        #expect(resumed.data == straight.data)
    }

    @Test func generatorStatesRoundTripExactly() throws {
        var generators: [String: PhiloxGenerator] = [:]
        for draws in 0..<6 {
            var g = PhiloxGenerator(seed: .max - UInt64(draws), stream: .max)
            for _ in 0..<(draws * 3) { _ = g.nextUInt32() }
            generators["g\(draws)"] = g
        }
        let bytes = try TrainingCheckpoint.serialized(models: [], generators: generators, step: 0)
        let checkpoint = try TrainingCheckpoint(data: bytes)
        #expect(checkpoint.generators == generators)
        for (name, original) in generators {
            var a = original, b = try checkpoint.generator(name)
            #expect((0..<9).map { _ in a.nextUInt32() } == (0..<9).map { _ in b.nextUInt32() })
        }
        #expect(throws: CheckpointError.self) { try checkpoint.generator("noise") }
    }

    // MARK: - Bytes

    @Test func theSameStateGivesTheSameBytes() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = try Run(seed: 3), b = try Run(seed: 3), other = try Run(seed: 4)
        for run in [a, b, other] { try run.step(); try run.step() }
        try a.write(to: dir + "/a.safetensors", step: 2, metadata: ["k": "v"])
        try b.write(to: dir + "/b.safetensors", step: 2, metadata: ["k": "v"])
        try a.write(to: dir + "/a.safetensors", step: 2, metadata: ["k": "v"])  // replaced in place
        try other.write(to: dir + "/other.safetensors", step: 2, metadata: ["k": "v"])
        let bytesA = try Data(contentsOf: URL(fileURLWithPath: dir + "/a.safetensors"))
        #expect(bytesA == (try Data(contentsOf: URL(fileURLWithPath: dir + "/b.safetensors"))))
        #expect(bytesA == (try TrainingCheckpoint.serialized(models: a.models, optimizers: a.optimizers,
                                                             generators: ["data": a.data], step: 2, metadata: ["k": "v"])))
        #expect(bytesA != (try Data(contentsOf: URL(fileURLWithPath: dir + "/other.safetensors"))))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["a.safetensors", "b.safetensors", "other.safetensors"])

        // The layout: PyTorch names under the model's prefix, optimizer slots, records.
        let file = try SafeTensorsFile(data: bytesA)
        #expect(Set(file.names) == Set(a.model.stateDict().map { "M." + $0.0 } + a.optimizer.stateTensors().map { "optimizer.M." + $0.0 }))
        #expect(file["M.1.num_batches_tracked"]?.dtype == .i64 && file["M.0.weight"]?.dtype == .f32)
        #expect(file["optimizer.M.exp_avg_sq.4"]?.shape == [3, 6])
        #expect(file.metadata["medsynth.format"] == "training-checkpoint" && file.metadata["medsynth.version"] == "1")
        #expect(file.metadata["medsynth.step"] == "2" && file.metadata["medsynth.models"] == "[\"M\"]")
        #expect(file.metadata["medsynth.optimizer.M"] == "{\"kind\":\"Adam\",\"learning_rate\":\(1e-3 / 3),\"parameters\":6,\"steps\":2}")
        #expect(file.metadata["k"] == "v")
    }

    // MARK: - Refusals

    @Test func modelsThatDoNotFitAreRefusedWithEveryNameListed() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var rng = PhiloxGenerator(seed: 5)
        let saved = try Run(seed: 5)
        try saved.step()
        let path = dir + "/models.safetensors"
        try TrainingCheckpoint.write(to: path, models: [("M", saved.model), ("extra", try Linear(inputs: 2, outputs: 2, generator: &rng))], step: 1)

        // No batch norm at 1, a narrower layer at 3, one more layer at 5.
        let target = Sequential([try Linear(inputs: 4, outputs: 6, generator: &rng), Activation(.relu), Activation(.relu),
                                 try Linear(inputs: 6, outputs: 2, generator: &rng), Activation(.relu),
                                 try Linear(inputs: 2, outputs: 3, generator: &rng)])
        let before = Snapshot(target)
        let checkpoint = try TrainingCheckpoint(contentsOf: path)
        let problems = Self.mismatch { try checkpoint.restore(models: [("M", target)]) }
        #expect(problems?.missing == ["M.5.weight", "M.5.bias"])
        #expect(problems?.unexpected == ["M.1.bias", "M.1.num_batches_tracked", "M.1.running_mean", "M.1.running_var", "M.1.weight",
                                         "extra.bias", "extra.weight"])
        #expect(problems?.misshaped == ["M.3.weight: model [2, 6], checkpoint [3, 6]", "M.3.bias: model [2], checkpoint [3]"])
        #expect(Snapshot(target).differences(from: before) == [], "a refused checkpoint changed the model")
        do {
            try checkpoint.restore(models: [("M", target)])
        } catch {
            let text = "\(error)"
            #expect(text.contains(path) && text.contains("M.5.weight") && text.contains("extra.weight") && text.contains("M.3.bias"))
        }

        // A model that does fit, but only one of the two saved: the other is unexpected.
        let fitting = try Run(seed: 6)
        #expect(Self.mismatch { try checkpoint.restore(models: fitting.models) }?.unexpected == ["extra.bias", "extra.weight"])
        // A counter where a tensor is expected (and the reverse).
        let file = try SafeTensorsFile(contentsOf: path)
        let swapped = try file.entries.map { e -> SafeTensorsEntry in
            switch e.name {
            case "M.1.num_batches_tracked": return try SafeTensorsEntry(name: e.name, dtype: .f32, shape: [], bytes: Data(count: 4))
            case "M.1.bias": return try SafeTensorsEntry(name: e.name, dtype: .i64, shape: [], bytes: Data(count: 8))
            default: return e
            }
        }
        try SafeTensorsFile(entries: swapped, metadata: file.metadata).write(to: path)
        let kinds = Self.mismatch { try TrainingCheckpoint(contentsOf: path).restore(models: fitting.models + [("extra", Linear(inputs: 2, outputs: 2, generator: &rng))]) }
        #expect(kinds?.misshaped.map { $0.prefix { $0 != ":" } } == ["M.1.bias", "M.1.num_batches_tracked"])
        #expect(kinds?.missing == [] && kinds?.unexpected == [])
    }

    @Test func optimizersThatDoNotFitAreRefusedWithEveryNameListed() throws {
        let saved = try Run(seed: 7)
        try saved.step()
        let checkpoint = try TrainingCheckpoint(data: try TrainingCheckpoint.serialized(
            models: saved.models, optimizers: saved.optimizers, step: 1), path: "saved.safetensors")

        // Adam over the first four of the six parameters.
        let target = try Run(seed: 8)
        let partial = Adam(parameters: Array(target.model.parameters.prefix(4)))
        let before = (Snapshot(target.model), Snapshot(target.model, partial))
        let fewer = Self.mismatch { try checkpoint.restore(models: target.models, optimizers: [("M", partial)]) }
        #expect(fewer?.missing == [])
        #expect(fewer?.misshaped == ["optimizer.M: checkpoint 6 parameters, given 4"])
        #expect(fewer?.unexpected == ["optimizer.M.exp_avg.4 (the optimizer has 4 parameters)", "optimizer.M.exp_avg.5 (the optimizer has 4 parameters)",
                                      "optimizer.M.exp_avg_sq.4 (the optimizer has 4 parameters)", "optimizer.M.exp_avg_sq.5 (the optimizer has 4 parameters)"])
        #expect(Snapshot(target.model).differences(from: before.0) == [] && Snapshot(target.model, partial).differences(from: before.1) == [])

        // Another kind of optimizer; an optimizer under another name.
        let sgd = try SGD(parameters: target.model.parameters, learningRate: 0.1, momentum: 0.9)
        #expect(Self.mismatch { try checkpoint.restore(models: target.models, optimizers: [("M", sgd)]) }?.misshaped
                == ["optimizer.M: checkpoint Adam, given SGD"])
        let renamed = Self.mismatch { try checkpoint.restore(models: target.models, optimizers: [("N", target.optimizer)]) }
        #expect(renamed?.missing == ["optimizer.N (no record of that optimizer)"])
        #expect(renamed?.unexpected.first == "optimizer.M" && renamed?.unexpected.count == 13)
        let fresh = try Run(seed: 8)
        #expect(Snapshot(target.model, target.optimizer).differences(from: Snapshot(fresh.model, fresh.optimizer)) == [])
    }

    @Test func anOptimizerRefusingItsStateUndoesTheOthers() throws {
        let a = try Run(seed: 9), b = try Run(seed: 10)
        for run in [a, b] { try run.step(); try run.step() }
        let bytes = try TrainingCheckpoint.serialized(models: [("A", a.model), ("B", b.model)],
                                                      optimizers: [("A", a.optimizer), ("B", b.optimizer)], step: 2)
        // A slot kind Adam does not have: the generic checks pass, Adam's own refuses it.
        let file = try SafeTensorsFile(data: bytes)
        let tampered = try file.entries.map { e in
            e.name == "optimizer.B.exp_avg_sq.0" ? try SafeTensorsEntry(name: "optimizer.B.momentum.0", dtype: e.dtype, shape: e.shape, bytes: e.bytes) : e
        }
        let checkpoint = try TrainingCheckpoint(data: try SafeTensorsFile(entries: tampered, metadata: file.metadata).serialized(), path: "tampered")

        let x = try Run(seed: 11), y = try Run(seed: 12)
        try x.step()
        let before = [Snapshot(x.model, x.optimizer), Snapshot(y.model, y.optimizer)]
        do {
            try checkpoint.restore(models: [("A", x.model), ("B", y.model)], optimizers: [("A", x.optimizer), ("B", y.optimizer)])
            Issue.record("a slot Adam does not know was accepted")
        } catch let error as CheckpointError {
            guard case let .optimizerRefused(name, why) = error.reason else { Issue.record("\(error)"); return }
            #expect(name == "B" && why.contains("momentum.0"))
        }
        #expect(Snapshot(x.model, x.optimizer).differences(from: before[0]) == [], "the first optimizer was not restored")
        #expect(Snapshot(y.model, y.optimizer).differences(from: before[1]) == [])
    }

    @Test func truncatedFilesAreRefusedNeverReadPastTheirEnd() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let run = try Run(seed: 13)
        try run.step()
        let bytes = try TrainingCheckpoint.serialized(models: run.models, optimizers: run.optimizers, generators: ["data": run.data], step: 1)
        let header = Int(bytes.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }.littleEndian)
        let end = 8 + header
        let target = try Run(seed: 14)
        let before = Snapshot(target.model, target.optimizer)
        for length in [0, 1, 7, 8, 9, end / 2, end - 1, end, end + 1, (end + bytes.count) / 2, bytes.count - 4, bytes.count - 1] {
            let path = dir + "/cut-\(length).safetensors"
            try bytes.prefix(length).write(to: URL(fileURLWithPath: path))
            do {
                _ = try TrainingCheckpoint.restore(from: path, models: target.models, optimizers: target.optimizers)
                Issue.record("a file cut at \(length) of \(bytes.count) bytes was accepted")
            } catch let error as SafeTensorsError {
                #expect(error.path == path)
                #expect("\(error)".contains("truncated"), "cut at \(length): \(error)")
            }
            #expect(throws: SafeTensorsError.self) { try target.model.loadState(contentsOf: path, prefix: "M.") }
        }
        #expect(Snapshot(target.model, target.optimizer).differences(from: before) == [])
        #expect(throws: Never.self) { try TrainingCheckpoint(data: bytes) }
    }

    @Test func otherVersionsAndOtherFilesAreRefused() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let run = try Run(seed: 15)
        try run.step()
        let file = try SafeTensorsFile(data: try TrainingCheckpoint.serialized(
            models: run.models, optimizers: run.optimizers, generators: ["data": run.data], step: 1))
        func rewritten(_ change: (inout [String: String]) -> Void) throws -> String {
            var metadata = file.metadata
            change(&metadata)
            let path = dir + "/\(UUID().uuidString).safetensors"
            try SafeTensorsFile(entries: file.entries, metadata: metadata).write(to: path)
            return path
        }
        func reason(_ path: String) -> CheckpointError.Reason? {
            do { _ = try TrainingCheckpoint(contentsOf: path) } catch let error as CheckpointError {
                #expect(error.path == path)
                return error.reason
            } catch { Issue.record("\(error)") }
            return nil
        }
        #expect(reason(try rewritten { $0["medsynth.version"] = "2" }) == .unsupportedVersion("2"))
        #expect(reason(try rewritten { $0["medsynth.format"] = "sampler" }) == .notACheckpoint(format: "sampler"))
        #expect(reason(try rewritten { $0["medsynth.future"] = "x" }) == .badMetadata(key: "medsynth.future", "not a key of format version 1"))
        if case let .badMetadata(key, _)? = reason(try rewritten { $0["medsynth.step"] = "-1" }) { #expect(key == "medsynth.step") } else { Issue.record("negative step") }
        if case let .badMetadata(key, _)? = reason(try rewritten { $0["medsynth.optimizer.M"] = "{\"kind\":\"Adam\"}" }) {
            #expect(key == "medsynth.optimizer.M")
        } else { Issue.record("incomplete optimizer record") }

        // Damaged generator states: a position past the block, a block that does not follow.
        let saved = try #require(file.metadata["medsynth.generator.data"])
        var json = try #require(try JSONSerialization.jsonObject(with: Data(saved.utf8)) as? [String: Any])
        json["used"] = 9
        let badPosition = String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)
        guard case let .badMetadata(key, why)? = reason(try rewritten { $0["medsynth.generator.data"] = badPosition }) else {
            Issue.record("a generator at position 9 was accepted"); return
        }
        #expect(key == "medsynth.generator.data" && why.contains("used = 9"))
        json["used"] = 1
        json["block"] = [1, 2, 3, 4]
        let badBlock = String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)
        #expect(reason(try rewritten { $0["medsynth.generator.data"] = badBlock }) != nil)

        // A plain state dict is not a training checkpoint (and says how to load it).
        let plain = dir + "/plain.safetensors"
        try run.model.saveState(to: plain)
        #expect(reason(plain) == .notACheckpoint(format: nil))
        #expect(CheckpointError(path: plain, reason: .notACheckpoint(format: nil)).description.contains("Layer.loadState(contentsOf:)"))
    }

    @Test func badNamesAreRefusedWhenWriting() throws {
        let run = try Run(seed: 16)
        func refused(_ body: () throws -> Data) -> String? {
            do { _ = try body(); Issue.record("accepted") } catch let error as CheckpointError {
                if case let .invalidName(name, _) = error.reason { return name }
            } catch { Issue.record("\(error)") }
            return nil
        }
        #expect(refused { try TrainingCheckpoint.serialized(models: run.models, step: 0, metadata: ["medsynth.step": "9"]) } == "medsynth.step")
        #expect(refused { try TrainingCheckpoint.serialized(models: [("optimizer", run.model)], step: 0) } == "optimizer")
        #expect(refused { try TrainingCheckpoint.serialized(models: [("G.main", run.model)], step: 0) } == "G.main")
        #expect(refused { try TrainingCheckpoint.serialized(models: [("M", run.model), ("M", run.model)], step: 0) } == "M")
        #expect(refused { try TrainingCheckpoint.serialized(models: run.models, generators: ["": run.data], step: 0) } == "")
        #expect(refused { try TrainingCheckpoint.serialized(models: run.models, step: -1) } == "step")
    }

    // MARK: - Single-model state files

    @Test func aLayerStateFileHoldsPlainPyTorchNames() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let source = try Run(seed: 17)
        try source.step()
        let path = dir + "/model.safetensors"
        try source.model.saveState(to: path, metadata: ["format": "pt"])
        let file = try SafeTensorsFile(contentsOf: path)
        #expect(file.names.sorted() == source.model.stateDict().map(\.0).sorted())
        #expect(file.metadata == ["format": "pt"])

        let target = try Run(seed: 18)
        try target.model.loadState(contentsOf: path)
        #expect(Snapshot(target.model).differences(from: Snapshot(source.model)) == [])

        // One model of a training checkpoint, by prefix or by name.
        try source.step()
        let checkpointPath = dir + "/checkpoint.safetensors"
        try source.write(to: checkpointPath, step: 2)
        try target.model.loadState(contentsOf: checkpointPath, prefix: "M.")
        #expect(Snapshot(target.model).differences(from: Snapshot(source.model)) == [])
        let other = try Run(seed: 19)
        try other.model.loadState(try TrainingCheckpoint(contentsOf: checkpointPath).modelState("M"))
        #expect(Snapshot(other.model).differences(from: Snapshot(source.model)) == [])

        // Strict: a narrower model is refused with the file named.
        var rng = PhiloxGenerator(seed: 20)
        let narrow = Sequential([try Linear(inputs: 4, outputs: 5, generator: &rng)])
        do {
            try narrow.loadState(contentsOf: path)
            Issue.record("a state of another model was accepted")
        } catch let error as StateMismatchError {
            #expect(error.source == path && error.misshaped.count == 2 && error.unexpected.count == 7)
        }
    }

    @Test func doubleValuesKeepTheirBits() throws {
        var writer = SafeTensorsWriter()
        let values = [1.0 / 3, -0.1, .pi * 1e-300]
        try writer.add("x", doubles: values, shape: [3])
        try writer.add("n", int64s: [Int64.max], shape: [])
        let file = try SafeTensorsFile(data: try writer.serialized())
        guard case let .tensor(t)? = try file.entry("x").exactStateValue() else { Issue.record("no tensor"); return }
        #expect(t.dtype == .float64 && t.doubles.map(\.bitPattern) == values.map(\.bitPattern))
        guard case let .integer(n)? = try file.entry("n").exactStateValue() else { Issue.record("no counter"); return }
        #expect(n == .max)
    }
}
