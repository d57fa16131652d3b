/// Settings of a bootstrap confidence interval.
public struct BootstrapOptions: Sendable, Codable, Equatable {
    /// Number of bootstrap replicates.
    public var resamples: Int
    /// Coverage of the interval (0.95 gives the 2.5th and 97.5th percentiles).
    public var level: Double
    /// Seed of the `SubsetSampler` that draws the resamples.
    public var seed: UInt64

    public init(resamples: Int = 100, level: Double = 0.95, seed: UInt64 = 0) {
        self.resamples = resamples
        self.level = level
        self.seed = seed
    }
}
