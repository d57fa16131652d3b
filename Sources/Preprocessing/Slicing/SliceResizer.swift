import Imaging

/// Resizes a 2D slice to a square picture of `size` x `size` pixels keeping its aspect ratio,
/// in one resampling (equivalent to: resample to isotropic in-plane spacing, pad to a square,
/// resize): the target is a square field of view whose side is the slice's longer extent in
/// millimetres (voxel edge to voxel edge), centred on the slice centre, with the slice's
/// in-plane directions and `side / size` mm pixels in both directions. The shorter side is
/// padded with `fill` on both sides equally. Resampling goes through `Resampler` with an
/// antialiasing Gaussian along axes that shrink (default linear interpolation).
public enum SliceResizer {
    /// Smallest and largest accepted picture sizes.
    public static let sizeRange = 8...4096

    /// The square target grid for a 2D slice (shape [w, h, 1]).
    public static func squareGrid(for slice: Volume, size: Int) throws(PreprocessError) -> SamplingGrid {
        guard sizeRange.contains(size) else {
            throw .invalidParameter(name: "slice.size", value: "\(size)", reason: "the picture size must be in \(sizeRange.lowerBound) ... \(sizeRange.upperBound) pixels")
        }
        guard slice.depth == 1 else {
            throw .invalidParameter(name: "slice.image", value: "\(slice.shape)", reason: "a slice must have depth 1")
        }
        let s = slice.geometry.spacing
        guard s[0] > 0, s[1] > 0 else { throw .singularAffine("the slice has a zero in-plane spacing\n\(slice.geometry.affine)") }
        let side = max(Double(slice.width) * s[0], Double(slice.height) * s[1])
        // Target index p -> source index c + f * (p - (size - 1) / 2), per in-plane axis.
        let f = [side / (s[0] * Double(size)), side / (s[1] * Double(size))]
        let c = [Double(slice.width - 1) / 2, Double(slice.height - 1) / 2]
        let half = Double(size - 1) / 2
        var m = Matrix4.identity
        for a in 0..<2 {
            m[a, a] = f[a]
            m[a, 3] = c[a] - f[a] * half
        }
        return SamplingGrid(shape: [size, size, 1], affine: slice.geometry.affine * m)
    }

    /// The slice resampled onto `squareGrid(for:size:)`.
    public static func resize(_ slice: Volume, size: Int, options: ResampleOptions = ResampleOptions()) throws(PreprocessError) -> Volume {
        let grid = try squareGrid(for: slice, size: size)
        return try Resampler.resample(slice, onto: grid, options: options)
    }
}
