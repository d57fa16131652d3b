/// What a set-metric result records about one feature set.
public struct FeatureSetInfo: Sendable, Codable, Equatable {
    /// Where the features came from (file, folder, generator).
    public var source: String
    /// Number of feature vectors; nil when only statistics were given (e.g. a pytorch-fid
    /// `.npz` of `mu` and `sigma`).
    public var count: Int?
    /// Feature dimension D.
    public var dimension: Int
    /// The extractor that made the features, when known.
    public var extractor: FeatureExtractorInfo?

    public init(source: String, count: Int?, dimension: Int, extractor: FeatureExtractorInfo? = nil) {
        self.source = source
        self.count = count
        self.dimension = dimension
        self.extractor = extractor
    }

    /// Checks that two sets can be compared: same dimension and, when both name an extractor,
    /// the same extractor (name, version and settings). Returns a warning when only one of
    /// them names its extractor.
    static func checkComparable(_ a: FeatureSetInfo, _ b: FeatureSetInfo) throws -> [String] {
        guard a.dimension == b.dimension else {
            throw MetricsError.shapeMismatch("feature dimensions differ: \(a.dimension) ('\(a.source)') vs \(b.dimension) ('\(b.source)')")
        }
        switch (a.extractor, b.extractor) {
        case let (x?, y?) where x != y:
            throw MetricsError.invalidInput("the sets were made by different feature extractors (\(x.name) \(x.version) vs \(y.name) \(y.version)); their features are not comparable")
        case (nil, .some), (.some, nil):
            return ["only one of the two sets names its feature extractor; make sure both used the same one"]
        default:
            return []
        }
    }
}
