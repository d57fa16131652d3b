/// Name, version and settings of a feature extractor: written into every set-metric result,
/// since features (and so FID, KID, ...) from different extractors are not comparable.
public struct FeatureExtractorInfo: Sendable, Codable, Equatable {
    /// Short identifier, e.g. `raw-pixels` or `inception-v3-pytorch-fid`.
    public var name: String
    /// Version of the extractor (weights, preprocessing): bump it whenever features change.
    public var version: String
    /// Length of the feature vectors, nil when it depends on the input (raw pixels without a
    /// fixed size).
    public var dimension: Int?
    /// Settings that change the features (input size, interpolation, intensity handling).
    public var settings: [String: String]

    public init(name: String, version: String, dimension: Int?, settings: [String: String] = [:]) {
        self.name = name
        self.version = version
        self.dimension = dimension
        self.settings = settings
    }
}
