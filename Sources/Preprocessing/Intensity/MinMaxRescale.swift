import Imaging

/// Linear rescaling of the minimum and maximum (over the mask) to `output` (default
/// [0, 1]), as TorchIO's RescaleIntensity with percentiles (0, 100). Values outside the
/// mask's range (possible when a mask is given) map outside `output`; they are not clipped.
public struct MinMaxRescale: Transform {
    public var output: ClosedRange<Double>
    public var mask: IntensityMask

    public init(output: ClosedRange<Double> = 0...1, mask: IntensityMask = .all) {
        self.output = output
        self.mask = mask
    }

    public var name: String { "minmax" }
    public var parameters: [String: JSONValue] {
        var p: [String: JSONValue] = ["out": .array([.number(output.lowerBound), .number(output.upperBound)])]
        if let m = mask.parameter { p["mask"] = .string(m) }
        return p
    }

    public func apply(to subject: inout Subject, random: inout SeededRandom) throws(PreprocessError) -> [String: JSONValue] {
        let m = try mask.resolve(in: subject, parameter: "minmax.mask")
        let (out, stats) = try subject.image.minMaxRescaled(to: output, mask: m, parameter: "minmax")
        subject.image = out
        return ["min": .number(stats.minimum), "max": .number(stats.maximum)]
    }
}

extension Volume {
    /// Maps the minimum and maximum of the physical values inside `mask` linearly to
    /// `output`; float32 result and the statistics used. Throws for a constant image.
    public func minMaxRescaled(to output: ClosedRange<Double> = 0...1, mask: Volume? = nil) throws(PreprocessError) -> (Volume, IntensityStatistics) {
        try minMaxRescaled(to: output, mask: mask, parameter: "minmax")
    }

    func minMaxRescaled(to output: ClosedRange<Double>, mask: Volume?, parameter: String) throws(PreprocessError) -> (Volume, IntensityStatistics) {
        var image = try IntensityMask.float32(self, parameter: parameter)
        let s = try IntensityMask.check(mask, image: image, parameter: "\(parameter).mask")
        let stats = IntensityStatistics(IntensityMask.values(image, s))
        guard stats.maximum > stats.minimum else {
            throw .invalidParameter(name: parameter, value: "\(stats.minimum)",
                                    reason: "the image is constant inside the mask, so its range cannot be rescaled")
        }
        let a = (output.upperBound - output.lowerBound) / (stats.maximum - stats.minimum)
        VoxelMap.linear(&image, scale: a, offset: output.lowerBound - stats.minimum * a)
        return (image, stats)
    }
}
