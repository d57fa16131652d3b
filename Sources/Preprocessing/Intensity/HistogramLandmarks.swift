import Foundation
import Imaging

/// The trained standard scale of histogram standardization: for each percentile of an
/// image's histogram (TorchIO's defaults: 1, 10, 20, 25, 30, ..., 70, 75, 80, 90, 99), the
/// value it maps to on the standard scale [0, 100]. Written as JSON:
/// `{"percentiles": [1, 10, ...], "values": [0, 8.1, ...]}`; `values` alone is TorchIO's
/// landmark array (13 numbers for its default cutoff).
public struct HistogramLandmarks: Sendable, Equatable, Codable {
    /// Ascending percentiles in (0, 100) at which the landmarks sit.
    public var percentiles: [Double]
    /// Standard-scale value of each percentile, ascending.
    public var values: [Double]

    /// TorchIO's landmark percentiles for a cutoff (as fractions, default (0.01, 0.99)):
    /// the two cutoff percentiles, the quartiles and the deciles, sorted without repeats.
    public static func landmarkPercentiles(cutoff: (Double, Double) = (0.01, 0.99)) -> [Double] {
        let all = [cutoff.0 * 100, cutoff.1 * 100] + [25.0, 50, 75] + (1...9).map { Double($0) * 10 }
        return Array(Set(all)).sorted()
    }

    /// Throws unless the percentiles and values have the same count (at least 3), the
    /// percentiles ascend within [0, 100] and the values do not descend.
    public init(percentiles: [Double] = HistogramLandmarks.landmarkPercentiles(), values: [Double]) throws(PreprocessError) {
        self.percentiles = percentiles
        self.values = values
        try validate(parameter: "histogram_standardization.landmarks")
    }

    func validate(parameter: String) throws(PreprocessError) {
        guard percentiles.count == values.count, values.count >= 3 else {
            throw .invalidParameter(name: parameter, value: "\(values.count) values",
                                    reason: "expected one value per landmark percentile (\(percentiles.count): \(percentiles.map { HistogramLandmarks.show($0) }.joined(separator: ", ")))")
        }
        for i in percentiles.indices {
            guard percentiles[i] >= 0, percentiles[i] <= 100, i == 0 || percentiles[i] > percentiles[i - 1] else {
                throw .invalidParameter(name: parameter, value: "\(percentiles)", reason: "percentiles must ascend within [0, 100]")
            }
            guard values[i].isFinite, i == 0 || values[i] >= values[i - 1] else {
                throw .invalidParameter(name: parameter, value: "\(values)", reason: "landmark values must be finite and must not descend")
            }
        }
    }

    static func show(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(d) }

    /// Writes the landmarks as JSON (to a temporary file renamed into place).
    public func write(to path: String) throws(PreprocessError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            let data = try encoder.encode(self)
            try AtomicFile.write(to: path) { tmp in try data.write(to: URL(fileURLWithPath: tmp)) }
        } catch {
            throw .inFile(path: path, .invalidParameter(name: "landmarks_file", value: "'\(path)'", reason: "cannot write: \(error)"))
        }
    }

    /// Reads landmarks written by `write(to:)`.
    public static func read(from path: String) throws(PreprocessError) -> HistogramLandmarks {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .invalidParameter(name: "histogram_standardization.landmarks_file", value: "'\(path)'", reason: "cannot read the file")
        }
        let decoded: HistogramLandmarks
        do { decoded = try JSONDecoder().decode(HistogramLandmarks.self, from: data) } catch {
            throw .inFile(path: path, .invalidParameter(name: "histogram_standardization.landmarks_file", value: "'\(path)'",
                                                        reason: "expected JSON {\"percentiles\": [...], \"values\": [...]}: \(error)"))
        }
        do throws(PreprocessError) { try decoded.validate(parameter: "histogram_standardization.landmarks_file") } catch {
            throw .inFile(path: path, error)
        }
        return decoded
    }
}
