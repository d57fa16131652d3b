import Foundation
import Imaging
import NIfTI
import Preprocessing

/// `medsynth preprocess`: runs the flags' steps and a pipeline file on every NIfTI image of
/// the input (in parallel), writing each result with its label maps and a JSON record of
/// the transforms applied. A file that fails is reported with the reason; the run goes on.
public enum PreprocessJob {
    public enum Event: Sendable {
        case processing(done: Int, total: Int, name: String)
    }

    public static func run(_ options: PreprocessOptions, progress: (@Sendable (Event) -> Void)? = nil) throws -> PreprocessSummary {
        let start = Date()
        let pipeline = try PreprocessPlan.pipeline(for: options)
        let seed = pipeline.seed ?? 0
        let inputs = try PreprocessInputs.find(options.input, labelSuffixes: options.labelSuffixes)
        var isDir: ObjCBool = false
        let singleFile = FileManager.default.fileExists(atPath: options.input, isDirectory: &isDir) && !isDir.boolValue
        let outputIsFile = singleFile && PreprocessInputs.split((options.output as NSString).lastPathComponent) != nil
        if !outputIsFile {
            do { try FileManager.default.createDirectory(atPath: options.output, withIntermediateDirectories: true) } catch {
                throw PipelineError(path: options.output, reason: "cannot create the output folder: \(error.localizedDescription)")
            }
        }
        if inputs.items.isEmpty && !singleFile {
            throw PipelineError(path: options.input, reason: "no NIfTI images (.nii, .nii.gz, .hdr) found")
        }
        let total = inputs.items.count
        let results = ConcurrentSlots<PreprocessSummary.FileResult>(count: total)
        let next = ConcurrentSlots<Int>(count: 0)
        progress?(.processing(done: 0, total: total, name: ""))
        DispatchQueue.concurrentPerform(iterations: min(options.jobs, max(total, 1))) { _ in
            while true {
                let i = next.increment() - 1
                if i >= total { break }
                let item = inputs.items[i]
                let target = outputIsFile ? options.output : outputPath(for: item, options: options)
                results.set(i, process(item, to: target, pipeline: pipeline, seed: seed, options: options))
                progress?(.processing(done: results.values.compactMap { $0 }.count, total: total, name: item.relative))
            }
        }
        var files = results.values.compactMap { $0 }
        for s in inputs.skipped {
            files.append(.init(input: s.path, status: .skipped, outputs: [], labelMaps: [], reason: s.reason, seconds: 0))
        }
        return PreprocessSummary(input: options.input, output: options.output, pipeline: pipeline.summary,
                                 seed: seed, files: files, seconds: Date().timeIntervalSince(start))
    }

    static func outputPath(for item: PreprocessInputs.Item, options: PreprocessOptions) -> String {
        let stem = PreprocessInputs.split(item.relative)?.stem ?? item.relative
        return (options.output as NSString).appendingPathComponent(stem + (options.gzip ? ".nii.gz" : ".nii"))
    }

    /// Processes one image; failures are recorded, not thrown.
    static func process(_ item: PreprocessInputs.Item, to target: String, pipeline: Pipeline, seed: UInt64,
                        options: PreprocessOptions) -> PreprocessSummary.FileResult {
        let t0 = Date()
        var result = PreprocessSummary.FileResult(input: item.path, status: .failed, outputs: [], labelMaps: [],
                                                  reason: nil, seconds: 0)
        defer { result.seconds = Date().timeIntervalSince(t0) }
        let split = PreprocessInputs.split(target)
        let stem = split?.stem ?? target, ext = split?.ext ?? ".nii.gz"
        let recordPath = stem + ".json"
        let labelPaths = item.labelMaps.keys.sorted().map { ($0, item.labelMaps[$0]!, stem + $0 + ext) }
        do {
            if !options.overwrite {
                for p in [target, recordPath] + labelPaths.map(\.2) where FileManager.default.fileExists(atPath: p) {
                    throw PipelineError(path: p, reason: "the output exists; use --overwrite to replace it")
                }
            }
            let image = try NIfTIReader.readVolume(at: item.path)
            var maps: [String: Volume] = [:]
            for (suffix, path, _) in labelPaths { maps[suffix] = try NIfTIReader.readVolume(at: path) }
            var subject: Subject
            do { subject = try Subject(image: image, labelMaps: maps) } catch { throw PreprocessError.inFile(path: item.path, error) }
            var random = SeededRandom(seed: seed, stream: item.relative)
            do { try pipeline.run(&subject, random: &random) } catch { throw PreprocessError.inFile(path: item.path, error) }
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            var writeOptions = NIfTIWriteOptions(description: "medsynth \(MedsynthVersion.current) preprocess")
            writeOptions.sformCode = 1
            writeOptions.qformCode = 1
            try NIfTIWriter.write(subject.image, to: target, options: writeOptions)
            result.outputs.append(target)
            var written: [String: String] = [:]
            for (suffix, _, out) in labelPaths {
                guard let m = subject.labelMaps[suffix] else { continue }
                try NIfTIWriter.write(m, to: out, options: writeOptions)
                result.outputs.append(out)
                result.labelMaps.append(out)
                written[suffix] = out
            }
            let g = subject.image.geometry
            let record = PreprocessRecord(
                software: "medsynth \(MedsynthVersion.current)", source: item.path, labelMaps: written, seed: seed,
                transforms: subject.history, shape: subject.image.shape, spacing: g.spacing,
                orientation: g.orientationCode, affine: Array(g.affine.rows.prefix(3)), voxelType: subject.image.voxelType.rawValue)
            try AtomicFile.write([UInt8](try JSONOutput.encode(record)) + [0x0A], to: recordPath)
            result.outputs.append(recordPath)
            result.status = .written
            result.shape = subject.image.shape
            result.spacing = g.spacing
            result.orientation = g.orientationCode
            result.voxelType = subject.image.voxelType.rawValue
        } catch {
            result.reason = "\(error)"
        }
        return result
    }
}
