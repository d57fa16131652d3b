import ArgumentParser
import Foundation
import Pipelines
import Preprocessing

struct PreprocessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preprocess",
        abstract: "Resample, reorient, normalize, crop/pad or augment NIfTI images, keeping their geometry.",
        discussion: """
        Runs on one NIfTI file or every NIfTI file in a folder (recursively, in parallel).
        Steps named by flags run in this order: --orient, --spacing/--like,
        --crop-foreground, --normalize, --shape; then the transforms of --pipeline.
        Each output gets a JSON record (same name, .json) of the transforms applied and
        their parameters. Label maps found by --label-suffix move with their image
        (nearest neighbour, never blended). Exits with status 1 when any file failed.

        --normalize: zscore | minmax | percentile:P1,P99 | window:PRESET (brain, subdural,
        lung, bone, abdomen; CT in Hounsfield units) | window:LEVEL,WIDTH

        Examples:
          medsynth preprocess anatomical.nii -o out/anat_1mm.nii.gz --orient RAS --spacing 1,1,1
          medsynth preprocess ./nifti -o ./prep --orient RAS --spacing 1 --normalize percentile:0.5,99.5 --shape 160,192,160
          medsynth preprocess ./ct -o ./ct-prep --normalize window:brain --crop-foreground
          medsynth preprocess ./nifti -o ./aug --pipeline augment.yaml --seed 7 --label-suffix _seg --json summary.json
          medsynth preprocess ./nifti -o ./same-grid --like template.nii.gz --interpolation bspline
          medsynth preprocess ./train --train-landmarks landmarks.json     # then: histogram_standardization: {landmarks_file: landmarks.json}
        """)

    @Argument(help: "A NIfTI file (.nii, .nii.gz, .hdr) or a folder of them.")
    var input: String

    @Option(name: [.short, .customLong("out")], help: "Output folder, or a file name ending in .nii/.nii.gz for a single input.")
    var output: String?

    @Option(name: .customLong("train-landmarks"),
            help: "Train histogram-standardization landmarks on the inputs and write them to this JSON file (before any -o processing).")
    var trainLandmarks: String?

    @Option(name: .customLong("landmark-mask-suffix"), help: "With --train-landmarks: statistics inside IMAGE<suffix>.nii[.gz] where present.")
    var landmarkMaskSuffix: String?

    @Option(help: "Resample to this spacing in mm: X,Y,Z or one value for all axes.")
    var spacing: String?

    @Option(help: "Resample onto the grid of this NIfTI image instead (any affine).")
    var like: String?

    @Option(help: "Interpolation for --spacing/--like: nearest, linear, bspline (cubic).")
    var interpolation: String = "linear"

    @Option(help: "Reorient to this axis code (e.g. RAS, LPS) by exact permutation and flips.")
    var orient: String?

    @Option(help: "Intensity normalization (see above).")
    var normalize: String?

    @Flag(name: .customLong("crop-foreground"), help: "Crop to the bounding box of the foreground.")
    var cropForeground = false

    @Option(help: "Crop or pad (centred) to this shape: X,Y,Z.")
    var shape: String?

    @Option(help: "YAML pipeline file with further transforms.")
    var pipeline: String?

    @Option(help: "Seed of random transforms (default: the pipeline file's seed, else 0).")
    var seed: UInt64?

    @Option(name: .customLong("label-suffix"), help: "Label maps beside each image: IMAGE<suffix>.nii[.gz] (repeatable).")
    var labelSuffixes: [String] = []

    @Flag(name: .customLong("no-gzip"), help: "Write .nii instead of .nii.gz.")
    var noGzip = false

    @Option(help: "Files processed at once.")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Replace existing outputs.")
    var overwrite = false

    @Option(name: .customLong("json"), help: "Also write the summary as JSON to this file.")
    var jsonFile: String?

    func validate() throws {
        if output == nil && trainLandmarks == nil {
            throw ValidationError("give an output with -o (or --train-landmarks FILE to train landmarks only)")
        }
        if landmarkMaskSuffix != nil && trainLandmarks == nil {
            throw ValidationError("--landmark-mask-suffix is used only with --train-landmarks FILE")
        }
        if let trainLandmarks, !overwrite, FileManager.default.fileExists(atPath: trainLandmarks) {
            throw ValidationError("--train-landmarks: \(trainLandmarks) exists; use --overwrite to replace it")
        }
    }

    func run() throws {
        // The flags are checked before any landmark training (which can take long).
        var options: PreprocessOptions?
        if output != nil {
            do {
                options = try makeOptions()
                // The pipeline file may use the landmarks about to be trained: only the flags' steps here.
                if var flagsOnly = options, trainLandmarks != nil {
                    flagsOnly.pipelineFile = nil
                    _ = try PreprocessPlan.pipeline(for: flagsOnly)
                }
            } catch {
                Output.stderr("error: \(error)")
                throw ExitCode(2)
            }
        }
        var trainingFailed = false
        if let trainLandmarks {
            let bar = ProgressBar("training landmarks")
            do {
                let t = try LandmarkTraining.run(input: input, output: trainLandmarks, maskSuffix: landmarkMaskSuffix, jobs: jobs) { d, n in
                    bar.update(d, n)
                }
                bar.finish()
                for f in t.failed { print("FAILED   \(f.path): \(f.reason)") }
                for f in t.skipped { print("skipped  \(f.path): \(f.reason)") }
                let values = t.landmarks?.values.map { String(format: "%.2f", $0) }.joined(separator: " ") ?? ""
                print(String(format: "landmarks from %d image(s) written to %@ in %.2f s: %@", t.used.count, trainLandmarks, t.seconds, values))
                trainingFailed = !t.failed.isEmpty
                if options == nil {
                    if let jsonFile { try AtomicJSON.write(t, to: jsonFile) }
                    if trainingFailed { throw ExitCode(1) }
                    return
                }
            } catch let e as ExitCode {
                throw e
            } catch {
                bar.finish()
                Output.stderr("error: \(error)")
                throw ExitCode(2)
            }
        }
        guard let options else { return }
        let bar = ProgressBar("preprocessing")
        let summary = try bar.run {
            try PreprocessJob.run(options) { event in
                switch event {
                case .processing(let d, let t, let name): bar.update(d, t, note: name)
                }
            }
        }
        for f in summary.files {
            switch f.status {
            case .written:
                let shape = f.shape?.map(String.init).joined(separator: "x") ?? ""
                let spacing = f.spacing?.map { String(format: "%.3g", $0) }.joined(separator: "x") ?? ""
                let name = f.outputs.first ?? "-"
                print("written  \(name)  \(shape) @ \(spacing) mm \(f.orientation ?? "") \(f.voxelType ?? "")"
                      + (f.labelMaps.isEmpty ? "" : "  + \(f.labelMaps.count) label map(s)"))
            case .failed:
                // Reasons from readers already start with the file; do not name it twice.
                let reason = f.reason ?? "unknown reason"
                print(reason.hasPrefix(f.input) ? "FAILED   \(reason)" : "FAILED   \(f.input): \(reason)")
            case .skipped: print("skipped  \(f.input): \(f.reason ?? "")")
            }
        }
        print(String(format: "%d written, %d failed, %d skipped in %.2f s", summary.written, summary.failed, summary.skipped, summary.seconds))
        if let jsonFile { try AtomicJSON.write(summary, to: jsonFile) }
        if summary.failed > 0 || trainingFailed { throw ExitCode(1) }
    }

    func makeOptions() throws -> PreprocessOptions {
        func numbers(_ s: String, _ flag: String) throws -> [Double] {
            let v = s.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard !v.isEmpty, v.allSatisfy({ $0 != nil }) else {
                throw PipelineError(path: flag, reason: "'\(s)' is not a comma-separated list of numbers")
            }
            return v.compactMap { $0 }
        }
        guard let interp = Interpolation(rawValue: interpolation.lowercased()) else {
            throw PipelineError(path: "--interpolation", reason: "'\(interpolation)': use nearest, linear or bspline")
        }
        var shapeValues: [Int]?
        if let shape {
            let d = try numbers(shape, "--shape")
            guard d.allSatisfy({ $0 == $0.rounded() && $0 >= 1 && $0 < 1e6 }) else {
                throw PipelineError(path: "--shape", reason: "'\(shape)': expected positive integers X,Y,Z")
            }
            shapeValues = d.map { Int($0) }
        }
        return PreprocessOptions(
            input: input, output: output ?? "", orient: orient, spacing: try spacing.map { try numbers($0, "--spacing") },
            like: like, interpolation: interp, cropForeground: cropForeground, normalize: normalize, shape: shapeValues,
            pipelineFile: pipeline, seed: seed, labelSuffixes: labelSuffixes, gzip: !noGzip, jobs: jobs, overwrite: overwrite)
    }
}
