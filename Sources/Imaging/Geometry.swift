import Foundation

/// Where a voxel grid sits in the world: the voxel-to-RAS+ affine (NIfTI's
/// convention), from which spacing, origin and direction cosines derive.
/// Index order is (i, j, k) = (x, y, z): i varies fastest in memory.
public struct Geometry: Sendable, Equatable, Codable {
    /// Voxel (i, j, k) -> world RAS+ millimetres.
    public var affine: Matrix4
    /// Spacing of the 4th dimension (e.g. repetition time in seconds); 0 when unknown.
    public var timeStep: Double

    public init(affine: Matrix4, timeStep: Double = 0) {
        self.affine = affine
        self.timeStep = timeStep
    }

    /// Builds a geometry from spacing, origin (RAS, mm) and direction cosines
    /// (`direction[c]` is the RAS unit vector of voxel axis c).
    public init(spacing: [Double], origin: [Double], direction: [[Double]] = [[1, 0, 0], [0, 1, 0], [0, 0, 1]], timeStep: Double = 0) {
        // Missing entries default to unit spacing, zero origin and identity directions.
        let identity: [[Double]] = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
        let spacing = (0..<3).map { $0 < spacing.count ? spacing[$0] : 1 }
        let origin = (0..<3).map { $0 < origin.count ? origin[$0] : 0 }
        let direction = (0..<3).map { c in (0..<3).map { r in c < direction.count && r < direction[c].count ? direction[c][r] : identity[c][r] } }
        var a = Matrix4.identity
        for r in 0..<3 {
            for c in 0..<3 { a[r, c] = direction[c][r] * spacing[c] }
            a[r, 3] = origin[r]
        }
        self.init(affine: a, timeStep: timeStep)
    }

    /// Identity geometry with the given spacing.
    public static func identity(spacing: [Double] = [1, 1, 1]) -> Geometry {
        Geometry(spacing: spacing, origin: [0, 0, 0])
    }

    /// Voxel sizes: the lengths of the affine's first three columns.
    public var spacing: [Double] {
        (0..<3).map { c in (0..<3).map { r in affine[r, c] * affine[r, c] }.reduce(0, +).squareRoot() }
    }

    /// World position (RAS) of voxel (0, 0, 0).
    public var origin: [Double] { [affine[0, 3], affine[1, 3], affine[2, 3]] }

    /// Unit direction (RAS) of each voxel axis; `direction[c]` for axis c.
    public var direction: [[Double]] {
        let s = spacing
        return (0..<3).map { c in (0..<3).map { r in s[c] > 0 ? affine[r, c] / s[c] : (r == c ? 1 : 0) } }
    }

    /// The affine in DICOM's LPS+ convention.
    public var lpsAffine: Matrix4 { PatientSpace.lpsAffine(fromRAS: affine) }

    /// Three-letter code of the world direction each voxel axis points to most,
    /// in RAS labels (as nibabel's `aff2axcodes`), e.g. "RAS" or "LPS".
    public var orientationCode: String { Orientation.code(of: affine) }

    /// World position (RAS) of a voxel index (fractional allowed).
    public func world(_ index: [Double]) -> [Double] { affine.apply(index) }
}
