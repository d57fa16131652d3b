import Imaging

/// A 3D voxel grid in the world: the spatial shape and the voxel-to-world affine
/// (RAS+ millimetres, NIfTI convention) that resampling writes onto.
public struct SamplingGrid: Sendable, Equatable {
    /// The three spatial extents (x, y, z).
    public var shape: [Int]
    /// Voxel (i, j, k) -> world RAS+ millimetres.
    public var affine: Matrix4

    public init(shape: [Int], affine: Matrix4) {
        self.shape = shape
        self.affine = affine
    }

    /// The volume's own spatial grid (extents beyond the third, such as time, are left out).
    public init(of volume: Volume) {
        self.init(shape: Array(volume.shape.prefix(3)), affine: volume.geometry.affine)
    }

    /// The grid's geometry (time step 0).
    public var geometry: Geometry { Geometry(affine: affine) }

    /// Voxel sizes in millimetres: the lengths of the affine's first three columns.
    public var spacing: [Double] { geometry.spacing }

    /// Throws unless the grid has three positive extents and an invertible affine;
    /// `name` names the grid in errors (e.g. "resample.grid").
    public func validate(name: String) throws(PreprocessError) {
        guard shape.count == 3 else {
            throw .invalidParameter(name: "\(name).shape", value: "\(shape)", reason: "expected 3 spatial extents")
        }
        guard shape.allSatisfy({ $0 >= 1 }) else {
            throw .invalidParameter(name: "\(name).shape", value: "\(shape)", reason: "every extent must be at least 1")
        }
        guard Volume.voxelCount(shape) != nil else {
            throw .invalidParameter(name: "\(name).shape", value: "\(shape)", reason: "the grid is too large")
        }
        guard SamplingGrid.isInvertible(affine) else {
            throw .singularAffine("\(name): the affine cannot be inverted\n\(affine)")
        }
    }

    /// True when the affine's last row is (0, 0, 0, 1), every entry is finite and its
    /// 3x3 part has a determinant that is not negligible against its column lengths.
    static func isInvertible(_ a: Matrix4) -> Bool {
        guard a.m.allSatisfy({ $0.isFinite }), a[3, 0] == 0, a[3, 1] == 0, a[3, 2] == 0, a[3, 3] == 1 else { return false }
        let det = a[0, 0] * (a[1, 1] * a[2, 2] - a[1, 2] * a[2, 1])
            - a[0, 1] * (a[1, 0] * a[2, 2] - a[1, 2] * a[2, 0])
            + a[0, 2] * (a[1, 0] * a[2, 1] - a[1, 1] * a[2, 0])
        let s = Geometry(affine: a).spacing
        let scale = s[0] * s[1] * s[2]
        return scale > 0 && abs(det) > 1e-9 * scale
    }
}
