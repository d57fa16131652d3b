import Foundation
import Imaging
import Models
import NeuralCore
import Pipelines
import SafeTensors
import Testing

/// `medsynth info` on safetensors files: a DCGAN training checkpoint, a plain state dict,
/// damaged files.
struct InfoSafeTensorsTests {
    static let configuration = DCGAN.Configuration(latent: 8, generatorFeatures: 2, discriminatorFeatures: 2, channels: 1)

    static func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-info-safetensors-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func trainer() throws -> DCGANTrainer {
        var rng = PhiloxGenerator(seed: 11)
        return try DCGANTrainer(generator: DCGANGenerator(configuration, generator: &rng),
                                discriminator: DCGANDiscriminator(configuration, generator: &rng), learningRate: 3e-4, noiseSeed: 4)
    }

    static func field(_ r: InfoReport, _ key: String) -> JSONValue? { r.fields.first { $0.key == key }?.value }
    static func text(_ r: InfoReport, _ key: String) -> String? { r.fields.first { $0.key == key }?.text }

    /// Tensors and values of a model's state dict, counted from the model itself.
    static func counts(_ model: any Layer) -> (tensors: Int, values: Int) {
        model.stateDict().reduce((0, 0)) { acc, item in
            switch item.1 {
            case let .tensor(t): return (acc.0 + 1, acc.1 + t.shape.reduce(1, *))
            case .integer: return (acc.0 + 1, acc.1 + 1)
            }
        }
    }

    @Test func describesATrainingCheckpoint() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let trainer = try Self.trainer()
        var rng = PhiloxGenerator(seed: 5, stream: 2)
        for _ in 0..<2 { try trainer.step(real: Tensor.uniform([2, 1, 64, 64], low: -1, high: 1, generator: &rng)) }
        let path = dir + "/step-2.safetensors"
        let longNote = String(repeating: "chest radiographs, ", count: 20)
        try trainer.saveCheckpoint(to: path, metadata: ["dataset": "blobs", "note": longNote])

