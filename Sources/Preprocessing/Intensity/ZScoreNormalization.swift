import Imaging

/// Z-score normalization: `(x - mean) / std` with the mean and the population standard
/// deviation (ddof = 0, NumPy's `np.std` default; TorchIO's ZNormalization uses ddof = 1)
/// computed in Double over the mask only and applied to every voxel.
/// A constant image (std 0 inside the mask) is an error rather than a silent division by 0.
public struct ZScoreNormalization: Transform {
    public var mask: IntensityMask

    public init(mask: IntensityMask = .all) { self.mask = mask }

    public var name: String { "zscore" }
    public var parameters: [String: JSONValue] {
        mask.parameter.map { ["mask": .string($0)] } ?? [:]
    }

    public func apply(to subject: inout Subject, random: inout SeededRandom) throws(PreprocessError) -> [String: JSONValue] {
        let m = try mask.resolve(in: subject, parameter: "zscore.mask")
        let (out, stats) = try subject.image.zscoreNormalized(mask: m, parameter: "zscore.mask")
        subject.image = out
        return stats.json
    }
}

extension Volume {
    /// This volume's physical values z-scored with statistics over `mask` (non-zero voxels,
    /// nil for all), as float32, and the statistics used. Throws when the values inside
    /// the mask are constant, the mask is empty, or it lies on another grid.
    public func zscoreNormalized(mask: Volume? = nil) throws(PreprocessError) -> (Volume, IntensityStatistics) {
        try zscoreNormalized(mask: mask, parameter: "mask")
    }

    func zscoreNormalized(mask: Volume?, parameter: String) throws(PreprocessError) -> (Volume, IntensityStatistics) {
        var image = try IntensityMask.float32(self, parameter: parameter)
        let s = try IntensityMask.check(mask, image: image, parameter: parameter)
        let stats = IntensityStatistics(IntensityMask.values(image, s))
        guard stats.standardDeviation > 0 else {
            throw .invalidParameter(name: parameter, value: "\(stats.count) voxels",
                                    reason: "the image is constant (\(stats.mean)) inside the mask, so its standard deviation is 0 and z-scores are undefined; choose another mask or use minmax")
        }
        VoxelMap.linear(&image, scale: 1 / stats.standardDeviation, offset: -stats.mean / stats.standardDeviation)
        return (image, stats)
    }
}
