import COpenBLAS
import Foundation

/// Mean and covariance of a feature set, in Double: what the Frechet distance (FID) compares.
///
/// The covariance is the sample covariance (divided by N - 1), as `numpy.cov(x, rowvar=False)`
/// and pytorch-fid compute it; it is accumulated with DSYRK over blocks of centred rows.
/// Statistics can also be read from and written to pytorch-fid's `.npz` files (`mu`, `sigma`).
public struct FeatureStatistics: Sendable {
    /// The set described (count nil when the statistics came from a file without it).
    public let info: FeatureSetInfo
    /// Feature dimension D.
    public var dimension: Int { info.dimension }
    /// Mean feature vector (D).
    public let mean: [Double]
    /// Covariance, D x D, row-major (symmetric).
    public let covariance: [Double]

    /// Statistics of given mean and covariance; throws when the sizes disagree.
    public init(mean: [Double], covariance: [Double], info: FeatureSetInfo) throws {
        let d = mean.count
        guard d >= 1, d == info.dimension, covariance.count == d * d else {
            throw MetricsError.shapeMismatch("statistics of '\(info.source)': mean has \(mean.count) values, covariance \(covariance.count) (expected \(info.dimension) and \(info.dimension * info.dimension))")
        }
        self.mean = mean
        self.covariance = covariance
        self.info = info
    }

    /// Mean and sample covariance of a feature matrix (at least 2 finite rows).
    public init(_ features: FeatureMatrix) throws {
        try self.init(features, weights: nil)
    }

    /// Mean and sample covariance of the rows taken `weights[i]` times each (a bootstrap
    /// resample without copying rows): equal to the statistics of the stacked rows.
    init(_ features: FeatureMatrix, weights: [Int]?) throws {
        try features.requireFinite()
        let n = features.count, d = features.dimension
        let total = weights.map { $0.reduce(0, +) } ?? n
        guard total >= 2 else {
            throw MetricsError.invalidInput("feature set '\(features.source)' has \(total) vector(s); a covariance needs at least 2")
        }
        var mean = [Double](repeating: 0, count: d)
        features.values.withUnsafeBufferPointer { x in
            mean.withUnsafeMutableBufferPointer { m in
                for i in 0..<n {
                    let w = Double(weights?[i] ?? 1)
                    if w == 0 { continue }
                    let row = i * d
                    for j in 0..<d { m[j] += w * Double(x[row + j]) }
                }
                for j in 0..<d { m[j] /= Double(total) }
            }
        }
        // Blocks of centred rows (scaled by sqrt(weight)), accumulated into the upper triangle.
        var cov = [Double](repeating: 0, count: d * d)
        let blockRows = max(1, min(n, (1 << 21) / d))
        var block = [Double](repeating: 0, count: blockRows * d)
        var first = true
        var i = 0
        while i < n {
            var rows = 0
            features.values.withUnsafeBufferPointer { x in
                block.withUnsafeMutableBufferPointer { b in
                    while i < n && rows < blockRows {
                        let w = weights?[i] ?? 1
                        if w > 0 {
                            let s = w == 1 ? 1 : Double(w).squareRoot()
                            let src = i * d, dst = rows * d
                            for j in 0..<d { b[dst + j] = (Double(x[src + j]) - mean[j]) * s }
                            rows += 1
                        }
                        i += 1
                    }
                }
            }
            if rows > 0 {
                // Column-major view: the block is D x rows; C += block * block^T.
                lazy_cblas_dsyrk(CblasColMajor, CblasUpper, CblasNoTrans, Int32(d), Int32(rows), 1.0,
                            block, Int32(d), first ? 0.0 : 1.0, &cov, Int32(d))
                first = false
            }
        }
        let scale = 1 / Double(total - 1)
        cov.withUnsafeMutableBufferPointer { c in
            // The column-major upper triangle is the row-major lower one: mirror and scale.
            for r in 0..<d {
                for col in 0...r {
                    let v = c[r * d + col] * scale
                    c[r * d + col] = v
                    c[col * d + r] = v
                }
            }
        }
        self.mean = mean
        self.covariance = cov
        self.info = FeatureSetInfo(source: features.source, count: total, dimension: d, extractor: features.extractor)
    }

    /// Throws when the mean or covariance holds NaN or infinity.
    func requireFinite() throws {
        guard mean.allSatisfy(\.isFinite), covariance.allSatisfy(\.isFinite) else {
            throw MetricsError.invalidInput("statistics of '\(info.source)' hold non-finite values")
        }
    }

    /// Reads pytorch-fid statistics: an `.npz` with `mu` (D) and `sigma` (D x D).
    public static func read(npz path: String) throws -> FeatureStatistics {
        let arrays = try NumPyArchive.read(path)
        guard let mu = arrays.first(where: { $0.name == "mu" })?.array,
              let sigma = arrays.first(where: { $0.name == "sigma" })?.array else {
            throw MetricsError.file(path: path, reason: "statistics need arrays 'mu' and 'sigma' (found: \(arrays.map(\.name).joined(separator: ", ")))")
        }
        guard mu.shape.count == 1, sigma.shape == [mu.shape[0], mu.shape[0]], mu.shape[0] >= 1 else {
            throw MetricsError.file(path: path, reason: "'mu' must be (D,) and 'sigma' (D, D); found \(mu.shape) and \(sigma.shape)")
        }
        return try FeatureStatistics(mean: mu.doubles(), covariance: sigma.doubles(),
                                     info: FeatureSetInfo(source: path, count: nil, dimension: mu.shape[0]))
    }

    /// Writes the statistics as pytorch-fid does (`np.savez(path, mu=..., sigma=...)`, float64).
    public func write(npz path: String) throws {
        try NumPyArchive.write([("mu", NumPyArray(shape: [dimension], doubles: mean)),
                                ("sigma", NumPyArray(shape: [dimension, dimension], doubles: covariance))], to: path)
    }
}
