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
          medsynth bench train-dcgan --python /work/venv/bin/python   # DCGAN training step vs PyTorch
        """,
        subcommands: [ConvertBench.self, NIfTIReadBench.self, ResampleBench.self, AnonymizeBench.self, SSIMBench.self,
                      SetMetricsBench.self, TrainDCGANBench.self])

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

struct TrainDCGANBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-dcgan",
        abstract: "The reference DCGAN's training step vs PyTorch's DCGAN tutorial, same model, batch and threads, in one run.",
        discussion: """
        The DCGAN of PyTorch's tutorial (nz 100, ngf = ndf = 64, 1x64x64, Adam 2e-4) trained on a \
        fixed random batch in memory: medsynth in process, PyTorch by Benchmarks/reference/train_dcgan.py \
        in a Python process that stays alive. Each side runs --warmup untimed steps, then --steps \
        steps timed one at a time, alternating medsynth's and PyTorch's step by step (--pause \
        seconds between them); the medians are compared, and each pair's ratio is kept. Also reported: \
        images/s, achieved GFLOP/s against the SGEMM peak measured in the same run (sampled after \
        each pair of steps; the median sample), peak memory, and generator inference throughput.

        Targets: step time at most 0.8x PyTorch's, at least 60% of the SGEMM peak, training memory \
        no more than PyTorch's. Without torch the PyTorch side is reported as unavailable. Takes \
        about 2 minutes with the defaults (3 rounds of 10 steps: 30 pairs); on a shared, noisy \
        machine use --rounds 5 or more (about half a minute each): each round (a PyTorch process) \
        prints its median paired ratio.

        Examples:
          medsynth bench train-dcgan --python /path/to/venv/bin/python
          medsynth bench train-dcgan --python /path/to/venv/bin/python --threads 1 --steps 6 --json dcgan.json
          medsynth bench train-dcgan --python /path/to/venv/bin/python --rounds 5
        """)

    @Option(help: "Images per training step (both sides).")
    var batch = 64
    @Option(help: "Timed training steps of each side (medians are reported).")
    var steps = 10
    @Option(help: "Untimed training steps before them.")
    var warmup = 2
    @Option(help: "Rounds, each a PyTorch process whose --steps steps alternate with medsynth's; each round's median paired ratio is printed and the medians pool all rounds. On a shared, noisy machine use 5 or more.")
    var rounds = 3
    @Option(help: "Seconds of idle time after each side's step, before the other side's (lets the worker threads that just ran go to sleep).")
    var pause = 0.2
    @Option(help: "Threads: OpenBLAS and NeuralCore's loops here, torch.set_num_threads in PyTorch (default: all cores).")
    var threads = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Python interpreter with torch (the venv of Tests/Reference).")
    var python = "python3"
    @Option(help: "The PyTorch script (default: Benchmarks/reference/train_dcgan.py under the current folder or the source tree of this binary).")
    var reference: String?
    @Option(name: .customLong("json"), help: "Also write every figure as JSON to this file.")
    var jsonFile: String?

    func run() throws {
        let bar = ProgressBar("train-dcgan")
        let result = try bar.run { () throws -> TrainDCGANBenchResult in
            var benchmark = TrainDCGANBenchmark(script: try TrainDCGANBenchmark.locateScript(
                override: reference, executable: AnonymizeBench.executable, currentDirectory: FileManager.default.currentDirectoryPath))
            benchmark.batch = batch
            benchmark.steps = steps
            benchmark.warmup = warmup
            benchmark.rounds = rounds
            benchmark.pauseSeconds = pause
            benchmark.threads = threads
            benchmark.python = python
            return try benchmark.run { done, total, what in bar.update(done, total, note: what) }
        }
        if let jsonFile { try AtomicJSON.write(result, to: jsonFile) }
        Self.report(result)
    }

    static func report(_ r: TrainDCGANBenchResult) {
        let s = r.stepTime
        print("\(s.name): \(s.input)")
        for n in s.notes { print("  \(n)") }
        let ours = r.medsynth, theirs = r.pytorch
        let mib = 1_048_576.0
        let rows: [(String, String, (TrainDCGANBenchResult.Side) -> Double)] = [
            ("ms / step (median)", "%.1f", { $0.medianStepSeconds * 1000 }),
            ("images / s (training)", "%.1f", { $0.imagesPerSecond }),
            ("GFLOP / step", "%.2f", { Double($0.flopPerStep) / 1e9 }),
            ("GFLOP / s achieved", "%.1f", { $0.gflops }),
            ("% of SGEMM peak", "%.1f", { $0.fractionOfSGEMMPeak * 100 }),
            ("peak RSS (MiB)", "%.0f", { Double($0.peakRSSBytes) / mib }),
            ("RSS added by training (MiB)", "%.0f", { Double($0.trainingRSSIncreaseBytes) / mib }),
            ("generator images / s", "%.1f", { $0.generatorImagesPerSecond }),
        ]
        let torch = theirs == nil ? "PyTorch" : "PyTorch \(r.pytorchVersion ?? "")"
        print("")
        print("  " + "".padding(toLength: 30, withPad: " ", startingAt: 0) + pad("medsynth") + pad(torch, 18) + pad("medsynth / PyTorch", 20))
        for (label, format, value) in rows {
            let a = value(ours)
            let b = theirs.map(value)
            let ratio = b.map { $0 > 0 ? String(format: "%.2f", a / $0) : "-" } ?? "-"
            print("  " + label.padding(toLength: 30, withPad: " ", startingAt: 0) + pad(String(format: format, a))
                  + pad(b.map { String(format: format, $0) } ?? "unavailable", 18) + pad(ratio, 20))
        }
        let samples = r.sgemmSamples.sorted()
        print(String(format: "  SGEMM peak %.1f GFLOP/s (OpenBLAS %@, %d^3, threads %d)", r.sgemm.gflops, r.blasCore, r.sgemm.size, r.sgemm.threads)
              + (samples.count > 1 ? String(format: ", the median of %d samples from %.1f to %.1f", samples.count, samples[0], samples[samples.count - 1]) : ""))
        if let median = r.medianStepRatio {
            let sorted = r.stepRatios.sorted()
            let quartile = { (q: Double) in sorted[Int((Double(sorted.count - 1) * q).rounded())] }
            print(String(format: "  paired step ratios (medsynth / PyTorch, %d pairs): median %.2f, quartiles %.2f-%.2f, range %.2f-%.2f",
                         sorted.count, median, quartile(0.25), quartile(0.75), sorted[0], sorted[sorted.count - 1]))
        }
        if r.roundRatios.count > 1, let median = r.medianRoundRatio {
            print("  median paired ratio per round: " + r.roundRatios.map { String(format: "%.2f", $0) }.joined(separator: " ")
                  + String(format: " (median %.2f)", median))
        }
        print("")
        let t = r.targets
        if theirs != nil {
            print(String(format: "  target step time <= %.2fx PyTorch's: %@ (%.2fx)", t.stepTimeRatio, t.stepTimeMet ? "met" : "NOT met", s.ratio))
        } else {
            print(String(format: "  target step time <= %.2fx PyTorch's: NOT met (PyTorch unavailable: %@)", t.stepTimeRatio, r.anchorError ?? "?"))
        }
        print(String(format: "  target >= %.0f%% of the SGEMM peak: %@ (%.1f%%)", t.sgemmFraction * 100, t.sgemmFractionMet ? "met" : "NOT met",
                     ours.fractionOfSGEMMPeak * 100))
        if let met = t.memoryMet, let theirs {
            print(String(format: "  target training memory <= PyTorch's: %@ (%.0f MiB vs %.0f MiB added; peak RSS %.0f vs %.0f MiB)",
                         met ? "met" : "NOT met", Double(ours.trainingRSSIncreaseBytes) / mib, Double(theirs.trainingRSSIncreaseBytes) / mib,
                         Double(ours.peakRSSBytes) / mib, Double(theirs.peakRSSBytes) / mib))
        } else {
            print("  target training memory <= PyTorch's: NOT met (PyTorch unavailable)")
        }
    }

    private static func pad(_ s: String, _ width: Int = 12) -> String {
        String(repeating: " ", count: max(1, width - s.count)) + s
    }
}

/// The Python side of the in-process benchmarks, and JSON output.
struct PythonAnchorOptions: ParsableArguments {
    @Option(help: "Python interpreter with the anchor's packages (numpy, scipy, scikit-image; the venv of Tests/Reference).")
    var python = "python3"
    @Flag(help: "Print JSON.")
    var json = false
}
