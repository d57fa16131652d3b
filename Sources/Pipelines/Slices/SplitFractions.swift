import Foundation
import Preprocessing

/// How patients are divided into train / val / test. `--split 0.8` puts 80 % of the
/// patients in train and the rest in test; `--split 0.7,0.15` gives 70 % train, 15 % val
/// and the rest test. The split is by patient, never by volume or slice, so that no patient
/// is in two splits.
///
/// Rule: the patient ids are sorted, shuffled with `SeededRandom(seed:, stream: "slices.split")`
/// (Fisher-Yates), and cut at round(N * train) and round(N * (train + val)) (halves round
/// away from zero); the rest is test. The same seed and the same patients give the same split.
public struct SplitFractions: Sendable, Equatable, Codable {
    public var train: Double
    public var val: Double
    public var test: Double { max(0, 1 - train - val) }

    /// Throws unless every given fraction is in (0, 1] and they sum to at most 1.
    public init(train: Double, val: Double = 0) throws(PreprocessError) {
        guard train.isFinite, train > 0, train <= 1 else {
            throw .invalidParameter(name: "split", value: "\(train)", reason: "the train fraction must be in (0, 1]")
        }
        guard val.isFinite, val >= 0, val <= 1 else {
            throw .invalidParameter(name: "split", value: "\(train),\(val)", reason: "the val fraction must be in (0, 1]")
        }
        guard train + val <= 1 + 1e-9 else {
            throw .invalidParameter(name: "split", value: "\(train),\(val)", reason: "train + val must not exceed 1 (the rest is test)")
        }
        self.train = train
        self.val = val
    }

    init(unchecked train: Double, val: Double) {
        self.train = train
        self.val = val
    }

    /// Parses "0.8" (train, rest test) or "0.7,0.15" (train, val, rest test).
    public init(parsing text: String) throws(PreprocessError) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard (1...2).contains(parts.count) else {
            throw .invalidParameter(name: "split", value: "'\(text)'", reason: "give the train fraction (0.8) or train and val fractions (0.7,0.15)")
        }
        var values: [Double] = []
        for p in parts {
            guard let v = Double(p), v.isFinite else {
                throw .invalidParameter(name: "split", value: "'\(text)'", reason: "'\(p)' is not a number")
            }
            guard v > 0, v <= 1 else {
                throw .invalidParameter(name: "split", value: "'\(text)'", reason: "each fraction must be in (0, 1], found \(p)")
            }
            values.append(v)
        }
        try self.init(train: values[0], val: values.count > 1 ? values[1] : 0)
    }

    /// Number of patients in each split out of `n`.
    public func counts(_ n: Int) -> [DatasetSplit: Int] {
        let a = Int((Double(n) * train).rounded(.toNearestOrAwayFromZero))
        let b = Int((Double(n) * (train + val)).rounded(.toNearestOrAwayFromZero))
        let nTrain = min(n, a), nVal = min(n, max(b, nTrain)) - nTrain
        return [.train: nTrain, .val: nVal, .test: n - nTrain - nVal]
    }

    /// The split of every patient (ids are deduplicated and sorted first, so the input order
    /// does not matter).
    public func assign(patients: [String], seed: UInt64) -> [String: DatasetSplit] {
        var ids = Array(Set(patients)).sorted()
        var random = SeededRandom(seed: seed, stream: "slices.split")
        if ids.count > 1 {
            for i in stride(from: ids.count - 1, to: 0, by: -1) {
                ids.swapAt(i, random.int(below: i + 1))
            }
        }
        let c = counts(ids.count)
        let nTrain = c[.train, default: 0], nVal = c[.val, default: 0]
        var out: [String: DatasetSplit] = [:]
        for (n, id) in ids.enumerated() {
            out[id] = n < nTrain ? .train : n < nTrain + nVal ? .val : .test
        }
        return out
    }

    /// "0.8/0/0.2"-style text for summaries.
    public var description: String { "train \(train), val \(val), test \(((test * 1e9).rounded()) / 1e9)" }
}
