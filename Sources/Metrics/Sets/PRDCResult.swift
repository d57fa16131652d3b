/// Precision, recall, density and coverage of a synthetic feature set against a real one.
public struct PRDCResult: Sendable, Codable, Equatable {
    /// Fraction of synthetic vectors inside the real manifold (k = `options.precisionRecallK`).
    public var precision: Double
    /// Fraction of real vectors inside the synthetic manifold (k = `options.precisionRecallK`).
    public var recall: Double
    /// Mean number of real neighbourhoods containing each synthetic vector, divided by k
    /// (k = `options.densityCoverageK`); can exceed 1.
    public var density: Double
    /// Fraction of real vectors whose neighbourhood contains a synthetic vector
    /// (k = `options.densityCoverageK`).
    public var coverage: Double
    public var options: PRDCOptions
    public var distance: String
    public var real: FeatureSetInfo
    public var synthetic: FeatureSetInfo
    public var warnings: [String]
}
