import Imaging

/// Robust rescaling: the `low` and `high` percentiles (NumPy's default 'linear' method,
/// over the mask) map linearly to `output`, and every voxel is clipped to `output`.
/// Default percentiles 0.5 and 99.5, output [0, 1] (TorchIO's RescaleIntensity with
/// `percentiles=(0.5, 99.5)`, `out_min_max=(0, 1)`).
public struct PercentileRescale: Transform {
    public var low: Double
    public var high: Double
    public var output: ClosedRange<Double>
    public var mask: IntensityMask

    /// Throws unless 0 <= low < high <= 100.
    public init(low: Double = 0.5, high: Double = 99.5, output: ClosedRange<Double> = 0...1, mask: IntensityMask = .all) throws(PreprocessError) {
        try PercentileRescale.validate(low, high, parameter: "percentile.percentiles")
        self.low = low
        self.high = high
        self.output = output
        self.mask = mask
    }

    static func validate(_ low: Double, _ high: Double, parameter: String) throws(PreprocessError) {
        guard low >= 0, high <= 100, low < high else {
            throw .invalidParameter(name: parameter, value: "[\(low), \(high)]", reason: "percentiles must satisfy 0 <= low < high <= 100")
        }
    }

    public var name: String { "percentile" }
    public var parameters: [String: JSONValue] {
        var p: [String: JSONValue] = [
            "percentiles": .array([.number(low), .number(high)]),
            "out": .array([.number(output.lowerBound), .number(output.upperBound)]),
        ]
        if let m = mask.parameter { p["mask"] = .string(m) }
        return p
    }

    public func apply(to subject: inout Subject, random: inout SeededRandom) throws(PreprocessError) -> [String: JSONValue] {
        let m = try mask.resolve(in: subject, parameter: "percentile.mask")
        let (out, v) = try subject.image.percentileRescaled(low: low, high: high, to: output, mask: m, parameter: "percentile")
        subject.image = out
        return ["low_value": .number(v.lowerBound), "high_value": .number(v.upperBound)]
    }
}

extension Volume {
    /// Clips the physical values to their `low` ... `high` percentiles inside `mask` and
    /// maps that range linearly to `output` (float32). Returns the percentile values.
    /// Throws for percentiles outside [0, 100] or not ascending, and when both
    /// percentiles are equal in value (a mostly constant image).
    public func percentileRescaled(low: Double = 0.5, high: Double = 99.5, to output: ClosedRange<Double> = 0...1,
                                   mask: Volume? = nil) throws(PreprocessError) -> (Volume, ClosedRange<Double>) {
        try percentileRescaled(low: low, high: high, to: output, mask: mask, parameter: "percentile")
    }

    func percentileRescaled(low: Double, high: Double, to output: ClosedRange<Double>, mask: Volume?,
                            parameter: String) throws(PreprocessError) -> (Volume, ClosedRange<Double>) {
        try PercentileRescale.validate(low, high, parameter: "\(parameter).percentiles")
        var image = try IntensityMask.float32(self, parameter: parameter)
        let s = try IntensityMask.check(mask, image: image, parameter: "\(parameter).mask")
        let p = try IntensityMask.percentiles(image, s, [low, high], parameter: "\(parameter).percentiles")
        guard p[1] > p[0] else {
            throw .invalidParameter(name: "\(parameter).percentiles", value: "[\(low), \(high)]",
                                    reason: "both percentiles have the value \(p[0]); widen them or use a mask")
        }
        let a = (output.upperBound - output.lowerBound) / (p[1] - p[0])
        VoxelMap.linear(&image, scale: a, offset: output.lowerBound - p[0] * a, clip: output)
        return (image, p[0]...p[1])
    }
}
