/// How many elements each kind of action touched in one file (for the per-file log).
public struct ActionTally: Sendable, Equatable, Codable {
    public private(set) var counts: [String: Int] = [:]

    public init() {}

    public mutating func add(_ kind: Kind, _ n: Int = 1) { counts[kind.rawValue, default: 0] += n }

    public func count(_ kind: Kind) -> Int { counts[kind.rawValue] ?? 0 }

    public static func + (a: ActionTally, b: ActionTally) -> ActionTally {
        var t = a
        for (k, v) in b.counts { t.counts[k, default: 0] += v }
        return t
    }

    public enum Kind: String, Sendable, CaseIterable {
        case kept, removed, emptied, dummy
        case uidReplaced = "uid_replaced"
        case dateShifted = "date_shifted"
        case cleaned
        case pseudonym
        case privateRemoved = "private_removed"
        case privateKept = "private_kept"
        case unlistedRemoved = "unlisted_removed"
        case graphicsRemoved = "graphics_removed"
        case recipe
        case added
    }
}
