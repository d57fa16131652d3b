/// One step of a `SliceSelection`; each step keeps a subset of the slices the previous
/// step kept (the candidates, in increasing slice index).
public enum SliceRule: Sendable, Equatable, Codable {
    /// Keeps slices whose foreground fraction (see `ForegroundThreshold`) is strictly
    /// greater than this value, in [0, 1).
    case minForeground(Double)
    /// Keeps every k-th candidate, counted from the middle candidate outward in both
    /// directions, so that the central slice is always kept (k >= 1; 1 keeps all).
    case every(Int)
    /// Keeps the n middle candidates (all when there are n or fewer). With an odd surplus
    /// the extra slice is dropped at the top: candidates[(m - n) / 2 ..< (m - n) / 2 + n].
    case central(Int)

    /// Throws for a step with a value it cannot use, naming the parameter.
    public func validate() throws(PreprocessError) {
        switch self {
        case .minForeground(let f):
            guard f.isFinite, f >= 0, f < 1 else {
                throw .invalidParameter(name: "slice.min_foreground", value: "\(f)", reason: "the foreground fraction must be in [0, 1)")
            }
        case .every(let k):
            guard k >= 1 else { throw .invalidParameter(name: "slice.every", value: "\(k)", reason: "must be at least 1") }
        case .central(let n):
            guard n >= 1 else { throw .invalidParameter(name: "slice.central", value: "\(n)", reason: "must be at least 1") }
        }
    }

    /// The candidates this step keeps; `foreground(index)` gives a slice's foreground fraction.
    public func apply(to candidates: [Int], foreground: (Int) -> Double) -> [Int] {
        switch self {
        case .minForeground(let f):
            return candidates.filter { foreground($0) > f }
        case .every(let k):
            guard k > 1, !candidates.isEmpty else { return candidates }
            let mid = (candidates.count - 1) / 2
            return candidates.indices.filter { ($0 - mid) % k == 0 }.map { candidates[$0] }
        case .central(let n):
            guard n < candidates.count else { return candidates }
            let start = (candidates.count - n) / 2
            return Array(candidates[start..<(start + n)])
        }
    }
}
