/// One PNG of a slices dataset, as listed in index.csv / index.json.
public struct SliceRecord: Sendable, Codable, Equatable {
    /// PNG path relative to the output folder: `{split}/{class}/{patient}_{volume}_{axis}{index:03}.png`.
    public var file: String
    public var patient: String
    public var className: String
    public var split: DatasetSplit
    /// Source volume, relative to the input folder.
    public var source: String
    /// Volume id used in the file name (the source stem, made unique per patient).
    public var volume: String
    public var axis: String
    /// Slice index along the axis in the RAS-reoriented volume.
    public var slice: Int
    /// World position (RAS mm) of the slice centre.
    public var centre: [Double]
    /// Fraction of the slice's voxels above the foreground threshold.
    public var foreground: Double

    enum CodingKeys: String, CodingKey {
        case file, patient, className = "class", split, source, volume, axis, slice, centre, foreground
    }
}
