import Foundation
import Models
import NeuralCore

/// `medsynth bench train-dcgan`: the reference DCGAN's training step (`DCGANTrainer.step(real:)`)
/// against the same step of PyTorch's DCGAN tutorial (`Benchmarks/reference/train_dcgan.py`),
/// same model, batch and threads, in one run.
///
/// medsynth runs in process: models from `seed`, a fixed random real batch in [-1, 1] held in
/// memory, `warmup` untimed steps. PyTorch runs in a process that stays alive (the script's
/// interleaved mode): it sets up, runs its warm-up steps, then the `steps` timed steps of the
/// two sides alternate one by one, with a pause of `pauseSeconds` between them, so that a change
/// in the machine's load weighs on both sides alike. Each pair gives a step ratio; the medians
/// of both sides' steps give the headline ratio. With `rounds` above 1 this is repeated (a
/// PyTorch process per round), each round's median paired ratio is reported, and the medians
/// pool every round's steps. The SGEMM peak (a 2048³ SGEMM on the same threads) is sampled
/// after every pair of steps, and the median sample is the peak, so that it meets the machine
/// as the steps do (its cores are shared: one sample alone read anything from 160 to 330
/// GFLOP/s, independently of the steps beside it); then generator inference (eval mode, no
/// gradients, same batch). Memory is the peak RSS of each process and its increase over the
/// RSS just before the first step. When PyTorch cannot run, medsynth's side is still measured
/// and the anchor is marked unavailable.
///
/// Targets (issue): step time at most 0.8x PyTorch's, at least 60% of the SGEMM peak, training
/// memory no more than PyTorch's.
public struct TrainDCGANBenchmark: Sendable {
    /// Where the reference script lives in the source tree.
    public static let scriptRelativePath = "Benchmarks/reference/train_dcgan.py"
    public static let stepTimeTarget = 0.8
    public static let sgemmFractionTarget = 0.6

    /// The PyTorch script (`locateScript` finds it).
    public var script: String
    public var batch = 64
    /// Timed training steps of each side.
    public var steps = 10
    /// Untimed training steps before them.
    public var warmup = 2
    /// Rounds, each a PyTorch process whose steps alternate with medsynth's.
    public var rounds = 3
    /// Timed generator forward passes of each side.
    public var inferenceRuns = 10
    /// BLAS and engine threads here, `torch.set_num_threads` there.
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// Python interpreter with torch.
    public var python = "python3"
    public var configuration = DCGAN.Configuration.reference
    /// Side of the square SGEMM that measures the peak.
    public var sgemmSize = 2048
    /// Timed products of each SGEMM sample (after an untimed one).
    public var sgemmRepetitions = 2
    /// Seeds the models, the real batch and the latent codes (each side its own generator).
    public var seed: UInt64 = 0
    /// Idle time after each side's step before the other's, so that the worker threads of the
    /// side that just ran (OpenBLAS's spin for a while) are asleep when the other starts.
    public var pauseSeconds = 0.2
    /// Seconds to wait for each of the PyTorch script's answers (its set-up and warm-up, a
    /// step, its inference and FLOP count) before it is stopped and the anchor is unavailable.
    public var anchorTimeoutSeconds = 600.0

    public init(script: String) {
        self.script = script
    }

