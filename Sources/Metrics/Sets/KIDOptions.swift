/// Settings of the kernel inception distance (KID). The defaults are those of Binkowski et al.
/// (2018) and torch-fidelity: cubic polynomial kernel `k(x, y) = (gamma x.y + coef0)^degree`
/// with `gamma = 1 / D`, 100 subsets of 1000 vectors.
public struct KIDOptions: Sendable, Codable, Equatable {
    /// Number of subset pairs the unbiased MMD^2 is averaged over.
    public var subsets: Int
    /// Vectors per subset (from each set); clamped to the smaller set with a warning.
    public var subsetSize: Int
    public var degree: Int
    /// Kernel scale; nil means 1 / D.
    public var gamma: Double?
    public var coef0: Double
    /// Seed of the `SubsetSampler` that draws the subsets.
    public var seed: UInt64

    public init(subsets: Int = 100, subsetSize: Int = 1000, degree: Int = 3, gamma: Double? = nil, coef0: Double = 1, seed: UInt64 = 0) {
        self.subsets = subsets
        self.subsetSize = subsetSize
        self.degree = degree
        self.gamma = gamma
        self.coef0 = coef0
        self.seed = seed
    }
}
