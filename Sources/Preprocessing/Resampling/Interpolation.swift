/// How a resampler reads the input between voxel centres.
///
/// - `nearest`: the value of the closest voxel (ties round up), as scipy.ndimage order 0.
/// - `linear`: trilinear, as scipy.ndimage order 1.
/// - `bspline`: cubic B-spline (order 3) through the voxel values, with the spline
///   prefilter applied first, as scipy.ndimage order 3 with `prefilter=True`.
public enum Interpolation: String, Sendable, Codable, CaseIterable {
    case nearest, linear, bspline
}
