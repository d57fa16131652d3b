/// FID at several synthetic sample sizes and its extrapolation to infinitely many samples.
public struct FIDExtrapolationResult: Sendable, Codable, Equatable {
    /// The intercept of the least-squares line of FID against 1/N: FID at N = infinity.
    public var fidInfinity: Double
    /// The slope of that line (the 1/N bias coefficient).
    public var slope: Double
    /// Coefficient of determination of the fit.
    public var rSquared: Double
    /// The synthetic sample sizes and the FID at each.
    public var sizes: [Int]
    public var values: [Double]
    public var options: FIDExtrapolationOptions
    public var method: String
    public var real: FeatureSetInfo
    public var synthetic: FeatureSetInfo
    public var warnings: [String]
}
