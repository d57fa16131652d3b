import Foundation
import Imaging
import DICOM
import Preprocessing

/// How one simulated MR series is acquired: plane and obliquity, matrix, field of view,
/// slice thickness and count, stack direction and slice order, stored sample type and
/// rescale, contrast, noise and intensity non-uniformity. Drawn at random per series, and
/// written to the manifest so every file's geometry can be checked against it.
public struct SeriesAcquisition: Sendable, Codable, Equatable {
    public var contrast: MRContrast
    public var plane: SlicePlane
    /// Tilt of the slice stack away from the pure plane, degrees (0 ... 15), about `obliqueAxis`.
    public var obliqueDegrees: Double
    /// Unit axis (RAS) of the oblique tilt, in the slice plane.
    public var obliqueAxis: [Double]
    /// Rows = columns.
    public var matrix: Int
    /// Square field of view, mm.
    public var fieldOfView: Double
    /// Slice thickness = spacing between slices (no gap), mm.
    public var sliceThickness: Double
    public var slices: Int
    /// True when voxel index k runs against the plane's normal (the stack is stored the other way round).
    public var reversedStack: Bool
    public var sliceOrder: SeriesWriterOptions.SliceOrder
    public var storage: SeriesWriterOptions.Storage
    public var rescaleSlope: Double
    public var rescaleIntercept: Double
    /// Rician noise: standard deviation of each Gaussian channel, as a fraction of white matter T1 signal (800).
    public var noiseFraction: Double
    /// Coefficients of the third-order polynomial bias field (exp of the polynomial).
    public var biasCoefficients: [Double]
    /// "2D" for thick slices, "3D" for thin ones (MR Acquisition Type).
    public var acquisitionType: String

    static let matrices = [128, 160, 192, 224, 256]
    static let thicknesses: [(Double, Double)] = [(1, 0.12), (1.5, 0.1), (2, 0.1), (3, 0.2), (4, 0.2), (5, 0.28)]

    /// A random acquisition of `contrast` in `plane`.
    public static func random(contrast: MRContrast, plane: SlicePlane, random r: inout SeededRandom) -> SeriesAcquisition {
        var u = r.uniform(), thickness = 5.0
        for (t, p) in thicknesses { if u < p { thickness = t; break }; u -= p }
        var matrix = matrices[r.int(below: matrices.count)]
        // Thin-slice series keep a modest matrix, as 3D sequences do, so the archive stays small.
        if thickness <= 2 { matrix = min(matrix, 192) }
        let fov = [220.0, 230, 240, 250][r.int(below: 4)]
        let slices = max(12, Int((plane.coverage / thickness).rounded()))
        let oblique = r.uniform() < 0.6 ? r.uniform(0...15) : 0
        let n = plane.axes.normal
        // A random unit axis perpendicular to the normal.
        let a = [r.normal(), r.normal(), r.normal()]
        let dot = zip(a, n).map(*).reduce(0, +)
        var axis = zip(a, n).map { $0 - dot * $1 }
        let len = (axis.map { $0 * $0 }.reduce(0, +)).squareRoot()
        axis = len > 1e-9 ? axis.map { $0 / len } : plane.axes.row
        let storage: SeriesWriterOptions.Storage = r.uniform() < 0.5 ? .int16 : .uint16
        let slope = [1.0, 1.0, 0.5, 0.25, 0.3662, 1.5, 2.0][r.int(below: 7)]
        let intercept = storage == .int16 && r.uniform() < 0.3 ? -200.0 : 0
        return SeriesAcquisition(
            contrast: contrast, plane: plane, obliqueDegrees: (oblique * 100).rounded() / 100, obliqueAxis: axis,
            matrix: matrix, fieldOfView: fov, sliceThickness: thickness, slices: slices,
            reversedStack: r.uniform() < 0.5, sliceOrder: r.uniform() < 0.5 ? .ascending : .descending,
            storage: storage, rescaleSlope: slope, rescaleIntercept: intercept,
            noiseFraction: r.uniform(0.015...0.045),
            biasCoefficients: (0..<RandomBiasField.coefficientCount(order: 3)).map { _ in r.uniform(-0.12...0.12) },
            acquisitionType: thickness <= 2 ? "3D" : "2D")
    }

