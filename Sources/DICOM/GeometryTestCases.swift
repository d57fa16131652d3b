import Foundation
import Imaging

/// A small synthetic series for geometry tests: a name, the volume, and how to write it.
public struct GeometryTestCase: Sendable {
    public var name: String
    public var volume: Volume
    public var options: SeriesWriterOptions
}

/// The series every DICOM/NIfTI geometry test shares (and that `Fixtures/dcm2niix` was made from):
/// axial, coronal, sagittal and oblique stacks, ascending and descending instance numbers,
/// int16 and rescaled uint16 storage, a 4D series, and Enhanced MR multi-frame files.
///
/// Volumes are 12 x 10 x 7 voxels (x 3 time points for fMRI) of 0.9 x 1.1 x 2.5 mm with a
/// non-zero origin. The stored value of voxel (i, j, k) at time t is
/// `10000 t + 1000 k + 100 j + i (+ 50 in a small L-shaped blob) - offset`, which is different
/// for every voxel, so any flip, transposition or slice reordering shows. Deterministic: no
/// random numbers at all, and each case has its own UID seed and series number.
public enum GeometryTestCases {
    public static let shape = [12, 10, 7]
    public static let spacing = [0.9, 1.1, 2.5]
    /// Subtracted from every stored value of signed (int16) cases, so that they hold negative values too.
    public static let signedOffset = 3000

    /// Whether voxel (i, j, k) is in the asymmetric blob.
    public static func inBlob(_ i: Int, _ j: Int, _ k: Int) -> Bool {
        ((2...4).contains(i) && (1...2).contains(j) && (1...2).contains(k)) || (i == 2 && j == 3 && k == 1)
    }

    /// The stored value of voxel (i, j, k) at time point t, before the signed offset.
    public static func pattern(_ i: Int, _ j: Int, _ k: Int, _ t: Int = 0) -> Int {
        10000 * t + 1000 * k + 100 * j + i + (inBlob(i, j, k) ? 50 : 0)
    }

    /// Every case, in a fixed order.
    public static func all() throws -> [GeometryTestCase] {
        let axial = Frame(row: [1, 0, 0], column: [0, 1, 0], slice: [0, 0, 1])
        // Coronal: slices step toward posterior, along the normal row x column.
        let coronal = Frame(row: [1, 0, 0], column: [0, 0, -1], slice: [0, 1, 0])
        // Sagittal: slices step toward the patient's left, against the normal (which points right).
        let sagittal = Frame(row: [0, 1, 0], column: [0, 0, -1], slice: [1, 0, 0])
        let oblique = axial.rotated(x: 12, y: 7)
        let obliqueCoronal = coronal.rotated(x: -7, z: 12)
        let obliqueSagittal = sagittal.rotated(y: 12, z: 7)

        var cases: [GeometryTestCase] = []
        func add(_ name: String, _ frame: Frame, origin: [Double], storage: SeriesWriterOptions.Storage = .int16,
                 order: SeriesWriterOptions.SliceOrder = .ascending, layout: SeriesWriterOptions.Layout = .singleFrame,
                 timePoints: Int = 1, scale: IntensityScale? = nil, acquisition: String? = nil) throws {
            var c = try make(name, frame, origin: origin, storage: storage, order: order, layout: layout,
                             timePoints: timePoints, scale: scale, number: cases.count + 1)
            c.options.acquisitionType = acquisition
            cases.append(c)
        }
        try add("axial_int16_asc", axial, origin: [-5.4, -6.05, -7.5])
        try add("axial_int16_desc", axial, origin: [-5.4, -6.05, -7.5], order: .descending)
        try add("axial_uint16_rescaled", axial, origin: [12.3, -20.1, 40.25], storage: .uint16,
                scale: IntensityScale(slope: 0.5, intercept: -100))
        try add("coronal_int16", coronal, origin: [-4.5, -8.75, 5.5])
        try add("sagittal_uint16", sagittal, origin: [-7.5, -6.6, 4.95], storage: .uint16)
        try add("oblique_int16", oblique, origin: [-6.1, -3.2, -9.7])
        try add("oblique_desc_uint16", obliqueCoronal, origin: [3.3, -11.0, 7.7], storage: .uint16, order: .descending)
        try add("fmri_4d_int16", axial, origin: [-5.4, -6.05, -20.0], timePoints: 3)
        try add("enhanced_multiframe_int16", axial, origin: [-5.4, -6.05, -7.5], layout: .enhancedMultiFrame)
        try add("enhanced_oblique_uint16", obliqueSagittal, origin: [-8.2, 4.4, 6.6], storage: .uint16,
                layout: .enhancedMultiFrame)
        // 2D acquisitions: dcm2niix keeps the acquired orientation (rows flipped only).
        try add("coronal_2d_int16", coronal, origin: [-4.5, -8.75, 5.5], acquisition: "2D")
        try add("sagittal_2d_desc_int16", sagittal, origin: [-7.5, -6.6, 4.95], order: .descending, acquisition: "2D")
        try add("oblique_2d_uint16", obliqueSagittal, origin: [-8.2, 4.4, 6.6], storage: .uint16, acquisition: "2D")
        return cases
    }

