import Foundation
import Imaging

/// Cuts a volume into 2D slices along an anatomical axis (see `SliceAxis` and
/// `DisplayConvention` for the orientation rules). The volume is converted to float32
/// (physical values: the intensity scale applied) and reoriented once, exactly (no
/// interpolation), so that each slice is a contiguous block already in picture order.
/// For a 4D volume one frame is taken (`frame`, default 0).
public struct SliceExtractor: Sendable {
    public let axis: SliceAxis
    public let convention: DisplayConvention
    /// The float32 3D volume reoriented to `axis.orientationCode(convention)`.
    public let volume: Volume

    public init(_ source: Volume, axis: SliceAxis, convention: DisplayConvention = .radiological, frame: Int = 0) throws(PreprocessError) {
        guard var v = source.float32() else {
            throw .unsupportedVoxelType("\(source.voxelType.rawValue) has no single intensity to slice (colour or complex data)")
        }
        guard frame >= 0, frame < v.frames else {
            throw .invalidParameter(name: "slice.frame", value: "\(frame)", reason: "the volume has \(v.frames) frame(s)")
        }
        if v.shape.count > 3 {
            let block = v.width * v.height * v.depth
            let bytes = Array(v.data[(frame * block * 4)..<((frame + 1) * block * 4)])
            do {
                v = try Volume(voxelType: .float32, shape: Array(v.shape.prefix(3)), geometry: v.geometry, data: bytes)
            } catch {
                throw .invalidParameter(name: "slice.frame", value: "\(frame)", reason: "cannot take the frame: \(error)")
            }
        }
        let code = axis.orientationCode(convention)
        guard v.reorient(to: code) else {
            throw .singularAffine("cannot reorient to \(code) for \(axis.rawValue) slices: the affine has an axis without direction\n\(source.geometry.affine)")
        }
        self.axis = axis
        self.convention = convention
        self.volume = v
    }

    /// Number of slices along the axis.
    public var count: Int { volume.depth }
    /// Width and height of every slice in pixels.
    public var sliceShape: [Int] { [volume.width, volume.height] }

    /// The affine of slice `index`: the reoriented volume's affine moved to that slice.
    public func affine(of index: Int) -> Matrix4 {
        var a = volume.geometry.affine
        for r in 0..<3 { a[r, 3] += Double(index) * a[r, 2] }
        return a
    }

    /// World (RAS mm) position of the centre of slice `index`.
    public func centre(of index: Int) -> [Double] {
        volume.geometry.world([Double(volume.width - 1) / 2, Double(volume.height - 1) / 2, Double(index)])
    }

    /// Slice `index` as a float32 2D volume with its own affine.
    public func slice(_ index: Int) throws(PreprocessError) -> Slice {
        guard index >= 0, index < count else {
            throw .invalidParameter(name: "slice.index", value: "\(index)", reason: "the volume has \(count) \(axis.rawValue) slices (0 ... \(count - 1))")
        }
        let n = volume.width * volume.height
        let bytes = Array(volume.data[(index * n * 4)..<((index + 1) * n * 4)])
        var g = volume.geometry
        g.affine = affine(of: index)
        g.timeStep = 0
        do {
            let image = try Volume(voxelType: .float32, shape: [volume.width, volume.height, 1], geometry: g, data: bytes)
            return Slice(index: index, image: image, centre: centre(of: index))
        } catch {
            throw .invalidParameter(name: "slice.index", value: "\(index)", reason: "cannot build the slice: \(error)")
        }
    }

    /// Fraction of each slice's voxels strictly above `threshold` (NaN counts as background).
    public func foregroundFractions(threshold: Float) -> [Double] {
        let n = volume.width * volume.height
        guard n > 0 else { return [] }
        return volume.withFloat32Buffer { b in
            (0..<count).map { k in
                var c = 0
                let base = k * n
                for i in base..<(base + n) where b[i] > threshold { c += 1 }
                return Double(c) / Double(n)
            }
        }
    }
}
