/// A Frechet distance (FID when the features are Inception-v3's) with its parts, the settings
/// that changed it and what went wrong on the way.
///
/// `value = meanTerm + traceReal + traceSynthetic - 2 * traceSqrtProduct`.
public struct FrechetDistanceResult: Sendable, Codable, Equatable {
    public var value: Double
    /// `|mu_real - mu_synthetic|^2`.
    public var meanTerm: Double
    /// Traces of the two covariances (without any offset, as pytorch-fid).
    public var traceReal: Double
    public var traceSynthetic: Double
    /// `tr sqrt(S_real S_synthetic)` (with the offset when the retry was used).
    public var traceSqrtProduct: Double
    /// The options used.
    public var options: FrechetDistanceOptions
    /// The offset actually added to both covariances (0, or `eps` after a retry).
    public var offset: Double
    /// The near-singularity threshold used (`options.singularTolerance`, or `D * ulp`).
    public var singularTolerance: Double
    /// LAPACK's estimates of the covariances' reciprocal condition numbers (before any
    /// offset; 0 when not positive definite).
    public var reciprocalConditionReal: Double
    public var reciprocalConditionSynthetic: Double
    /// Eigenvalues of `L^T S_synthetic L` that came out negative by rounding and were set to 0,
    /// and the most negative of them (0 when none).
    public var clampedEigenvalues: Int
    public var mostNegativeEigenvalue: Double
    public var method: String
    public var real: FeatureSetInfo
    public var synthetic: FeatureSetInfo
    /// Everything that makes the value less trustworthy (singular covariances, few samples,
    /// unnamed extractors).
    public var warnings: [String]
}
