import ArgumentParser
import Foundation
import Pipelines

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks run side by side with their anchor tool (medians and ratios).",
        discussion: """
        Examples:
          medsynth bench convert                 # 300 generated 256x256 slices vs dcm2niix
          medsynth bench convert --input ./archive --runs 7 --json
          medsynth bench nifti-read big.nii.gz   # vs gzip -dc
          medsynth bench resample --python /work/venv/bin/python   # vs scipy.ndimage.zoom
          medsynth bench anonymize --python ~/venv-da/bin/python   # 4 simulated patients vs dicom-anonymizer
          medsynth bench ssim --python /work/venv/bin/python       # vs scikit-image, 2D 256^2 and 3D 128^3
          medsynth bench set-metrics --python /work/venv/bin/python   # FID D=2048 vs scipy sqrtm; KID 10,000 x 2048
        """,
        subcommands: [ConvertBench.self, NIfTIReadBench.self, ResampleBench.self, AnonymizeBench.self, SSIMBench.self,
                      SetMetricsBench.self])

    /// Several results: JSON, or each one with its speed ratio.
    static func reportAll(_ results: [BenchResult], json: Bool) throws {
        if json {
            print(try JSONOutput.string(results))
            return
        }
        for r in results {
            if r.anchorSeconds.isEmpty {
                print("\(r.name): \(r.input)")
                for n in r.notes { print("  \(n)") }
                print(String(format: "  medsynth median %.3f s   %@ unavailable", r.medsynthMedian, r.anchor))
                continue
            }
            try report(r, json: false)
            print(String(format: "  medsynth is %.1fx faster (target >= %.1fx: %@)",
                         r.anchorMedian / r.medsynthMedian, 1 / r.target, r.meetsTarget ? "met" : "NOT met"))
        }
    }

    static func report(_ r: BenchResult, json: Bool) throws {
        if json {
            print(try JSONOutput.string(r))
            return
        }
        print("\(r.name): \(r.input)")
        for n in r.notes { print("  \(n)") }
        print(String(format: "  medsynth median %.3f s   %@ median %.3f s   ratio %.2f (target <= %.2f: %@)",
                     r.medsynthMedian, r.anchor, r.anchorMedian, r.ratio, r.target, r.meetsTarget ? "met" : "NOT met"))
        if let m = r.peakMemoryBytes { print(String(format: "  peak memory %.1f MiB", Double(m) / 1048576)) }
    }
}

struct ConvertBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "convert", abstract: "medsynth convert vs dcm2niix on the same DICOM folder.")

    @Option(help: "DICOM folder; default: a generated series of 300 slices of 256x256.")
    var input: String?
    @Option(help: "Runs of each tool.")
    var runs = 5
    @Flag(name: .customLong("no-gzip"), help: "Compare uncompressed output.")
    var noGzip = false
    @Option(name: .customLong("keep-input"), help: "Write the generated input series to this folder and keep it.")
    var keepInput: String?
    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        var dir = input
        var cleanup: String?
        if dir == nil {
            let target = keepInput ?? FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-bench-input-\(getpid())").path
            _ = try BenchData.writeSeries(to: target)
            dir = target
            cleanup = keepInput == nil ? target : nil
        }
        defer { if let c = cleanup { try? FileManager.default.removeItem(atPath: c) } }
        let exe = CommandLine.arguments[0].hasPrefix("/") ? CommandLine.arguments[0]
            : FileManager.default.currentDirectoryPath + "/" + CommandLine.arguments[0]
        let r = try Benchmarks.convert(input: dir ?? "", medsynthExecutable: exe, runs: runs, gzip: !noGzip)
        try BenchCommand.report(r, json: json)
    }
}

struct NIfTIReadBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "nifti-read", abstract: "Reading a .nii.gz vs gzip -dc on the same file.")

    @Argument(help: "A .nii.gz file.")
    var file: String
    @Option(help: "Runs of each.")
    var runs = 7
    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        try BenchCommand.report(try Benchmarks.niftiRead(file: file, runs: runs), json: json)
    }
}

struct ResampleBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resample",
        abstract: "Trilinear and cubic B-spline resampling vs scipy.ndimage.zoom (order 1 and 3) on the same volume.",
        discussion: """
        A generated SIZE^3 float32 volume is resampled by ZOOM per axis (output round(SIZE * ZOOM)
        voxels per axis; zoom 0.8 = spacing 1.25x the input's). medsynth runs in process; scipy
        runs in a Python process and times itself (array creation excluded). Target: 4x faster.
        Without numpy/scipy the anchor is reported as unavailable.
        """)

    @Option(help: "Runs of each (medians are reported).")
    var runs = 5
    @Option(help: "Edge of the cubic input volume in voxels.")
    var size = 256
    @Option(help: "Zoom factor per axis, as in scipy.ndimage.zoom (output size = round(size * zoom)).")
    var zoom = 0.8
    @OptionGroup var anchor: PythonAnchorOptions

    func run() throws {
        try BenchCommand.reportAll(try Benchmarks.resample(size: size, zoom: zoom, runs: runs, python: anchor.python), json: anchor.json)
    }
}

