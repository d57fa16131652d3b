import ArgumentParser
import Foundation
import Pipelines
import Preprocessing

struct SlicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slices",
        abstract: "Cut NIfTI volumes into a 2D PNG dataset with class folders and a split by patient.",
        discussion: """
        Reads every .nii, .nii.gz and .hdr/.img volume under INPUT_DIR
        (recursively; other files are listed as ignored), cuts it along the
        axis and writes
          OUTPUT/{train,val,test}/{class}/{patient}_{volume}_{axis}{index:03}.png
        plus OUTPUT/index.csv and index.json (one row per PNG: file, patient,
        class, split, source volume, slice index, slice centre in RAS mm) and
        OUTPUT/summary.json. A volume that cannot be read is reported with the
        reason and the run goes on; the exit status is then 1.

        Orientation: volumes are first reoriented (exactly, no interpolation),
        so the voxel order of a file does not matter. Axial and coronal
        pictures follow the radiological convention (patient right on the
        left; --convention neurological mirrors them); axial has anterior at
        the top, coronal and sagittal superior at the top, sagittal anterior
        on the left. Slice indices count from inferior / posterior / left.
        Intensity: per volume, the 0.5-99.5 percentile window maps to black-
        white (--window; --fixed-window for e.g. a CT window in HU).
        Size: a slice keeps its aspect ratio: its longer side in mm fills SIZE
        pixels, the shorter one is padded with black; antialiased resampling.
        Patients: the 'patient' column of --labels, else the first folder
        under INPUT_DIR, else a BIDS 'sub-XX' file name prefix, else the file
        name. Classes: the 'class' column of --labels (columns: file, class,
        optional patient; 'file' is the path relative to INPUT_DIR or a unique
        file name), else one class 'unlabeled'.
        Split: patients are shuffled with the seed and cut by the fractions
        (--split 0.8: 80 % train, rest test; --split 0.7,0.15: train, val,
        rest test). No patient is in two splits; the same seed gives the same
        files, byte for byte.
        Selection: --min-foreground, then --every, then --central (so
        --central 10 --every 2 keeps 10 slices, two apart, around the middle).
        Foreground: voxels above min + 0.1 x (99.5th percentile - min) of the
        volume (--foreground-threshold, or --foreground-value).

        Examples:
          medsynth slices ./nifti -o ./png --axis axial --size 64
          medsynth slices ./nifti -o ./png --labels labels.csv --split 0.7,0.15
          medsynth slices ./nifti -o ./png --axis coronal --size 128 \\
              --central 20 --every 2 --min-foreground 0.05 --bit-depth 16
          medsynth slices ./nifti -o ./png --seed 7 --overwrite --json slices.json
        """)

    @Argument(help: "Folder of NIfTI volumes (searched recursively).")
    var input: String

    @Option(name: [.short, .customLong("out")], help: "Output folder (created; must be empty unless --overwrite).")
    var output: String

    @Option(help: "Slice plane: axial, coronal or sagittal.")
    var axis = "axial"

    @Option(help: "Picture size in pixels (square), 8 to 4096.")
    var size = 64

    @Option(help: "CSV with columns file, class and optionally patient.")
    var labels: String?

    @Option(help: "Train fraction (rest test), or train,val fractions (rest test); by patient.")
    var split = "0.8"

    @Option(help: "Seed of the patient shuffle.")
    var seed: UInt64 = 0

    @Option(help: "Keep every K-th slice (counted from the middle one).")
    var every: Int?

    @Option(help: "Keep the N central slices (after --min-foreground and --every).")
    var central: Int?

    @Option(name: .customLong("min-foreground"), help: "Keep slices whose foreground fraction exceeds F (0 <= F < 1).")
    var minForeground: Double?

    @Option(name: .customLong("foreground-threshold"), help: "Foreground: voxels above min + T x (p99.5 - min); T in [0, 1], default 0.1.")
    var foregroundThreshold: Double?

    @Option(name: .customLong("foreground-value"), help: "Foreground: voxels above this physical value (e.g. -500 for CT) instead.")
    var foregroundValue: Double?

    @Option(help: "Per-volume percentile window LOW,HIGH (default 0.5,99.5).")
    var window: String?

    @Option(name: .customLong("fixed-window"), help: "Fixed intensity window MIN,MAX in physical units (e.g. -1000,400).")
    var fixedWindow: String?

    @Option(name: .customLong("bit-depth"), help: "PNG gray levels: 8 or 16.")
    var bitDepth = 8

    @Option(help: "radiological (patient right on the left) or neurological.")
    var convention = "radiological"

    @Option(help: "Resize interpolation: nearest, linear or bspline.")
    var interpolation = "linear"

    @Option(name: .customLong("unlabeled-class"), help: "Class folder of volumes when there is no --labels file.")
    var unlabeledClass = "unlabeled"

    @Flag(help: "Replace a previous dataset in OUTPUT (its train/, val/, test/ and index/summary files).")
    var overwrite = false

    @Option(name: .customLong("json"), help: "Also write the summary as JSON to this file.")
    var jsonFile: String?

    func validate() throws {
        _ = try makeOptions()
    }

    func makeOptions() throws -> SlicesOptions {
        do {
            let axis = try SliceAxis(parsing: self.axis, parameter: "--axis")
            guard let convention = DisplayConvention(rawValue: convention.lowercased()) else {
                throw ValidationError("--convention '\(self.convention)': use \(DisplayConvention.allCases.map(\.rawValue).joined(separator: " or "))")
            }
            guard let interpolation = Interpolation(rawValue: interpolation.lowercased()) else {
                throw ValidationError("--interpolation '\(self.interpolation)': use one of \(Interpolation.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard SliceResizer.sizeRange.contains(size) else {
                throw ValidationError("--size \(size): the picture size must be between \(SliceResizer.sizeRange.lowerBound) and \(SliceResizer.sizeRange.upperBound) pixels")
            }
            let grayLevels = try GrayLevels(bits: bitDepth)
            let split = try SplitFractions(parsing: self.split)
            if foregroundThreshold != nil && foregroundValue != nil {
                throw ValidationError("give --foreground-threshold or --foreground-value, not both")
            }
            let foreground: ForegroundThreshold = foregroundValue.map { .absolute($0) } ?? .relative(foregroundThreshold ?? 0.1)
            if window != nil && fixedWindow != nil { throw ValidationError("give --window or --fixed-window, not both") }
            var intensity = IntensityWindow.standard
            if let w = window {
                let p = try pair(w, option: "--window")
                intensity = .percentiles(low: p.0, high: p.1)
            } else if let w = fixedWindow {
                let p = try pair(w, option: "--fixed-window")
                intensity = .fixed(low: p.0, high: p.1)
            }
            let options = SlicesOptions(
                input: input, output: output, axis: axis, size: size, labels: labels, split: split, seed: seed,
                selection: .standard(every: every, central: central, minForeground: minForeground),
                foreground: foreground, window: intensity, grayLevels: grayLevels, convention: convention,
                interpolation: interpolation, overwrite: overwrite, unlabeledClass: unlabeledClass)
            try options.validate()
            return options
        } catch let e as PreprocessError {
            throw ValidationError(Self.optionText(e))
        }
    }

    /// Names the CLI option for a library parameter name.
    static func optionText(_ e: PreprocessError) -> String {
        guard case .invalidParameter(let name, let value, let reason) = e.underlying else { return e.description }
        let options = ["slice.every": "--every", "slice.central": "--central", "slice.min_foreground": "--min-foreground",
                       "slice.foreground_threshold": "--foreground-threshold", "slice.window": "--window / --fixed-window",
                       "slice.bit_depth": "--bit-depth", "split": "--split", "size": "--size", "unlabeled_class": "--unlabeled-class"]
        return "\(options[name] ?? name) \(value): \(reason)"
    }

    func pair(_ text: String, option: String) throws -> (Double, Double) {
        let parts = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let a = parts[0], let b = parts[1] else {
            throw ValidationError("\(option) '\(text)': give two numbers LOW,HIGH")
        }
        return (a, b)
    }

    func run() throws {
        let options = try makeOptions()
        let bar = ProgressBar("slicing")
        let summary = try bar.run {
            try SlicesJob.run(options) { event in
                switch event {
                case .slicing(let d, let t, let name): bar.update(d, t, note: name)
                }
            }
        }
        for v in summary.volumes {
            switch v.status {
            case .sliced:
                let shape = v.shape?.map(String.init).joined(separator: "x") ?? ""
                print("sliced   \(v.source)  \(shape) \(v.orientation ?? "")  -> \(v.slicesWritten) of \(v.slicesAvailable ?? 0) slices  (\(v.split.rawValue)/\(v.className), patient \(v.patient))")
            case .failed:
                print("FAILED   \(v.source): \(v.reason ?? "unknown reason")")
            }
            for w in v.warnings { print("         warning: \(w)") }
        }
        for f in summary.ignoredFiles { print("ignored  \(f.path): \(f.reason)") }
        for w in summary.warnings { print("warning: \(w)") }
        for s in DatasetSplit.allCases {
            guard let byClass = summary.counts[s.rawValue] else { continue }
            let classes = byClass.keys.sorted().map { "\($0) \(byClass[$0] ?? 0)" }.joined(separator: ", ")
            let patients = summary.patients[s.rawValue] ?? 0
            print("\(s.rawValue): \(patients) patient\(patients == 1 ? "" : "s"), \(byClass.values.reduce(0, +)) PNGs (\(classes))")
        }
        print(String(format: "%d volumes sliced, %d failed, %d files ignored (of %d); %d PNGs in %@ in %.2f s",
                     summary.sliced, summary.failed, summary.ignoredFiles.count, summary.filesSeen, summary.slicesWritten,
                     summary.output, summary.seconds))
        if let jsonFile {
            try AtomicJSON.write(summary, to: jsonFile)
        }
        if summary.failed > 0 { throw ExitCode(1) }
    }
}
