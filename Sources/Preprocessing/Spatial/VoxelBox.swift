import Imaging

/// An axis-aligned box of voxel indices, both ends inclusive.
public struct VoxelBox: Sendable, Equatable, Codable {
    public var lower: [Int]
    public var upper: [Int]

    public init(lower: [Int], upper: [Int]) {
        self.lower = lower
        self.upper = upper
    }

    public var shape: [Int] { (0..<3).map { upper[$0] - lower[$0] + 1 } }

    /// The box grown by `margin` voxels per axis and clipped to a grid of `shape`.
    public func expanded(by margin: [Int], within shape: [Int]) -> VoxelBox {
        VoxelBox(lower: (0..<3).map { max(0, lower[$0] - margin[$0]) },
                 upper: (0..<3).map { min(shape[$0] - 1, upper[$0] + margin[$0]) })
    }

    /// The bounding box of the spatial positions where `selected(index)` holds for some
    /// frame (index over all voxels, x fastest), or nil when none does.
    static func enclosing(shape: [Int], count: Int, _ selected: (Int) -> Bool) -> VoxelBox? {
        let nx = shape[0], ny = shape[1], nz = shape[2]
        let spatial = nx * ny * nz
        var lo = [Int.max, Int.max, Int.max], hi = [-1, -1, -1]
        for n in 0..<count where selected(n) {
            let v = n % spatial
            let i = v % nx, j = (v / nx) % ny, k = v / (nx * ny)
            if i < lo[0] { lo[0] = i }; if i > hi[0] { hi[0] = i }
            if j < lo[1] { lo[1] = j }; if j > hi[1] { hi[1] = j }
            if k < lo[2] { lo[2] = k }; if k > hi[2] { hi[2] = k }
        }
        guard hi[0] >= 0 else { return nil }
        return VoxelBox(lower: lo, upper: hi)
    }

    var json: JSONValue {
        .object(["lower": .array(lower.map { .number(Double($0)) }), "upper": .array(upper.map { .number(Double($0)) })])
    }
}

extension Volume {
    /// The bounding box of the non-zero voxels (any frame), nil when there is none.
    public func nonZeroBoundingBox() -> VoxelBox? {
        let d = doubles(scaled: false)
        return VoxelBox.enclosing(shape: shape, count: d.count) { d[$0] != 0 }
    }
}
