/// The three parts of a dataset; every patient belongs to exactly one.
public enum DatasetSplit: String, Sendable, Codable, CaseIterable, Comparable {
    case train, val, test

    public static func < (a: DatasetSplit, b: DatasetSplit) -> Bool {
        a.order < b.order
    }

    private var order: Int {
        switch self {
        case .train: return 0
        case .val: return 1
        case .test: return 2
        }
    }
}
