/// A percentile bootstrap confidence interval of a set metric.
public struct BootstrapInterval: Sendable, Codable, Equatable {
    /// Which metric (`FID`, `KID`).
    public var metric: String
    /// The metric on the full sets.
    public var estimate: Double
    /// Percentiles `(1 - level) / 2` and `(1 + level) / 2` of the replicates (NumPy's default
    /// linear interpolation).
    public var lower: Double
    public var upper: Double
    /// Standard deviation of the replicates (ddof 1): the bootstrap standard error.
    public var standardError: Double
    public var options: BootstrapOptions
    public var method: String
    public var warnings: [String]
}
