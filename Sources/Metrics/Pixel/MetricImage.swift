import Imaging

/// A 2D image (depth 1) or a 3D volume of Float32 samples for pixel metrics, x fastest,
/// with the voxel type its values came from (which `DataRange.fromReference` uses).
///
/// Every sample is finite: NaN and infinite values are rejected when the image is made, so
/// that no metric can turn them into a silent NaN.
public struct MetricImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// 1 for a 2D image.
    public let depth: Int
    /// width * height * depth samples, x fastest, then y, then z.
    public let pixels: [Float]
    /// The voxel type the values were stored as (`.float32` for values given as Float);
    /// `DataRange.fromReference` derives the data range from it.
    public let sourceType: VoxelType

    /// [width, height, depth].
    public var shape: [Int] { [width, height, depth] }
    public var count: Int { pixels.count }
    /// True for a volume (depth > 1): SSIM then uses a 3D window.
    public var isVolume: Bool { depth > 1 }

    /// An image from its samples. Throws when the sizes do not match the sample count or
    /// a sample is NaN or infinite.
    public init(width: Int, height: Int, depth: Int = 1, pixels: [Float], sourceType: VoxelType = .float32) throws {
        guard width >= 1, height >= 1, depth >= 1 else {
            throw MetricsError.invalidInput("image size \(width)x\(height)x\(depth): every side must be at least 1")
        }
        guard let n = Volume.voxelCount([width, height, depth]), n == pixels.count else {
            throw MetricsError.invalidInput("image size \(width)x\(height)x\(depth) needs \(width * height * depth) samples, got \(pixels.count)")
        }
        if let first = pixels.firstIndex(where: { !$0.isFinite }) {
            let bad = pixels.reduce(0) { $0 + ($1.isFinite ? 0 : 1) }
            let x = first % width, y = (first / width) % height, z = first / (width * height)
            throw MetricsError.invalidInput("\(bad) sample(s) are NaN or infinite (the first, \(pixels[first]), at x \(x), y \(y), z \(z)); "
                                            + "replace them (e.g. with 0) before scoring")
        }
        self.width = width
        self.height = height
        self.depth = depth
        self.pixels = pixels
        self.sourceType = sourceType
    }

    /// The physical values of a volume (its intensity scale applied). The source type is the
    /// volume's voxel type when the values are stored unscaled, otherwise `.float32` (scaled
    /// values no longer live in the range of the stored type). Throws for colour or complex
    /// voxels, for several frames (pick one frame first), and for NaN or infinite values.
    public init(_ volume: Volume) throws {
        guard volume.frames == 1 else {
            throw MetricsError.invalidInput("the volume has \(volume.frames) frames (shape \(volume.shape)); pixel metrics take one 2D image or 3D volume, so select a frame first")
        }
        guard let floats = volume.float32() else {
            throw MetricsError.invalidInput("voxel type \(volume.voxelType.rawValue) has no single intensity (colour or complex); convert it to a scalar image first")
        }
        let pixels = floats.withFloat32Buffer { Array($0) }
        let unscaled = volume.scale.map { $0.isIdentity } ?? true
        try self.init(width: volume.width, height: volume.height, depth: volume.depth, pixels: pixels,
                      sourceType: unscaled ? volume.voxelType : .float32)
    }
}
