import Imaging

/// One 2D slice cut from a volume by `SliceExtractor`.
public struct Slice: Sendable {
    /// Slice index along the stacking axis of the RAS-reoriented volume
    /// (0 = most inferior / posterior / left).
    public var index: Int
    /// float32 image of shape [width, height, 1]: i runs left -> right and j top -> bottom in
    /// the picture (j = 0 is the top row, as `PNGCodec` stores it). Its geometry maps (i, j, 0)
    /// to the world (RAS mm) position of that voxel of the source volume.
    public var image: Volume
    /// World (RAS mm) position of the slice centre: the affine at ((w - 1) / 2, (h - 1) / 2, 0).
    public var centre: [Double]
}
