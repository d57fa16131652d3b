import Imaging

/// Summary of an image's physical intensities over a mask, in Double.
public struct IntensityStatistics: Sendable, Equatable, Codable {
    /// Number of voxels the statistics cover.
    public var count: Int
    public var mean: Double
    /// Population standard deviation (ddof = 0, as NumPy's `np.std` default).
    public var standardDeviation: Double
    public var minimum: Double
    public var maximum: Double

    /// Statistics of the selected values (two passes: mean, then squared deviations).
    init(_ values: [Float]) {
        count = values.count
        var sum = 0.0, lo = Double.infinity, hi = -Double.infinity
        for v in values {
            let d = Double(v)
            sum += d
            if d < lo { lo = d }
            if d > hi { hi = d }
        }
        let m = count > 0 ? sum / Double(count) : 0
        var ss = 0.0
        for v in values {
            let d = Double(v) - m
            ss += d * d
        }
        mean = m
        standardDeviation = count > 0 ? (ss / Double(count)).squareRoot() : 0
        minimum = lo
        maximum = hi
    }

    var json: [String: JSONValue] {
        ["count": .number(Double(count)), "mean": .number(mean), "std": .number(standardDeviation),
         "min": .number(minimum), "max": .number(maximum)]
    }
}

extension Volume {
    /// Mean, population standard deviation, minimum and maximum of the physical values
    /// inside `mask` (non-zero voxels of a volume on this grid; nil for every voxel).
    /// Throws for a mask on another grid or one that selects no voxel.
    public func intensityStatistics(mask: Volume? = nil) throws(PreprocessError) -> IntensityStatistics {
        let image = try IntensityMask.float32(self, parameter: "mask")
        let s = try IntensityMask.check(mask, image: image, parameter: "mask")
        return IntensityStatistics(IntensityMask.values(image, s))
    }

    /// Percentiles (each in [0, 100]) of the physical values inside `mask`, as NumPy's
    /// default `np.percentile` (method 'linear').
    public func percentiles(_ ps: [Double], mask: Volume? = nil) throws(PreprocessError) -> [Double] {
        let image = try IntensityMask.float32(self, parameter: "mask")
        let s = try IntensityMask.check(mask, image: image, parameter: "mask")
        return try IntensityMask.percentiles(image, s, ps, parameter: "percentiles")
    }
}

extension IntensityMask {
    /// NumPy 'linear' percentiles of the selected voxels (through `Percentiles`).
    static func percentiles(_ image: Volume, _ s: Selection, _ ps: [Double], parameter: String) throws(PreprocessError) -> [Double] {
        for p in ps where !(p >= 0 && p <= 100) {
            throw .invalidParameter(name: parameter, value: "\(p)", reason: "percentiles must lie in [0, 100]")
        }
        let values = IntensityMask.values(image, s)
        let r = try values.withUnsafeBufferPointer { (b) throws(PreprocessError) -> [Double]? in try Percentiles.compute(b, ps) }
        guard let r else { throw .emptyMask("'\(parameter)': the mask selects no finite voxel") }
        return r
    }
}
