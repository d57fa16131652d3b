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
        let inputs = try PreprocessInputs.find(options.input, labelSuffixes: options.labelSuffixes, excluding: options.output)
        var isDir: ObjCBool = false
        let singleFile = FileManager.default.fileExists(atPath: options.input, isDirectory: &isDir) && !isDir.boolValue
        let outputIsFile = singleFile && NIfTIInputs.split((options.output as NSString).lastPathComponent) != nil
        if !singleFile && canonical(options.input) == canonical(options.output) {
            throw PipelineError(path: options.output, reason: "the output folder must not be the input folder (the outputs would mix with or replace the inputs); choose another folder")
        }
        if inputs.items.isEmpty && !singleFile {
            throw PipelineError(path: options.input, reason: "no NIfTI images (.nii, .nii.gz, .hdr/.img) found (\(inputs.skipped.count) other file\(inputs.skipped.count == 1 ? "" : "s"))")
        }
        if !outputIsFile {
            do { try FileManager.default.createDirectory(atPath: options.output, withIntermediateDirectories: true) } catch {
                throw PipelineError(path: options.output, reason: "cannot create the output folder: \(error.localizedDescription)")
            }
        }
        let total = inputs.items.count
        let outputs = inputs.items.map { OutputFiles(item: $0, target: outputIsFile ? options.output : outputPath(for: $0, options: options)) }
        let conflicts = findConflicts(inputs.items, outputs)
        progress?(.processing(done: 0, total: total, name: ""))
        let results = ConcurrentSlots<PreprocessSummary.FileResult>.compute(count: total, workers: options.jobs, { i in
            let item = inputs.items[i]
            if let reason = conflicts[i] {
                return .init(input: item.path, status: .failed, outputs: [], labelMaps: [], reason: reason, seconds: 0)
            }
            return process(item, to: outputs[i], pipeline: pipeline, seed: seed, options: options)
        }, finished: { i, done in
            progress?(.processing(done: done, total: total, name: inputs.items[i].relative))
        })
        var files = results.enumerated().map { i, r in
            r ?? .init(input: inputs.items[i].path, status: .failed, outputs: [], labelMaps: [], reason: "not processed", seconds: 0)
        }
        for s in inputs.skipped {
            files.append(.init(input: s.path, status: .skipped, outputs: [], labelMaps: [], reason: s.reason, seconds: 0))
        }
        return PreprocessSummary(input: options.input, output: options.output, pipeline: pipeline.summary,
                                 seed: seed, files: files, seconds: Date().timeIntervalSince(start))
    }

    static func outputPath(for item: PreprocessInputs.Item, options: PreprocessOptions) -> String {
        let stem = NIfTIInputs.split(item.relative)?.stem ?? item.relative
        return (options.output as NSString).appendingPathComponent(stem + (options.gzip ? ".nii.gz" : ".nii"))
    }

    /// The files written for one image: the image, its label maps (next to it, under the
    /// same suffix and extension) and the JSON record (same stem, .json).
    struct OutputFiles {
        var image: String
        var labelMaps: [(suffix: String, source: String, output: String)]
        var record: String
        var all: [String] { [image] + labelMaps.map(\.output) + [record] }

        init(item: PreprocessInputs.Item, target: String) {
            let split = NIfTIInputs.split(target)
            let stem = split?.stem ?? target, ext = split?.ext ?? ".nii.gz"
            image = target
            labelMaps = item.labelMaps.sorted { $0.key < $1.key }.map { ($0.key, $0.value, stem + $0.key + ext) }
            record = stem + ".json"
        }
    }

    /// Items that must not run, with the reason: a second image with the same output name
    /// (a.nii beside a.nii.gz), or outputs that would replace an input file.
    static func findConflicts(_ items: [PreprocessInputs.Item], _ outputs: [OutputFiles]) -> [Int: String] {
        let inputFiles = Set(items.flatMap { [$0.path] + $0.labelMaps.values }.map(canonical))
        var owner: [String: Int] = [:], conflicts: [Int: String] = [:]
        for (i, out) in outputs.enumerated() {
            let key = canonical(out.image)
            if let j = owner[key] {
                conflicts[i] = "\(items[j].relative) is written to the same output \(out.image) (same name, another extension); rename one of them"
            } else if let clash = out.all.first(where: { inputFiles.contains(canonical($0)) }) {
                conflicts[i] = "the output \(clash) would replace an input file; choose another output"
            } else {
                owner[key] = i
            }
        }
        return conflicts
    }

    /// An absolute path with symbolic links resolved (the file need not exist).
    static func canonical(_ path: String) -> String { CanonicalPath.of(path) }

    /// Processes one image; failures are recorded, not thrown. A failure after the first
    /// write removes the image's whole output set, so no partial or stale set is left.
    static func process(_ item: PreprocessInputs.Item, to out: OutputFiles, pipeline: Pipeline, seed: UInt64,
                        options: PreprocessOptions) -> PreprocessSummary.FileResult {
        let t0 = Date()
        var result = PreprocessSummary.FileResult(input: item.path, status: .failed, outputs: [], labelMaps: [],
                                                  reason: nil, seconds: 0)
        defer { result.seconds = Date().timeIntervalSince(t0) }
        let fm = FileManager.default
        var wrote = false
        do {
            if !options.overwrite {
                for p in out.all where fm.fileExists(atPath: p) {
                    throw PipelineError(path: p, reason: "the output exists; use --overwrite to replace it")
                }
            }
            let image = try NIfTIReader.readVolume(at: item.path)
            var maps: [String: Volume] = [:]
            for (suffix, source, _) in out.labelMaps {
                let map = try NIfTIReader.readVolume(at: source)
                do { try Subject.requireSameGrid(map, as: image, name: "label map \(suffix)") } catch {
                    throw PreprocessError.inFile(path: source, error)
                }
                maps[suffix] = map
            }
            var subject: Subject
            do { subject = try Subject(image: image, labelMaps: maps) } catch { throw PreprocessError.inFile(path: item.path, error) }
            var random = SeededRandom(seed: seed, stream: item.relative)
            do { try pipeline.run(&subject, random: &random) } catch { throw PreprocessError.inFile(path: item.path, error) }
            let folder = (out.image as NSString).deletingLastPathComponent
            do { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw PipelineError(path: folder, reason: "cannot create the output folder: \(error.localizedDescription)")
            }
            var writeOptions = NIfTIWriteOptions(description: "medsynth \(MedsynthVersion.current) preprocess")
            writeOptions.sformCode = 1
            writeOptions.qformCode = 1
            wrote = true
            try NIfTIWriter.write(subject.image, to: out.image, options: writeOptions)
            var written: [String: String] = [:]
            for (suffix, _, path) in out.labelMaps {
                guard let m = subject.labelMaps[suffix] else { continue }
                try NIfTIWriter.write(m, to: path, options: writeOptions)
                written[suffix] = path
            }
            let g = subject.image.geometry
            let record = PreprocessRecord(
                software: "medsynth \(MedsynthVersion.current)", source: item.path, labelMaps: written, seed: seed,
                transforms: subject.history, shape: subject.image.shape, spacing: g.spacing,
                orientation: g.orientationCode, affine: Array(g.affine.rows.prefix(3)), voxelType: subject.image.voxelType.rawValue)
            try AtomicJSON.write(record, to: out.record)
            result.labelMaps = written.keys.sorted().compactMap { written[$0] }
            result.outputs = [out.image] + result.labelMaps + [out.record]
            result.status = .written
            result.shape = subject.image.shape
            result.spacing = g.spacing
            result.orientation = g.orientationCode
            result.voxelType = subject.image.voxelType.rawValue
        } catch {
            if wrote { for p in out.all { unlink(p) } }  // files only, never a folder in the way
            result.reason = "\(error)"
        }
        return result
    }
}
