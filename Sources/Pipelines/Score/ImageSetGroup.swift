/// The items of an `ImageSet` that share a label (a class sub-folder), for per-class scores.
public struct ImageSetGroup: Sendable, Hashable, Codable {
    /// The class sub-folder, or nil for the files directly in the set's root.
    public let label: String?
    /// The items, sorted by relative path.
    public let items: [ImageSetItem]

    public init(label: String?, items: [ImageSetItem]) {
        self.label = label
        self.items = items
    }
}