struct SSIMBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ssim",
        abstract: "SSIM (Wang settings) on 256x256 and 128^3 vs scikit-image, one core each, in one run.",
        discussion: """
        medsynth runs in process on one thread; scikit-image 0.26 runs in a Python process and
        times itself on float64 and on float32 arrays (array creation excluded); the faster is
        the anchor. Target: 10x faster in 2D and in 3D.

        Example:
          medsynth bench ssim --python /path/to/venv/bin/python
        """)

    @Option(help: "Runs of each (medians are reported).")
    var runs = 7
    @OptionGroup var anchor: PythonAnchorOptions

    func run() throws {
        try BenchCommand.reportAll(try Benchmarks.pixelMetrics(runs: runs, python: anchor.python), json: anchor.json)
    }
}

struct SetMetricsBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-metrics",
        abstract: "Frechet distance at D = 2048 vs pytorch-fid's scipy sqrtm, and KID on 10,000 x 2048 features.",
        discussion: """
        Seeded features; medsynth in process; the reference formulas in a Python process (scipy
        sqrtm takes about 10 s per run here, so keep --runs low). Targets: Frechet distance under
        1 s, KID with defaults under 5 s.

        Example:
          medsynth bench set-metrics --runs 3 --python /path/to/venv/bin/python
        """)

    @Option(help: "Runs of each (medians are reported).")
    var runs = 3
    @OptionGroup var anchor: PythonAnchorOptions

    func run() throws {
        try BenchCommand.reportAll(try Benchmarks.setMetrics(runs: runs, python: anchor.python), json: anchor.json)
    }
}

struct AnonymizeBench: ParsableCommand {
    static var executable: String {
        CommandLine.arguments[0].hasPrefix("/") ? CommandLine.arguments[0]
            : FileManager.default.currentDirectoryPath + "/" + CommandLine.arguments[0]
    }

    static let configuration = CommandConfiguration(
        commandName: "anonymize",
        abstract: "medsynth anonymize vs Kitware's dicom-anonymizer (PyPI) on the same archive.",
        discussion: """
        Both run as whole commands, alternating; medsynth with the full Basic Profile, keyed UID
        remapping and its per-file log. The default input is a simulated archive of 4 patients
        (about 480 files); give --input for your own. Target: 10x dicom-anonymizer's files per second.
        The Python must have dicom-anonymizer (pip install dicom-anonymizer==2.1.0).
        """)

    @Option(help: "DICOM folder; default: a simulated archive of --patients patients.")
    var input: String?
    @Option(help: "Patients of the default simulated archive.")
    var patients = 4
    @Option(name: .customLong("redact-regions"), help: "Redaction rules for --input (the simulated archive uses its own).")
    var redactRegions: String?
    @Option(help: "Python interpreter with dicom-anonymizer installed.")
    var python = "python3"
    @Option(help: "Runs of each tool.")
    var runs = 5
    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        var dir = input
        var cleanup: String?
        var rules = redactRegions
        if dir == nil {
            let target = FileManager.default.temporaryDirectory.appendingPathComponent("medsynth-bench-anon-\(getpid())").path
            // In a child process, so this process stays small and the memory figures are medsynth anonymize's own.
            let generate = Process()
            generate.executableURL = URL(fileURLWithPath: AnonymizeBench.executable)
            generate.arguments = ["demo-data", "--out", target, "--patients", "\(patients)", "--seed", "5", "--slices2d", "0"]
            generate.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
            try generate.run()
            generate.waitUntilExit()
            guard generate.terminationStatus == 0 else { throw ValidationError("could not generate the simulated archive in \(target)") }
            dir = target + "/archive"
            cleanup = target
            rules = target + "/redact-regions.yaml"
            try Data(DemoJob.redactionRules.utf8).write(to: URL(fileURLWithPath: target + "/redact-regions.yaml"))
        }
        defer { if let c = cleanup { try? FileManager.default.removeItem(atPath: c) } }
        let exe = AnonymizeBench.executable
        let r = try Benchmarks.anonymize(input: dir ?? "", medsynthExecutable: exe, python: python, runs: runs, redactRegions: rules)
        if json { print(try JSONOutput.string(r)); return }
        print("\(r.name): \(r.input)")
        for n in r.notes { print("  \(n)") }
        print(String(format: "  medsynth median %.3f s   %@ median %.3f s   medsynth %.1fx faster (target >= 10x: %@)",
                     r.medsynthMedian, r.anchor, r.anchorMedian, r.anchorMedian / r.medsynthMedian, r.meetsTarget ? "met" : "NOT met"))
    }
}

/// The Python side of the in-process benchmarks, and JSON output.
struct PythonAnchorOptions: ParsableArguments {
    @Option(help: "Python interpreter with the anchor's packages (numpy, scipy, scikit-image; the venv of Tests/Reference).")
    var python = "python3"
    @Flag(help: "Print JSON.")
    var json = false
}
