/// A kernel inception distance: the mean and standard deviation of the unbiased MMD^2 over
/// random subset pairs, with every setting that changes it.
public struct KIDResult: Sendable, Codable, Equatable {
    /// Mean of the per-subset MMD^2 values (KID).
    public var mean: Double
    /// Population standard deviation of the per-subset values (`numpy.std`, as torch-fidelity).
    public var standardDeviation: Double
    /// Number of subset pairs.
    public var subsets: Int
    /// Vectors per subset actually used (after clamping).
    public var subsetSize: Int
    /// The options as given (`options.subsetSize` may be larger than `subsetSize`).
    public var options: KIDOptions
    /// The kernel scale used (`1 / D` unless set).
    public var gamma: Double
    public var kernel: String
    public var estimator: String
    public var sampler: String
    public var real: FeatureSetInfo
    public var synthetic: FeatureSetInfo
    public var warnings: [String]
}
