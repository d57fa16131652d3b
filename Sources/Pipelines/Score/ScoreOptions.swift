import Metrics

/// Settings of `medsynth score`. Every setting that changes a value is written into the report.
public struct ScoreOptions: Sendable {
    /// Folders (or single files) of real and synthetic images.
    public var real: String?
    public var synthetic: String?
    /// Feature files (.npy, or .npz with `name:` after the path as `file.npz:array`) computed
    /// elsewhere: set metrics on them, no images read.
    public var realFeatures: String?
    public var syntheticFeatures: String?
    /// Compare each synthetic image with the real image of the same relative path.
    public var paired: Bool
    /// Metrics to compute; empty = the defaults of the mode (paired or set metrics).
    public var metrics: [ScoreMetric]
    /// The data range L of PSNR/SSIM/MS-SSIM; nil = from the real image's voxel type (an error
    /// for float images, which need it given).
    public var dataRange: Double?
    public var ssim: SSIMSettings
    /// MS-SSIM scales (5 by default; fewer for small images).
    public var msssimScales: Int
    /// Histogram bins of MI/NMI.
    public var bins: Int
    /// Write one entry per pair into the report.
    public var perImage: Bool
    /// Set metrics on images: resize every image to this size before taking its raw pixels
    /// (nil: images must all have one shape).
    public var rawPixelSize: [Int]?
    public var kid: KIDOptions
    public var prdc: PRDCOptions
    /// Bootstrap confidence intervals of FID and KID (nil: none).
    public var bootstrap: BootstrapOptions?
    /// FID at several synthetic sample sizes, extrapolated to infinitely many (Chong & Forsyth).
    public var fidInfinity: FIDExtrapolationOptions?
    public var workers: Int

    public init(real: String? = nil, synthetic: String? = nil, realFeatures: String? = nil, syntheticFeatures: String? = nil,
                paired: Bool = false, metrics: [ScoreMetric] = [], dataRange: Double? = nil, ssim: SSIMSettings = .wang,
                msssimScales: Int = 5, bins: Int = 100, perImage: Bool = false, rawPixelSize: [Int]? = nil,
                kid: KIDOptions = KIDOptions(), prdc: PRDCOptions = PRDCOptions(), bootstrap: BootstrapOptions? = nil,
                fidInfinity: FIDExtrapolationOptions? = nil, workers: Int = 0) {
        self.real = real
        self.synthetic = synthetic
        self.realFeatures = realFeatures
        self.syntheticFeatures = syntheticFeatures
        self.paired = paired
        self.metrics = metrics
        self.dataRange = dataRange
        self.ssim = ssim
        self.msssimScales = msssimScales
        self.bins = bins
        self.perImage = perImage
        self.rawPixelSize = rawPixelSize
        self.kid = kid
        self.prdc = prdc
        self.bootstrap = bootstrap
        self.fidInfinity = fidInfinity
        self.workers = workers
    }
}
