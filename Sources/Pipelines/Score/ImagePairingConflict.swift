/// A pairing key held by more than one file of a set (e.g. `a/b.png` and `a/b.nii.gz` in
/// the same folder), so which file pairs is ambiguous: none of them is paired.
public struct ImagePairingConflict: Sendable, Hashable, Codable {
    public let key: String
    /// The real items with this key (possibly none), sorted by path.
    public let real: [ImageSetItem]
    /// The synthetic items with this key (possibly none), sorted by path.
    public let synthetic: [ImageSetItem]

    public init(key: String, real: [ImageSetItem], synthetic: [ImageSetItem]) {
        self.key = key
        self.real = real
        self.synthetic = synthetic
    }
}
