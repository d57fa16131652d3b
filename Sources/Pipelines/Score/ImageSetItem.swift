/// One image of an `ImageSet`: where it is, how it pairs, its class label and its format.
/// Listing an item reads no pixels; `ImageSet.load(_:)` does.
public struct ImageSetItem: Sendable, Hashable, Codable {
    /// Path relative to the set's folder, "/"-separated (the file name for a one-file set).
    public let path: String
    /// Pairing key: `path` without the format's name extension (`ImageSetFormat.key(forPath:)`).
    /// Keys are compared exactly (case kept), so `real/a/b.png` pairs with
    /// `synthetic/a/b.nii.gz` but not with `synthetic/A/b.png`.
    public let key: String
    /// The class: the first folder under the set's root when the file lies in a sub-folder
    /// (`real/glioma/x.png` -> "glioma", `real/glioma/deep/x.png` -> "glioma"); nil for a
    /// file directly in the root (and for a one-file set).
    public let label: String?
    public let format: ImageSetFormat

    /// An item for a relative path; the key and the label follow from the path.
    public init(path: String, format: ImageSetFormat) {
        self.path = path
        self.format = format
        key = format.key(forPath: path)
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        label = parts.count > 1 ? String(parts[0]) : nil
    }
}
