/// A real and a synthetic image with the same pairing key, for paired (pixel) metrics.
public struct ImagePair: Sendable, Hashable, Codable {
    /// The shared key (the real item's key for two one-file sets, whose names may differ).
    public let key: String
    public let real: ImageSetItem
    public let synthetic: ImageSetItem

    public init(key: String, real: ImageSetItem, synthetic: ImageSetItem) {
        self.key = key
        self.real = real
        self.synthetic = synthetic
    }
}
