/// The parts of a dataset; every patient belongs to exactly one. `medsynth slices` deals
/// patients into train, val and test; `holdout` (patients kept out of every training, the
/// non-members of a membership-inference audit) is only ever given explicitly, as the demo
/// archive does.
public enum DatasetSplit: String, Sendable, Codable, CaseIterable, Comparable {
    case train, val, test, holdout

    /// The splits `SplitFractions` deals patients into.
    public static let dealt: [DatasetSplit] = [.train, .val, .test]

    public static func < (a: DatasetSplit, b: DatasetSplit) -> Bool {
        a.order < b.order
    }

    private var order: Int {
        switch self {
        case .train: return 0
        case .val: return 1
        case .test: return 2
        case .holdout: return 3
        }
    }
}