    /// The voxel grid (RAS) of the series, centred on `centre` (scanner RAS mm).
    public func grid(centre: [Double]) -> SamplingGrid {
        let axes = plane.axes
        let rot = SeriesAcquisition.rotation(axis: obliqueAxis, degrees: obliqueDegrees)
        let u = rot(axes.row), v = rot(axes.column)
        var w = rot(axes.normal)
        if reversedStack { w = w.map { -$0 } }
        let ps = fieldOfView / Double(matrix)
        let half = [Double(matrix - 1) / 2 * ps, Double(matrix - 1) / 2 * ps, Double(slices - 1) / 2 * sliceThickness]
        var rows: [[Double]] = []
        for r in 0..<3 {
            let origin = centre[r] - u[r] * half[0] - v[r] * half[1] - w[r] * half[2]
            rows.append([u[r] * ps, v[r] * ps, w[r] * sliceThickness, origin])
        }
        rows.append([0, 0, 0, 1])
        return SamplingGrid(shape: [matrix, matrix, slices], affine: Matrix4(rows: rows))
    }

    /// Rodrigues rotation about a unit axis.
    static func rotation(axis k: [Double], degrees: Double) -> ([Double]) -> [Double] {
        let t = degrees * .pi / 180, c = cos(t), s = sin(t)
        return { v in
            let cross = [k[1] * v[2] - k[2] * v[1], k[2] * v[0] - k[0] * v[2], k[0] * v[1] - k[1] * v[0]]
            let dot = zip(k, v).map(*).reduce(0, +)
            return (0..<3).map { v[$0] * c + cross[$0] * s + k[$0] * dot * (1 - c) }
        }
    }

    /// Simulates the series from the posed head image: resampling (antialiased for slices of
    /// 3 mm and more, so thick slices average over their thickness), bias field and Rician noise (`MRSignal`), then integer
    /// storage with this acquisition's rescale.
    public func simulate(_ posedImage: Volume, centre: [Double], seed: UInt64, stream: String) throws(PhantomError) -> Volume {
        let grid = self.grid(centre: centre)
        var image: Volume
        do {
            // Thick slices average over their thickness; thin ones are sampled as they are.
            let antialias = sliceThickness >= 3
            image = try Resampler.resample(posedImage, onto: grid, options: ResampleOptions(interpolation: .linear, fill: 0, antialias: antialias))
        } catch {
            throw .invalidParameter(name: "acquisition", value: "\(plane.rawValue) \(matrix)", reason: "\(error)")
        }
        try MRSignal.corrupt(&image, biasCoefficients: biasCoefficients, sigma: Float(noiseFraction * 800), seed: seed, stream: stream)
        let count = grid.shape.reduce(1, *)
        let range = storage.range
        let slope = rescaleSlope, intercept = rescaleIntercept, signed = storage == .int16
        var stored = [UInt8](repeating: 0, count: count * 2)
        image.withFloat32Buffer { src in
            stored.withUnsafeMutableBytes { raw in
                for idx in 0..<count {
                    let q = min(max(((Double(src[idx]) - intercept) / slope).rounded(), range.lowerBound), range.upperBound)
                    let bits: UInt16 = signed ? UInt16(bitPattern: Int16(q)) : UInt16(q)
                    raw.storeBytes(of: bits, toByteOffset: idx * 2, as: UInt16.self)
                }
            }
        }
        do {
            return try Volume(voxelType: storage == .int16 ? .int16 : .uint16, shape: grid.shape, geometry: Geometry(affine: grid.affine),
                              scale: IntensityScale(slope: slope, intercept: intercept), data: stored)
        } catch {
            throw .invalidParameter(name: "acquisition", value: "\(grid.shape)", reason: "\(error)")
        }
    }
}
