import Imaging

/// How physical intensities map to the 0 ... 2^bits - 1 gray levels of a PNG: values at or
/// below the window's low end become 0 (black), values at or above its high end the brightest
/// level, linearly in between (then rounded to the nearest level).
public enum IntensityWindow: Sendable, Equatable, Codable {
    /// Per-volume percentiles of its finite voxels (numpy 'linear' percentiles), computed over
    /// the whole 3D volume, so that all slices of a volume share one window.
    case percentiles(low: Double, high: Double)
    /// The same fixed window for every volume (e.g. a CT window in HU).
    case fixed(low: Double, high: Double)

    /// The default: the 0.5th to 99.5th percentile of each volume.
    public static let standard = IntensityWindow.percentiles(low: 0.5, high: 99.5)

    public func validate() throws(PreprocessError) {
        switch self {
        case .percentiles(let lo, let hi):
            guard lo >= 0, hi <= 100, lo < hi else {
                throw .invalidParameter(name: "slice.window", value: "\(lo),\(hi)", reason: "percentiles must satisfy 0 <= low < high <= 100")
            }
        case .fixed(let lo, let hi):
            guard lo.isFinite, hi.isFinite, lo < hi else {
                throw .invalidParameter(name: "slice.window", value: "\(lo),\(hi)", reason: "a fixed window needs finite low < high")
            }
        }
    }

    /// The window's ends for one volume (float32). A volume without finite voxels gives (0, 0).
    public func resolve(_ volume: Volume) throws(PreprocessError) -> IntensityRange {
        try validate()
        let p = try Percentiles.compute(volume, requiredPercentiles) ?? requiredPercentiles.map { _ in 0 }
        return resolve(percentiles: Dictionary(zip(requiredPercentiles, p), uniquingKeysWith: { a, _ in a }))
    }

    /// The percentiles `resolve(percentiles:)` needs (none for a fixed window), so that a
    /// caller can compute them with others in one pass.
    public var requiredPercentiles: [Double] {
        if case .percentiles(let lo, let hi) = self { return [lo, hi] }
        return []
    }

    /// The window from precomputed percentiles (percentile -> value; missing ones count as 0).
    public func resolve(percentiles: [Double: Double]) -> IntensityRange {
        switch self {
        case .fixed(let lo, let hi): return IntensityRange(low: lo, high: hi)
        case .percentiles(let lo, let hi): return IntensityRange(low: percentiles[lo] ?? 0, high: percentiles[hi] ?? 0)
        }
    }
}

/// A resolved intensity window: physical values `low ... high` map to 0 ... 1.
public struct IntensityRange: Sendable, Equatable, Codable {
    public var low: Double
    public var high: Double
    public init(low: Double, high: Double) {
        self.low = low
        self.high = high
    }

    /// (x - low) / (high - low) clamped to [0, 1]; NaN and values of an empty window
    /// (high <= low, e.g. a constant volume) give 0.
    @inline(__always)
    public func unit(_ x: Float) -> Float {
        let width = high - low
        guard width > 0, !x.isNaN else { return 0 }
        let u = (Double(x) - low) / width
        return Float(min(1, max(0, u)))
    }

    /// A float32 copy of `volume` (float32) mapped into [0, 1] by `unit(_:)`.
    public func normalized(_ volume: Volume) throws(PreprocessError) -> Volume {
        guard volume.voxelType == .float32 else {
            throw .unsupportedVoxelType("intensity windowing needs a float32 volume, not \(volume.voxelType.rawValue)")
        }
        var out = volume
        out.withMutableFloat32Buffer { b in
            for i in 0..<b.count { b[i] = unit(b[i]) }
        }
        return out
    }
}
