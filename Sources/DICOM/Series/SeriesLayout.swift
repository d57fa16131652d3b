import Imaging

/// How the slices of a series stack into a volume: order along the slice normal,
/// time points at repeated positions, and the voxel-to-patient affine.
public struct SeriesLayout: Sendable {
    /// `slices[k][t]`: the image at slice k (sorted along the normal) and time point t.
    public var slices: [[SliceRecord]]
    public var columns: Int
    public var rows: Int
    /// Voxel (i = column, j = row, k = slice) to DICOM LPS mm.
    public var lpsAffine: Matrix4
    /// Slice spacing measured from positions (mm), 0 for a single slice.
    public var sliceSpacing: Double
    /// Angle between the slice stacking direction and the slice normal (degrees); 0 when orthogonal.
    public var gantryTiltDegrees: Double
    /// Things the user should know about this series (dropped duplicates, assumed spacing...).
    public var warnings: [String]
    /// True when the object carried no patient geometry (e.g. secondary capture).
    public var geometryMissing: Bool

    public var timePoints: Int { slices.first?.count ?? 0 }
    public var shape: [Int] { timePoints > 1 ? [columns, rows, slices.count, timePoints] : [columns, rows, slices.count] }

    /// The voxel-to-RAS+ geometry.
    public var geometry: Geometry { Geometry(affine: PatientSpace.rasAffine(fromLPS: lpsAffine)) }
}

/// Why a series cannot be stacked into one volume.
public struct SeriesLayoutError: Error, CustomStringConvertible, Sendable {
    public var reason: String
    public var description: String { reason }
}
