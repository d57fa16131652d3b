import Imaging

/// Which voxels count as foreground for `SliceRule.minForeground`: those strictly above a
/// threshold. A slice's foreground fraction is its number of foreground voxels over its
/// number of voxels.
public enum ForegroundThreshold: Sendable, Equatable, Codable {
    /// min + f * (p99.5 - min), with min and the 99.5th percentile over the volume's finite
    /// voxels: robust to a few bright outliers, and for CT (air at -1000) or MRI (background 0)
    /// alike it separates the body from the background. Default f = 0.1.
    case relative(Double)
    /// A fixed value in physical units (e.g. -500 HU).
    case absolute(Double)

    public static let standard = ForegroundThreshold.relative(0.1)

    public func validate() throws(PreprocessError) {
        switch self {
        case .relative(let f):
            guard f.isFinite, f >= 0, f <= 1 else {
                throw .invalidParameter(name: "slice.foreground_threshold", value: "\(f)", reason: "a relative threshold must be in [0, 1]")
            }
        case .absolute(let t):
            guard t.isFinite else {
                throw .invalidParameter(name: "slice.foreground_threshold", value: "\(t)", reason: "must be finite")
            }
        }
    }

    /// The threshold value for one float32 volume (+infinity when it has no finite voxel).
    public func resolve(_ volume: Volume) throws(PreprocessError) -> Float {
        try validate()
        guard let p = try Percentiles.compute(volume, requiredPercentiles) else { return resolve(percentiles: nil) }
        return resolve(percentiles: Dictionary(zip(requiredPercentiles, p), uniquingKeysWith: { a, _ in a }))
    }

    /// The percentiles `resolve(percentiles:)` needs (none for an absolute threshold).
    public var requiredPercentiles: [Double] {
        if case .relative = self { return [0, 99.5] }
        return []
    }

    /// The threshold from precomputed percentiles (percentile -> value); nil means the volume
    /// has no finite voxel (+infinity: nothing is foreground).
    public func resolve(percentiles: [Double: Double]?) -> Float {
        switch self {
        case .absolute(let t): return Float(t)
        case .relative(let f):
            guard let p = percentiles, let lo = p[0], let hi = p[99.5] else { return .infinity }
            return Float(lo + f * (hi - lo))
        }
    }
}
