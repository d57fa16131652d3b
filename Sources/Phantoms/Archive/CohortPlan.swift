import Preprocessing

/// Who is who in the archive before any image is made: each patient's class and split.
///
/// Classes: the patient indices are shuffled (seeded) and dealt to the four classes in turn,
/// so class sizes differ by at most one. Split, per class: the class's patients (in index
/// order) are shuffled (seeded) and the first round(n * holdoutFraction) go to holdout, the
/// rest to train. A patient is in exactly one split.
public struct CohortPlan: Sendable, Equatable {
    public var classes: [TumourClass]
    public var splits: [PhantomSplit]

    public static let rule = "classes dealt in turn over a seeded shuffle of the patients; per class, round(n x holdout fraction) patients of a seeded shuffle go to holdout"

    public init(patients: Int, holdoutFraction: Double, seed: UInt64) {
        var random = SeededRandom(seed: seed, stream: "cohort")
        var order = Array(0..<patients)
        CohortPlan.shuffle(&order, &random)
        var classes = [TumourClass](repeating: .noTumour, count: patients)
        for (n, p) in order.enumerated() { classes[p] = TumourClass.allCases[n % TumourClass.allCases.count] }
        var splits = [PhantomSplit](repeating: .train, count: patients)
        for c in TumourClass.allCases {
            var members = (0..<patients).filter { classes[$0] == c }
            CohortPlan.shuffle(&members, &random)
            let holdout = Int((Double(members.count) * holdoutFraction).rounded(.toNearestOrAwayFromZero))
            for p in members.prefix(holdout) { splits[p] = .holdout }
        }
        self.classes = classes
        self.splits = splits
    }

    static func shuffle(_ a: inout [Int], _ random: inout SeededRandom) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) { a.swapAt(i, random.int(below: i + 1)) }
    }
}
