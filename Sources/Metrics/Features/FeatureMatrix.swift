import Foundation

/// A set of feature vectors: `count` rows of `dimension` Float32 values, row-major (row `i`
/// is `values[i * dimension ..< (i + 1) * dimension]`), with a description of where it came
/// from and, when an extractor made it, which one.
///
/// Set metrics (FID, KID, precision/recall/density/coverage) take two of these. Features
/// computed elsewhere are read from NumPy files with `read(_:name:)`.
public struct FeatureMatrix: Sendable, Equatable {
    /// Number of feature vectors (rows, N).
    public let count: Int
    /// Length of each vector (columns, D).
    public let dimension: Int
    /// `count * dimension` values, row-major.
    public let values: [Float]
    /// Where the features came from (a file, a folder, a generator); written into results.
    public var source: String
    /// The extractor that produced the features, when known.
    public var extractor: FeatureExtractorInfo?

    /// Throws when `values` does not hold `count * dimension` numbers or `dimension < 1`.
    public init(count: Int, dimension: Int, values: [Float], source: String = "", extractor: FeatureExtractorInfo? = nil) throws {
        guard count >= 0, dimension >= 1, let n = count.multipliedReportingOverflowOrNil(by: dimension), n == values.count else {
            throw MetricsError.shapeMismatch("feature matrix \(source.isEmpty ? "" : "'\(source)' ")of \(count) x \(dimension) needs \(count.multipliedReportingOverflowOrNil(by: dimension).map(String.init) ?? "too many") values, got \(values.count)")
        }
        self.count = count
        self.dimension = dimension
        self.values = values
        self.source = source
        self.extractor = extractor
    }

    /// Row `i` (precondition: `0 <= i < count`).
    public func row(_ i: Int) -> ArraySlice<Float> {
        values[(i * dimension)..<((i + 1) * dimension)]
    }

    /// The rows at `indices`, in that order (repeats allowed); throws for an index out of range.
    public func selecting(rows indices: [Int]) throws -> FeatureMatrix {
        var out = [Float](repeating: 0, count: indices.count * dimension)
        try values.withUnsafeBufferPointer { src in
            try out.withUnsafeMutableBufferPointer { dst in
                for (r, i) in indices.enumerated() {
                    guard i >= 0 && i < count else {
                        throw MetricsError.invalidInput("row \(i) is out of range for \(count) feature vectors ('\(source)')")
                    }
                    guard let s = src.baseAddress, let d = dst.baseAddress else { continue }
                    (d + r * dimension).update(from: s + i * dimension, count: dimension)
                }
            }
        }
        return try FeatureMatrix(count: indices.count, dimension: dimension, values: out, source: source, extractor: extractor)
    }

    /// What a result records about this set.
    public var info: FeatureSetInfo {
        FeatureSetInfo(source: source, count: count, dimension: dimension, extractor: extractor)
    }

    /// Throws `invalidInput` naming the set and the first NaN or infinite value.
    public func requireFinite() throws {
        guard let bad = values.firstIndex(where: { !$0.isFinite }) else { return }
        throw MetricsError.invalidInput("feature set '\(source)' holds a non-finite value (\(values[bad])) at row \(bad / dimension), column \(bad % dimension); set metrics need finite features")
    }

    /// Reads features from a `.npy` file (a 2-D array, N x D, any numeric dtype converted to
    /// Float32) or from one array of an `.npz` file: `name`, else the only array, else the one
    /// named `features`.
    public static func read(_ path: String, name: String? = nil) throws -> FeatureMatrix {
        let array: NumPyArray
        var source = path
        if path.lowercased().hasSuffix(".npz") {
            let all = try NumPyArchive.read(path)
            let wanted = name ?? (all.count == 1 ? all[0].name : "features")
            guard let found = all.first(where: { $0.name == wanted }) else {
                throw MetricsError.file(path: path, reason: "no array named '\(wanted)' (the archive holds: \(all.map(\.name).joined(separator: ", "))); name the feature array")
            }
            array = found.array
            source = "\(path)[\(wanted)]"
        } else {
            array = try NumPyFile.read(path)
        }
        guard array.shape.count == 2 else {
            throw MetricsError.file(path: source, reason: "features must be a 2-D array (N x D), found shape \(array.shape)")
        }
        guard array.shape[1] >= 1 else { throw MetricsError.file(path: source, reason: "features have no columns (shape \(array.shape))") }
        return try FeatureMatrix(count: array.shape[0], dimension: array.shape[1], values: array.floats(), source: source)
    }

    /// The features as a 2-D float32 NumPy array.
    public var numPyArray: NumPyArray {
        get throws { try NumPyArray(shape: [count, dimension], floats: values) }
    }

    /// Writes the features to a `.npy` file (float32, N x D), readable by `numpy.load`.
    public func write(npy path: String) throws {
        try NumPyFile.write(numPyArray, to: path)
    }
}
