import Imaging

/// The voxels a pixel metric is restricted to: a boolean image of the same shape as the
/// images scored (nonzero / true = inside).
public struct MetricMask: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let depth: Int
    /// width * height * depth flags, x fastest.
    public let inside: [Bool]
    /// Number of voxels inside.
    public let count: Int

    public var shape: [Int] { [width, height, depth] }

    public init(width: Int, height: Int, depth: Int = 1, inside: [Bool]) throws {
        guard width >= 1, height >= 1, depth >= 1, let n = Volume.voxelCount([width, height, depth]), n == inside.count else {
            throw MetricsError.invalidInput("mask size \(width)x\(height)x\(depth) does not match its \(inside.count) flags")
        }
        self.width = width
        self.height = height
        self.depth = depth
        self.inside = inside
        self.count = inside.reduce(0) { $0 + ($1 ? 1 : 0) }
    }

    /// A mask from bytes: nonzero is inside.
    public init(width: Int, height: Int, depth: Int = 1, values: [UInt8]) throws {
        try self.init(width: width, height: height, depth: depth, inside: values.map { $0 != 0 })
    }

    /// A mask from a label or mask volume: voxels whose stored value is nonzero are inside.
    public init(_ volume: Volume) throws {
        guard volume.frames == 1, volume.voxelType.channels == 1, volume.voxelType != .float128 else {
            throw MetricsError.invalidInput("a mask must be a single-frame scalar volume, not \(volume.voxelType.rawValue) of shape \(volume.shape)")
        }
        let values = volume.doubles(scaled: false)
        try self.init(width: volume.width, height: volume.height, depth: volume.depth, inside: values.map { $0 != 0 })
    }
}
