import Foundation
import Imaging
import Models
import NeuralCore
import SafeTensors

extension Inspector {
    /// Describes a safetensors file: size, tensor and value counts, dtypes, metadata and every
    /// tensor. A medsynth training checkpoint is described by its records instead of its raw
    /// metadata: step, models, optimizers, random generators, the DCGAN configuration and the
    /// caller's metadata. A file that cannot be read (truncated, damaged) throws the
    /// `SafeTensorsError` naming it; a checkpoint whose records are damaged is described as a
    /// plain file with a `problem` field.
    public static func inspectSafeTensors(_ path: String) throws -> InfoReport {
        let file = try SafeTensorsFile(contentsOf: path)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
        var checkpoint: TrainingCheckpoint?, problem: String?
        if file.metadata["medsynth.format"] != nil {
            do { checkpoint = try TrainingCheckpoint(file: file) } catch { problem = "\(error)" }
        }

        var r = InfoReport(path: path, kind: checkpoint == nil ? "safetensors" : "medsynth training checkpoint")
        if let size { r.add("fileSize", .number(Double(size)), text: SafeTensorsInfo.size(size)) }
        let values = file.entries.reduce(0) { $0 + $1.elementCount }
        r.add("tensors", .number(Double(file.entries.count)), text: SafeTensorsInfo.grouped(file.entries.count))
        r.add("values", .number(Double(values)), text: SafeTensorsInfo.grouped(values))
        var dtypes: [String: Int] = [:]
        for e in file.entries { dtypes[e.dtype.rawValue, default: 0] += 1 }
        let byUse = dtypes.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        r.add("dtypes", .object(dtypes.mapValues { .number(Double($0)) }),
              text: byUse.map { "\($0.key) (\(SafeTensorsInfo.grouped($0.value)))" }.joined(separator: ", "))
        if let problem { r.add("problem", .string(problem)) }

        var metadata = file.metadata
        if let checkpoint { metadata = checkpointFields(checkpoint, into: &r) }
        if !metadata.isEmpty {
            let keys = metadata.keys.sorted()
            r.add("metadata", .object(metadata.mapValues { .string($0) }),
                  text: keys.map { "\($0): \(SafeTensorsInfo.shortened(metadata[$0] ?? ""))" }.joined(separator: "\n"))
        }
        let rows = SafeTensorsInfo.rows(file.entries)
        r.tensors = rows
        if checkpoint == nil { r.tensorLines = SafeTensorsInfo.lines(rows) }
        return r
    }

    /// Adds a checkpoint's records to `r`; returns the metadata left to list as is (the
    /// caller's, less the DCGAN records shown as fields).
    static func checkpointFields(_ c: TrainingCheckpoint, into r: inout InfoReport) -> [String: String] {
        let grouped = SafeTensorsInfo.grouped
        r.add("step", .number(Double(c.step)), text: grouped(c.step))

        func totals(prefix: String) -> (tensors: Int, values: Int) {
            c.file.entries.filter { $0.name.hasPrefix(prefix) }.reduce((0, 0)) { ($0.0 + 1, $0.1 + $1.elementCount) }
        }
        var models: [String: JSONValue] = [:], modelLines: [String] = []
        for name in c.modelNames {
            let t = totals(prefix: TrainingCheckpoint.modelEntryPrefix(name))
            models[name] = .object(["tensors": .number(Double(t.tensors)), "values": .number(Double(t.values))])
            modelLines.append("\(name): \(grouped(t.tensors)) tensors, \(grouped(t.values)) values")
        }
        r.add("models", .object(models), text: modelLines.joined(separator: "\n"))

        if !c.optimizers.isEmpty {
            var optimizers: [String: JSONValue] = [:], lines: [String] = []
            for o in c.optimizers {
                let t = totals(prefix: o.entryPrefix)
                optimizers[o.name] = .object([
                    "kind": .string(o.kind), "parameters": .number(Double(o.parameters)), "steps": .number(Double(o.steps)),
                    "learningRate": .number(o.learningRate), "tensors": .number(Double(t.tensors)), "values": .number(Double(t.values)),
                ])
                lines.append("\(o.name): \(o.kind), \(grouped(o.steps)) step\(o.steps == 1 ? "" : "s"), learning rate \(SafeTensorsInfo.number(o.learningRate)), "
                             + "\(grouped(o.parameters)) parameters, state \(grouped(t.tensors)) tensors (\(grouped(t.values)) values)")
            }
            r.add("optimizers", .object(optimizers), text: lines.joined(separator: "\n"))
        }
        let generators = c.generators.keys.sorted()
        r.add("generators", .array(generators.map { .string($0) }), text: generators.isEmpty ? "none" : generators.joined(separator: ", "))

        var metadata = c.metadata
        typealias Names = DCGANTrainer.CheckpointNames
        if let text = metadata[Names.configuration],
           let d = try? JSONDecoder().decode(DCGAN.Configuration.self, from: Data(text.utf8)) {
            metadata[Names.configuration] = nil
            r.add("dcgan", .object(["latent": .number(Double(d.latent)), "generatorFeatures": .number(Double(d.generatorFeatures)),
                                    "discriminatorFeatures": .number(Double(d.discriminatorFeatures)), "channels": .number(Double(d.channels))]),
                  text: "latent \(d.latent), generator features \(d.generatorFeatures), discriminator features \(d.discriminatorFeatures), channels \(d.channels)")
        }
        if let text = metadata[Names.betas], let betas = try? JSONDecoder().decode([Double].self, from: Data(text.utf8)) {
            metadata[Names.betas] = nil
            r.add("adamBetas", .array(betas.map { .number($0) }), text: betas.map(SafeTensorsInfo.number).joined(separator: ", "))
        }
        return metadata
    }
}
