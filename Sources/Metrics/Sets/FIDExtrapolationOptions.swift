/// Settings of FID extrapolation to infinitely many samples (Chong & Forsyth 2020).
public struct FIDExtrapolationOptions: Sendable, Codable, Equatable {
    /// Synthetic sample sizes to evaluate; nil means `points` sizes evenly spaced from
    /// `minimumSize` to the whole synthetic set (`numpy.linspace(...).astype(int)`).
    public var sizes: [Int]?
    public var points: Int
    /// Smallest size when `sizes` is nil; nil means a tenth of the synthetic set (their
    /// 5,000 of 50,000), at least 2.
    public var minimumSize: Int?
    /// Seed of the `SubsetSampler` that draws the subsets.
    public var seed: UInt64
    public var frechet: FrechetDistanceOptions

    public init(sizes: [Int]? = nil, points: Int = 15, minimumSize: Int? = nil, seed: UInt64 = 0,
                frechet: FrechetDistanceOptions = FrechetDistanceOptions()) {
        self.sizes = sizes
        self.points = points
        self.minimumSize = minimumSize
        self.seed = seed
        self.frechet = frechet
    }
}
