import Models
import NeuralCore

/// What `medsynth bench train-dcgan` measured: the reference DCGAN's training step in medsynth
/// and in PyTorch, side by side, in one run (`TrainDCGANBenchmark`).
public struct TrainDCGANBenchResult: Sendable, Encodable {
    /// One side's figures.
    public struct Side: Sendable, Encodable {
        /// BLAS (and engine) threads for medsynth; `torch.get_num_threads()` for PyTorch.
        public var threads: Int
        /// Median seconds of one training step.
        public var medianStepSeconds: Double
        /// Batch size / median step time.
        public var imagesPerSecond: Double
        /// FLOP of one training step: medsynth's analytical count of its own work, and for
        /// PyTorch the count of `FlopCounterMode` over one step.
        public var flopPerStep: Int
        /// FLOP per step / median step time, in 10⁹ per second.
        public var gflops: Double
        /// `gflops` / the SGEMM throughput measured in the same run.
        public var fractionOfSGEMMPeak: Double
        /// Seconds of each timed generator forward pass (eval mode, no gradients, same batch).
        public var generatorInferenceSeconds: [Double]
        /// Batch size / median generator forward time.
        public var generatorImagesPerSecond: Double
        /// Resident memory just before the first training step (models and data made).
        public var rssBeforeTrainingBytes: Int
        /// Peak resident memory of the process after training and inference (ru_maxrss).
        public var peakRSSBytes: Int
        /// Peak minus the memory before training: what training added.
        public var trainingRSSIncreaseBytes: Int

        init(threads: Int, batch: Int, stepSeconds: [Double], flopPerStep: Int, sgemmGFLOPs: Double, inferenceSeconds: [Double],
             rssBeforeTraining: Int, peakRSS: Int) {
            self.threads = threads
            medianStepSeconds = BenchResult.median(stepSeconds)
            imagesPerSecond = Self.finite(Double(batch) / medianStepSeconds)
            self.flopPerStep = flopPerStep
            gflops = Self.finite(Double(flopPerStep) / medianStepSeconds / 1e9)
            fractionOfSGEMMPeak = Self.finite(gflops / sgemmGFLOPs)
            generatorInferenceSeconds = inferenceSeconds
            generatorImagesPerSecond = Self.finite(Double(batch) / BenchResult.median(inferenceSeconds))
            rssBeforeTrainingBytes = rssBeforeTraining
            peakRSSBytes = peakRSS
            trainingRSSIncreaseBytes = max(0, peakRSS - rssBeforeTraining)
        }

        /// JSON has no NaN or infinity: a figure that cannot be formed is 0.
        private static func finite(_ v: Double) -> Double { v.isFinite ? v : 0 }
    }

    /// The targets and whether this run met them.
    public struct Targets: Sendable, Encodable {
        /// medsynth's median step time / PyTorch's, at most this.
        public var stepTimeRatio: Double
        /// medsynth's achieved GFLOP/s / the SGEMM peak, at least this.
        public var sgemmFraction: Double
        public var stepTimeMet: Bool
        public var sgemmFractionMet: Bool
        /// medsynth's training memory increase at most PyTorch's; nil without the anchor.
        public var memoryMet: Bool?
    }

    public var configuration: DCGAN.Configuration
    public var batch: Int
    public var warmupSteps: Int
    /// Step times of both sides, their medians and ratio (medsynth / PyTorch) against the
    /// target; the notes say how the run was made. No anchor times when PyTorch could not run.
    public var stepTime: BenchResult
    public var medsynth: Side
    /// Nil when the PyTorch side could not run (`anchorError` says why).
    public var pytorch: Side?
    public var pytorchVersion: String?
    public var anchorError: String?
    /// The analytical count (per convolution, medsynth's step, PyTorch's loop).
    public var flops: DCGANStepFLOPs
    /// `FlopCounterMode`'s count per op over one PyTorch step.
    public var pytorchFLOPByOp: [String: Int]
    /// SGEMM throughput measured in the same run on the same threads: the peak both sides are
    /// compared with (of the samples, the one with the median GFLOP/s).
    public var sgemm: BLAS.Throughput
    /// The SGEMM samples, one after each step (or pair of steps), GFLOP/s.
    public var sgemmSamples: [Double]
    /// The OpenBLAS kernels in use (e.g. "SkylakeX").
    public var blasCore: String
    public var targets: Targets
    /// Where the reference script was run from.
    public var referenceScript: String
    /// Per round (`TrainDCGANBenchmark.rounds`), the median of that round's paired step
    /// ratios; empty without the anchor.
    public var roundRatios: [Double]
    /// Per pair of interleaved steps (medsynth's, then PyTorch's), medsynth's time over
    /// PyTorch's, every round's pairs in order; empty without the anchor.
    public var stepRatios: [Double]

    /// The median of `roundRatios`; nil without them.
    public var medianRoundRatio: Double? { roundRatios.isEmpty ? nil : BenchResult.median(roundRatios) }
    /// The median of `stepRatios`; nil without them.
    public var medianStepRatio: Double? { stepRatios.isEmpty ? nil : BenchResult.median(stepRatios) }

    /// Of one or more samples, the one with the median GFLOP/s (the lower middle one of an
    /// even count).
    static func medianPeak(_ peaks: [BLAS.Throughput]) -> BLAS.Throughput {
        let sorted = peaks.sorted { $0.gflops < $1.gflops }
        return sorted[(sorted.count - 1) / 2]
    }
}