        let r = try Inspector.inspect(path)
        #expect(r.kind == "medsynth training checkpoint")
        #expect(Self.field(r, "step") == .number(2))
        let g = Self.counts(trainer.generator), d = Self.counts(trainer.discriminator)
        #expect(Self.field(r, "models") == .object([
            "G": .object(["tensors": .number(Double(g.tensors)), "values": .number(Double(g.values))]),
            "D": .object(["tensors": .number(Double(d.tensors)), "values": .number(Double(d.values))]),
        ]))
        #expect(Self.text(r, "models") == "G: \(g.tensors) tensors, \(SafeTensorsInfo.grouped(g.values)) values\n"
                                        + "D: \(d.tensors) tensors, \(SafeTensorsInfo.grouped(d.values)) values")

        // Optimizers: the trainer's own Adam states.
        guard case let .object(optimizers)? = Self.field(r, "optimizers"), case let .object(adamG)? = optimizers["G"] else {
            Issue.record("no optimizer G in \(String(describing: Self.field(r, "optimizers")))"); return
        }
        #expect(Set(optimizers.keys) == ["G", "D"])
        #expect(adamG["kind"] == .string("Adam"))
        #expect(adamG["steps"] == .number(Double(trainer.generatorOptimizer.steps)))
        #expect(adamG["learningRate"] == .number(3e-4))
        #expect(adamG["parameters"] == .number(Double(trainer.generator.parameters.count)))
        #expect(Self.text(r, "optimizers")?.contains("G: Adam, 2 steps, learning rate 0.0003") == true)

        #expect(Self.field(r, "generators") == .array([.string("noise")]))
        #expect(Self.field(r, "dcgan") == .object(["latent": .number(8), "generatorFeatures": .number(2),
                                                   "discriminatorFeatures": .number(2), "channels": .number(1)]))
        #expect(Self.field(r, "adamBetas") == .array([.number(0.5), .number(0.999)]))

        // The caller's metadata, full in JSON and shortened in text; the records are not repeated.
        #expect(Self.field(r, "metadata") == .object(["dataset": .string("blobs"), "note": .string(longNote)]))
        let metadataText = try #require(Self.text(r, "metadata"))
        #expect(metadataText.contains("dataset: blobs"))
        #expect(metadataText.contains("(\(longNote.count) characters)"))
        #expect(metadataText.count < longNote.count)

        // Whole-file counts agree with the file read directly; JSON lists every tensor.
        let file = try SafeTensorsFile(contentsOf: path)
        #expect(Self.field(r, "tensors") == .number(Double(file.entries.count)))
        #expect(file.entries.count > g.tensors + d.tensors, "optimizer state tensors are counted too")
        #expect(Self.field(r, "values") == .number(Double(file.entries.reduce(0) { $0 + $1.elementCount })))
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)
        #expect(Self.field(r, "fileSize") == .number(size.doubleValue))
        #expect(r.tensors?.count == file.entries.count)
        #expect(r.tensorLines == nil, "a checkpoint is summarized by its records")
        let json = try JSONOutput.string(r)
        #expect(json.contains("\"G.main.0.weight\""))
        #expect(json.contains("\"optimizer.D."))
    }

    @Test func listsAPlainStateDictByModule() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let trainer = try Self.trainer()
        let path = dir + "/generator.safetensors"
        try trainer.generator.saveState(to: path, metadata: ["format": "pt"])

        let r = try Inspector.inspect(path)
        #expect(r.kind == "safetensors")
        let g = Self.counts(trainer.generator)
        #expect(Self.field(r, "tensors") == .number(Double(g.tensors)))
        #expect(Self.field(r, "values") == .number(Double(g.values)))
        #expect(Self.field(r, "dtypes") == .object(["F32": .number(Double(g.tensors - 4)), "I64": .number(4)]))
        #expect(Self.field(r, "metadata") == .object(["format": .string("pt")]))
        #expect(Self.field(r, "step") == nil)

        // Natural order (main.3 before main.12), every tensor in JSON with its shape.
        let names = try #require(r.tensors).map(\.name)
        #expect(names.count == g.tensors)
        #expect(names.first == "main.0.weight")
        #expect(try #require(names.firstIndex(of: "main.3.weight")) < #require(names.firstIndex(of: "main.12.weight")))
        #expect(r.tensors?.first?.shape == [8, 16, 4, 4])

        // Text: a batch norm's four same-shaped tensors share a line; the counter has its own.
        let lines = try #require(r.tensorLines)
        #expect(lines.count <= SafeTensorsInfo.maxTextLines)
        #expect(lines.contains { $0.hasPrefix("main.1.{bias,running_mean,running_var,weight}") && $0.hasSuffix("F32  [16]") })
        #expect(lines.contains { $0.hasPrefix("main.1.num_batches_tracked") && $0.hasSuffix("I64  []") })
        #expect(lines.first?.hasPrefix("main.0.weight") == true)
    }

    @Test func longListingsEndWithTheCountLeftOut() throws {
        let tensors = (0..<30).map { SafeTensorsInfo.Tensor(name: "layers.\($0).weight", dtype: "BF16", shape: [4], values: 4) }
        let lines = SafeTensorsInfo.lines(tensors, maxLines: 20)
        #expect(lines.count == 20)
        #expect(lines[18].hasPrefix("layers.18.weight"))
        #expect(lines[19] == "... 11 more tensors (the JSON output lists every tensor)")
        #expect(SafeTensorsInfo.lines(Array(tensors.prefix(20)), maxLines: 20).count == 20)
    }

    @Test func truncatedFileIsRefusedNamingIt() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/state.safetensors"
        try Self.trainer().discriminator.saveState(to: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let truncated = dir + "/truncated.safetensors"
        try bytes.prefix(bytes.count - 100).write(to: URL(fileURLWithPath: truncated))

        #expect(throws: SafeTensorsError.self) { try Inspector.inspect(truncated) }
        do {
            _ = try Inspector.inspect(truncated)
        } catch {
            #expect("\(error)".contains(truncated))
            #expect("\(error)".contains("truncated"))
        }
        let tooShort = dir + "/short.safetensors"
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: tooShort))
        #expect(throws: SafeTensorsError(path: tooShort, reason: .fileTooShort(size: 3))) { try Inspector.inspect(tooShort) }
    }

    @Test func checkpointWithDamagedRecordsIsDescribedWithTheProblem() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/future.safetensors"
        var writer = SafeTensorsWriter(metadata: ["medsynth.format": "training-checkpoint", "medsynth.version": "99"])
        try writer.add("G.weight", floats: [1, 2, 3, 4, 5, 6], shape: [2, 3])
        try writer.write(to: path)

        let r = try Inspector.inspect(path)
        #expect(r.kind == "safetensors")
        #expect(Self.field(r, "values") == .number(6))
        let problem = try #require(Self.text(r, "problem"))
        #expect(problem.contains(path) && problem.contains("version \"99\""))
        #expect(r.tensorLines == ["G.weight  F32  [2, 3]"])
    }

    @Test func naturalOrder() {
        let names = ["main.10.weight", "main.2.bias", "main.2", "main.2.weight", "a", "main.b", "main.1"]
        #expect(names.sorted(by: SafeTensorsInfo.precedes) == ["a", "main.1", "main.2", "main.2.bias", "main.2.weight", "main.10.weight", "main.b"])
        #expect(SafeTensorsInfo.grouped(3_576_704) == "3,576,704")
        #expect(SafeTensorsInfo.grouped(999) == "999")
        #expect(SafeTensorsInfo.size(14_302_208) == "14.3 MB (14,302,208 bytes)")
    }
}