    /// The reference script: `override` when given (it must exist), else
    /// `Benchmarks/reference/train_dcgan.py` under the current directory or two levels above the
    /// executable's folder (`.build/release/medsynth`), its symbolic links resolved or not.
    public static func locateScript(override: String?, executable: String, currentDirectory: String) throws -> String {
        if let override {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: override, isDirectory: &isDirectory), !isDirectory.boolValue else {
                throw PipelineError(path: override, reason: "no such file: --reference takes the path of \(scriptRelativePath) in the medsynth sources")
            }
            return override
        }
        let exe = URL(fileURLWithPath: executable, relativeTo: URL(fileURLWithPath: currentDirectory, isDirectory: true))
        let folders = [exe.deletingLastPathComponent(), exe.resolvingSymlinksInPath().deletingLastPathComponent()]
        var candidates = [URL(fileURLWithPath: currentDirectory, isDirectory: true).appendingPathComponent(scriptRelativePath)]
        for folder in folders {
            candidates.append(folder.appendingPathComponent("../../" + scriptRelativePath))
            candidates.append(folder.appendingPathComponent("../../../" + scriptRelativePath))
        }
        let paths = candidates.map { $0.standardizedFileURL.path }
        if let found = paths.first(where: { FileManager.default.fileExists(atPath: $0) }) { return found }
        var seen = Set<String>()
        let looked = paths.filter { seen.insert($0).inserted }.joined(separator: ", ")
        throw PipelineError(path: scriptRelativePath,
                            reason: "cannot find the PyTorch reference script (looked at \(looked)); run from the medsynth source folder or pass --reference PATH")
    }

    /// Runs both sides. `progress(done, total, what)` is called as the run goes.
    public func run(progress: (Int, Int, String) -> Void = { _, _, _ in }) throws -> TrainDCGANBenchResult {
        guard batch >= 1, steps >= 1, warmup >= 0, inferenceRuns >= 1, threads >= 1, rounds >= 1, pauseSeconds >= 0, pauseSeconds <= 60 else {
            throw PipelineError(path: "bench train-dcgan",
                                reason: "batch \(batch), steps \(steps), rounds \(rounds), inference runs \(inferenceRuns) and threads \(threads) must be at least 1, warm-up \(warmup) at least 0, the pause \(pauseSeconds) s from 0 to 60")
        }
        let scriptText: String
        do {
            scriptText = try String(contentsOfFile: script, encoding: .utf8)
        } catch {
            throw PipelineError(path: script, reason: "cannot read the PyTorch reference script: \((error as NSError).localizedDescription)")
        }

        let blas = try BLAS.info()
        let previousEngineThreads = Parallel.threads
        try BLAS.setThreads(threads)
        Parallel.threads = threads
        defer {
            try? BLAS.setThreads(blas.threads)
            Parallel.threads = previousEngineThreads
        }

        var rng = PhiloxGenerator(seed: seed)
        let generator = try DCGANGenerator(configuration, generator: &rng)
        let discriminator = try DCGANDiscriminator(configuration, generator: &rng)
        let trainer = try DCGANTrainer(generator: generator, discriminator: discriminator, noiseSeed: seed &+ 1)
        let real = try Tensor.uniform([batch, configuration.channels, DCGAN.imageSize, DCGAN.imageSize], low: -1, high: 1, generator: &rng)
        let flops = try DCGANStepFLOPs(generator: generator, discriminator: discriminator, batch: batch)

        let total = warmup + rounds * (steps + 2) + 1
        var done = 0
        func advance(_ what: String) {
            done += 1
            progress(done, total, what)
        }
        let loadBefore = Self.loadAverage()
        // The peak's operands, made once for every sample, and before the memory the training
        // adds is counted from.
        let probe = try BLAS.SGEMMProbe(size: sgemmSize)
        let rssBefore = ProcessMemory.residentBytes()
        for i in 0..<warmup {
            progress(done, total, "warm-up step \(i + 1)/\(warmup)")
            try trainer.step(real: real)
            advance("warm-up step \(i + 1)/\(warmup)")
        }
        var ours: [Double] = [], stepRatios: [Double] = [], roundRatios: [Double] = []
        var anchorRuns: [ReferenceRun] = [], anchorFailure: PipelineError?
        var peaks: [BLAS.Throughput] = []
        for round in 0..<rounds {
            let prefix = rounds > 1 ? "round \(round + 1)/\(rounds): " : ""
            // After a failure the anchor is not tried again.
            var session: PythonAnchor.Session?
            if anchorFailure == nil {
                progress(done, total, prefix + "PyTorch set-up and \(warmup) warm-up steps")
                switch startReference(scriptText) {
                case .success(let s): session = s
                case .failure(let e): anchorFailure = e
                }
            }
            advance(prefix + "PyTorch set-up")
            var theirs: [Double] = []
            let first = ours.count
            for i in 0..<steps {
                progress(done, total, prefix + "step \(i + 1)/\(steps)")
                ours.append(try CommandTimer.time { try trainer.step(real: real) })
                if let s = session {
                    Thread.sleep(forTimeInterval: pauseSeconds)
                    switch Self.stepSeconds(s.request("step"), script: script) {
                    case .success(let t): theirs.append(t)
                    case .failure(let e):
                        anchorFailure = e
                        s.close()
                        session = nil
                    }
                    Thread.sleep(forTimeInterval: pauseSeconds)
                }
                peaks.append(try probe.measure(repetitions: sgemmRepetitions))
                advance(prefix + "step \(i + 1)/\(steps)")
            }
            if let s = session {
                progress(done, total, prefix + "PyTorch inference and FLOP count")
                switch s.request("finish").flatMap({ referenceRun($0) }) {
                case .success(let run):
                    anchorRuns.append(run)
                    let paired = zip(ours[first...], theirs).map { $0 / $1 }
                    stepRatios += paired
                    roundRatios.append(BenchResult.median(paired))
                case .failure(let e):
                    anchorFailure = e
                }
                s.close()
            }
            advance(prefix + "PyTorch inference")
        }
        let anchor: Result<ReferenceRun, PipelineError> = anchorFailure.map { .failure($0) } ?? .success(ReferenceRun(pooling: anchorRuns))

        progress(done, total, "generator inference")
        let inference = try GradMode.withoutGradients { () throws -> [Double] in
            generator.setTraining(false)
            defer { generator.setTraining(true) }
            var noise = PhiloxGenerator(seed: seed &+ 2)
            let z = try Tensor.normal([batch, configuration.latent, 1, 1], generator: &noise)
            _ = try generator(z)  // warm-up
            return try (0..<inferenceRuns).map { _ in try CommandTimer.time { _ = try generator(z) } }
        }
        let peak = ProcessMemory.peakResidentBytes()
        advance("generator inference")

        let sgemm = TrainDCGANBenchResult.medianPeak(peaks)
        let load = (loadBefore, Self.loadAverage())

        let medsynth = TrainDCGANBenchResult.Side(
            threads: threads, batch: batch, stepSeconds: ours, flopPerStep: flops.medsynthStep, sgemmGFLOPs: sgemm.gflops,
            inferenceSeconds: inference, rssBeforeTraining: rssBefore, peakRSS: peak)
        var pytorch: TrainDCGANBenchResult.Side?
        var anchorSeconds: [Double] = []
        var anchorError: String?
        switch anchor {
        case .success(let run):
            anchorSeconds = run.stepSeconds
            pytorch = TrainDCGANBenchResult.Side(
                threads: run.threads, batch: batch, stepSeconds: run.stepSeconds, flopPerStep: run.flopPerStep, sgemmGFLOPs: sgemm.gflops,
                inferenceSeconds: run.inferenceSeconds, rssBeforeTraining: run.rssBeforeTraining, peakRSS: run.peakRSS)
        case .failure(let e):
            anchorError = e.description
        }

        let c = configuration
        let input = "DCGAN nz \(c.latent), ngf \(c.generatorFeatures), ndf \(c.discriminatorFeatures), \(c.channels)x64x64, batch \(batch), Adam(2e-4, 0.5/0.999), threads \(threads)"
        let version = anchor.success?.version
        let stepTime = BenchResult(
            name: "train-dcgan", input: input, runs: steps, medsynthSeconds: ours, anchorSeconds: anchorSeconds,
            anchor: "PyTorch \(version ?? "") DCGAN tutorial step (\(Self.scriptRelativePath))", target: Self.stepTimeTarget,
            notes: notes(flops: flops, anchor: anchor, anchorError: anchorError, sgemm: sgemm, blas: blas, load: load), peakMemoryBytes: peak)
        let memoryMet = pytorch.map { medsynth.trainingRSSIncreaseBytes <= $0.trainingRSSIncreaseBytes }
        let targets = TrainDCGANBenchResult.Targets(
            stepTimeRatio: Self.stepTimeTarget, sgemmFraction: Self.sgemmFractionTarget, stepTimeMet: stepTime.meetsTarget,
            sgemmFractionMet: medsynth.fractionOfSGEMMPeak >= Self.sgemmFractionTarget, memoryMet: memoryMet)
        return TrainDCGANBenchResult(
            configuration: configuration, batch: batch, warmupSteps: warmup, stepTime: stepTime, medsynth: medsynth, pytorch: pytorch,
            pytorchVersion: version, anchorError: anchorError, flops: flops, pytorchFLOPByOp: anchor.success?.flopByOp ?? [:],
            sgemm: sgemm, sgemmSamples: peaks.map(\.gflops), blasCore: blas.coreName, targets: targets, referenceScript: script,
            roundRatios: roundRatios, stepRatios: stepRatios)
    }

    private func notes(flops: DCGANStepFLOPs, anchor: Result<ReferenceRun, PipelineError>, anchorError: String?,
                       sgemm: BLAS.Throughput, blas: BLAS.Info, load: (Double?, Double?)) -> [String] {
        var notes = [
            "both sides: a fixed random real batch in memory (no data loading), \(warmup) untimed warm-up steps, then \(steps) steps timed one at a time, alternating medsynth's and PyTorch's step by step (PyTorch's process stays alive; \(String(format: "%.1f", pauseSeconds)) s pause between them)"
                + (rounds > 1 ? ", in \(rounds) rounds (a PyTorch process each); medians over all rounds" : "; medians"),
            "threads: \(threads) for OpenBLAS and NeuralCore's own loops (Parallel.threads) here, torch.set_num_threads(\(threads)) in PyTorch",
            "loops: PyTorch's errG.backward() also computes D's parameter gradients in the G phase (zeroed unused by the next step); medsynth's trainer computes only G's. PyTorch's D ends in Sigmoid + BCELoss, medsynth's in logits + BCE with logits (the same function)",
            String(format: "FLOP per step (convolutions only, as FlopCounterMode counts): medsynth's step %.2f G (the basis of its GFLOP/s), PyTorch's loop %.2f G by the same count; generator forward %.2f G",
                   Double(flops.medsynthStep) / 1e9, Double(flops.pytorchStep) / 1e9, Double(flops.generatorForward) / 1e9),
            String(format: "SGEMM peak: %.1f GFLOP/s (OpenBLAS %@, %d³, threads %d)", sgemm.gflops, blas.coreName, sgemm.size, sgemm.threads)
                + ", the median of \(rounds * steps) samples of \(sgemmRepetitions) timed products each, one after each step (pair)"
                + "; both sides' fractions are of this figure",
            "memory: peak RSS (ru_maxrss) of each process, and its increase over the RSS just before the first step (the memory target compares the increases: medsynth's process also holds the CLI, PyTorch's the interpreter and torch)",
        ]
        if case .success(let run) = anchor {
            let difference = Double(run.flopPerStep - flops.pytorchStep) / Double(max(1, flops.pytorchStep))
            notes.append(String(format: "torch FlopCounterMode over one PyTorch step: %.4f G, analytical count of PyTorch's loop %.4f G (difference %+.2f%%)",
                                Double(run.flopPerStep) / 1e9, Double(flops.pytorchStep) / 1e9, difference * 100))
        }
        if let before = load.0, let after = load.1 {
            notes.append(String(format: "machine load (1-minute load average) %.2f at the start, %.2f at the end, on %d cores",
                                before, after, ProcessInfo.processInfo.activeProcessorCount))
        }
        if let anchorError { notes.append("anchor unavailable: \(anchorError)") }
        return notes
    }

    /// The 1-minute load average, when the system gives one.
    private static func loadAverage() -> Double? {
        var load = [Double](repeating: 0, count: 1)
        return getloadavg(&load, 1) == 1 ? load[0] : nil
    }

    /// What the reference script printed (pooled over the rounds: every round's times, the
    /// first round's FLOP and memory before training, the highest peak).
    struct ReferenceRun {
        var version: String
        var threads: Int
        var stepSeconds: [Double]
        var inferenceSeconds: [Double]
        var flopPerStep: Int
        var flopByOp: [String: Int]
        var rssBeforeTraining: Int
        var peakRSS: Int
    }

    /// Starts the reference script in its interleaved mode: it sets up, runs the warm-up steps
    /// and answers "ready" (never throws: an unavailable anchor is reported).
    func startReference(_ scriptText: String) -> Result<PythonAnchor.Session, PipelineError> {
        let c = configuration
        let arguments = ["--batch", "\(batch)", "--threads", "\(threads)", "--steps", "\(steps)", "--warmup", "\(warmup)",
                         "--inference-runs", "\(inferenceRuns)", "--nz", "\(c.latent)", "--ngf", "\(c.generatorFeatures)",
                         "--ndf", "\(c.discriminatorFeatures)", "--nc", "\(c.channels)", "--seed", "\(seed)", "--interleave"]
        switch PythonAnchor.Session.start(python, script: scriptText, arguments: arguments, answerTimeout: anchorTimeoutSeconds) {
        case .failure(let e):
            return .failure(e)
        case .success(let (session, first)):
            guard first.object["ready"] as? Bool == true else {
                session.close()
                return .failure(PipelineError(path: script, reason: "the script did not answer ready (is it the interleaving version of \(Self.scriptRelativePath)?)"))
            }
            return .success(session)
        }
    }

    /// One interleaved step's time from the script's answer.
    private static func stepSeconds(_ answer: Result<PythonAnchor.Output, PipelineError>, script: String) -> Result<Double, PipelineError> {
        answer.flatMap { output in
            guard let t = output.object["step_seconds"] as? Double, t.isFinite, t > 0 else {
                return .failure(PipelineError(path: script, reason: "the script's answer to step lacks step_seconds"))
            }
            return .success(t)
        }
    }

    /// What the script printed when it finished (every step's time, inference, FLOP, memory).
    func referenceRun(_ output: PythonAnchor.Output) -> Result<ReferenceRun, PipelineError> {
        let o = output.object
        guard let steps = o["step_seconds"] as? [Double], !steps.isEmpty,
              let inference = o["generator_inference_seconds"] as? [Double], !inference.isEmpty,
              let flop = o["flop_per_step"] as? Int, let before = o["rss_before_training_bytes"] as? Int,
              let peak = o["peak_rss_bytes"] as? Int else {
            return .failure(PipelineError(path: script, reason: "the script's output lacks step times, inference times, FLOP or memory figures"))
        }
        return .success(ReferenceRun(version: o["torch"] as? String ?? "?", threads: o["threads"] as? Int ?? threads,
                                     stepSeconds: steps, inferenceSeconds: inference, flopPerStep: flop,
                                     flopByOp: o["flop_by_op"] as? [String: Int] ?? [:], rssBeforeTraining: before, peakRSS: peak))
    }
}

extension TrainDCGANBenchmark.ReferenceRun {
    /// The rounds' runs as one (at least one run).
    init(pooling runs: [Self]) {
        self = runs[0]
        stepSeconds = runs.flatMap(\.stepSeconds)
        inferenceSeconds = runs.flatMap(\.inferenceSeconds)
        peakRSS = runs.map(\.peakRSS).max() ?? peakRSS
    }
}

private extension Result {
    var success: Success? {
        if case .success(let s) = self { return s }
        return nil
    }
}