    /// The case called `name`, or nil.
    public static func named(_ name: String) throws -> GeometryTestCase? {
        try all().first { $0.name == name }
    }

    private static func make(_ name: String, _ frame: Frame, origin lpsOrigin: [Double], storage: SeriesWriterOptions.Storage,
                             order: SeriesWriterOptions.SliceOrder, layout: SeriesWriterOptions.Layout,
                             timePoints: Int, scale: IntensityScale?, number: Int) throws -> GeometryTestCase {
        let (nx, ny, nz) = (shape[0], shape[1], shape[2])
        let offset = storage == .int16 ? signedOffset : 0
        var values: [Int] = []
        values.reserveCapacity(nx * ny * nz * timePoints)
        for t in 0..<timePoints {
            for k in 0..<nz {
                for j in 0..<ny {
                    for i in 0..<nx { values.append(pattern(i, j, k, t) - offset) }
                }
            }
        }
        // LPS directions and origin -> RAS (the volume's convention).
        let ras = { (p: [Double]) in PatientSpace.convertPoint(p) }
        let geometry = Geometry(spacing: spacing, origin: ras(lpsOrigin),
                                direction: [ras(frame.row), ras(frame.column), ras(frame.slice)],
                                timeStep: timePoints > 1 ? 2 : 0)
        let volumeShape = timePoints > 1 ? shape + [timePoints] : shape
        let volume: Volume
        switch storage {
        case .int16:
            volume = try Volume(values: values.map { Int16($0) }, shape: volumeShape, geometry: geometry, scale: scale)
        case .uint16:
            volume = try Volume(values: values.map { UInt16($0) }, shape: volumeShape, geometry: geometry, scale: scale)
        }
        var options = SeriesWriterOptions()
        options.layout = layout
        options.storage = storage
        options.sliceOrder = order
        options.seed = 20_240_000 + UInt64(number)
        options.seriesNumber = number
        options.seriesDescription = name
        options.protocolName = name
        options.repetitionTime = 2000
        return GeometryTestCase(name: name, volume: volume, options: options)
    }

    /// Unit row, column and slice directions in LPS.
    private struct Frame {
        var row: [Double]
        var column: [Double]
        var slice: [Double]

        /// Rotated by `x`, then `y`, then `z` degrees about the LPS axes.
        func rotated(x: Double = 0, y: Double = 0, z: Double = 0) -> Frame {
            func rot(_ axis: Int, _ degrees: Double, _ v: [Double]) -> [Double] {
                let a = degrees * Double.pi / 180, c = cos(a), s = sin(a)
                let (p, q) = ((axis + 1) % 3, (axis + 2) % 3)
                var out = v
                out[p] = c * v[p] - s * v[q]
                out[q] = s * v[p] + c * v[q]
                return out
            }
            func apply(_ v: [Double]) -> [Double] { rot(2, z, rot(1, y, rot(0, x, v))) }
            return Frame(row: apply(row), column: apply(column), slice: apply(slice))
        }
    }
}
