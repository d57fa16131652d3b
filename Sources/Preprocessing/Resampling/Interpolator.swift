import Imaging

/// Samples one 3D frame at continuous voxel-index coordinates (for augmentation:
/// elastic deformation, random affine). Index (0, 0, 0) is the centre of the first voxel;
/// points outside [-0.5, n - 0.5] on any axis give `fill`. Boundary handling as
/// `Resampler` (see `FrameSampler`). Safe to call from many threads.
public struct Interpolator: Sendable {
    public let interpolation: Interpolation
    public let fill: Float
    /// Spatial extents of the frame.
    public let shape: [Int]
    /// Voxel values (nearest, linear) or B-spline coefficients (bspline), x fastest.
    private let values: [Float]

    /// Takes frame `frame` of `volume` (any scalar voxel type, intensity scale applied);
    /// for bspline the spline prefilter runs once here.
    public init(_ volume: Volume, frame: Int = 0, interpolation: Interpolation, fill: Float = 0) throws(PreprocessError) {
        guard let f = volume.float32() else {
            throw .unsupportedVoxelType("\(volume.voxelType): interpolation needs one intensity per voxel")
        }
        guard frame >= 0, frame < volume.frames else {
            throw .invalidParameter(name: "frame", value: "\(frame)", reason: "the volume has \(volume.frames) frame(s)")
        }
        let n = (f.shape[0], f.shape[1], f.shape[2])
        let block = n.0 * n.1 * n.2
        let v = f.withFloat32Buffer { input in
            [Float](unsafeUninitializedCapacity: block) { buffer, initialized in
                guard let src = input.baseAddress, let dst = buffer.baseAddress else { return }
                if interpolation == .bspline {
                    BSplinePrefilter.apply(from: src + frame * block, to: dst, shape: n)
                } else {
                    dst.update(from: src + frame * block, count: block)
                }
                initialized = block
            }
        }
        self.values = v
        self.shape = [n.0, n.1, n.2]
        self.interpolation = interpolation
        self.fill = fill
    }

    /// The interpolated value at continuous index (x, y, z).
    public func value(_ x: Double, _ y: Double, _ z: Double) -> Float {
        values.withUnsafeBufferPointer { b in
            guard let p = b.baseAddress else { return fill }
            return FrameSampler.sample(p, shape[0], shape[1], shape[2], x, y, z, interpolation, fill: fill)
        }
    }
}
