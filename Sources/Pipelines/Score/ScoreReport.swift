import Metrics

/// What `medsynth score` computed (`--json`): every value, every setting that changes one,
/// the feature extractor, and with `--per-image` one entry per pair.
public struct ScoreReport: Sendable, Codable {
    /// Settings that change values.
    public struct Settings: Sendable, Codable {
        /// The data range L used by PSNR, SSIM and MS-SSIM, and where it came from.
        public var dataRange: Double?
        public var dataRangeSource: String?
        public var ssim: SSIMSettings?
        public var msssim: MSSSIMSettings?
        /// Joint-histogram bins of MI and NMI.
        public var bins: Int?
        public var extractor: FeatureExtractorInfo?
        public var kid: KIDOptions?
        public var prdc: PRDCOptions?
    }

    /// One metric over all pairs (or the pairs of one label).
    public struct Summary: Sendable, Codable, Equatable {
        public var metric: String
        /// Pairs with a value (for PSNR, identical pairs are counted apart: their PSNR is infinite).
        public var count: Int
        public var mean: Double
        /// Sample standard deviation (n - 1); 0 for one value.
        public var standardDeviation: Double
        public var minimum: Double
        public var maximum: Double
        /// PSNR only: pairs of identical images, left out of the statistics.
        public var identical: Int?
    }

    /// The scores of one pair.
    public struct PairScore: Sendable, Codable, Equatable {
        public var key: String
        public var real: String
        public var synthetic: String
        public var label: String?
        public var values: [String: Double]
        public var notes: [String]?
    }

    /// A pair or file that could not be scored, with the reason (the run goes on).
    public struct Failure: Sendable, Codable, Equatable {
        public var item: String
        public var reason: String
    }

    /// Images of one set left without a partner (paired mode).
    public struct Unpaired: Sendable, Codable, Equatable {
        public var onlyInReal: [String]
        public var onlyInSynthetic: [String]
        /// Keys held by several files of one set (e.g. a.png and a.nii.gz): not paired.
        public var ambiguous: [String]
    }

    /// Set metrics on the two feature matrices.
    public struct SetScores: Sendable, Codable {
        public var real: FeatureSetInfo
        public var synthetic: FeatureSetInfo
        public var fid: FrechetDistanceResult?
        public var kid: KIDResult?
        public var prdc: PRDCResult?
        /// Bootstrap percentile intervals (`--bootstrap`).
        public var fidInterval: BootstrapInterval?
        public var kidInterval: BootstrapInterval?
        /// FID extrapolated to infinitely many synthetic samples (`--fid-infinity`).
        public var fidInfinity: FIDExtrapolationResult?
    }

    public var tool = "medsynth score"
    public var version = MedsynthVersion.current
    /// "paired", "sets" (features from images) or "features" (given feature files).
    public var mode: String
    public var real: String
    public var synthetic: String
    public var metrics: [String]
    public var settings: Settings
    /// Paired mode: pairs found and pairs scored.
    public var pairs: Int?
    public var scored: Int?
    public var summary: [Summary]
    /// The same statistics per class label (the first folder under each root).
    public var summaryByLabel: [String: [Summary]]?
    public var perImage: [PairScore]?
    public var unpaired: Unpaired?
    public var sets: SetScores?
    /// Files of the two folders that are not images, with the reason.
    public var skipped: [ScanIssueRecord]
    public var failures: [Failure]
    public var warnings: [String]
    public var seconds: Double
}
