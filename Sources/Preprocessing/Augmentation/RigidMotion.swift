import Foundation
import Imaging

/// World-space (RAS, mm) rotations, scalings and translations about a centre, shared by
/// `random_affine` and `random_motion`.
///
/// Angles are in degrees about the world R, A and S axes, right-handed (a positive angle
/// about S turns R toward A), composed as TorchIO's (SimpleITK's Euler3D in its default
/// order) `R = Rz(S angle) * Rx(R angle) * Ry(A angle)`. TorchIO passes its angles to
/// SimpleITK in LPS and negates the first two; expressed back in RAS that is this same R.
enum RigidMotion {
    /// The 3x3 rotation matrix (row-major) for angles about R, A, S in degrees.
    static func rotation(degrees d: [Double]) -> [[Double]] {
        let (a, b, c) = (d[0] * .pi / 180, d[1] * .pi / 180, d[2] * .pi / 180)
        let rx: [[Double]] = [[1, 0, 0], [0, cos(a), -sin(a)], [0, sin(a), cos(a)]]
        let ry: [[Double]] = [[cos(b), 0, sin(b)], [0, 1, 0], [-sin(b), 0, cos(b)]]
        let rz: [[Double]] = [[cos(c), -sin(c), 0], [sin(c), cos(c), 0], [0, 0, 1]]
        return multiply(rz, multiply(rx, ry))
    }

    static func multiply(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
        (0..<3).map { r in (0..<3).map { c in (0..<3).reduce(0) { $0 + a[r][$1] * b[$1][c] } } }
    }

    static func transpose(_ a: [[Double]]) -> [[Double]] {
        (0..<3).map { r in (0..<3).map { c in a[c][r] } }
    }

    /// A 4x4 matrix `x -> m * (x - center) + center + offset`.
    static func about(_ m: [[Double]], center: [Double], offset: [Double]) -> Matrix4 {
        var out = Matrix4.identity
        for r in 0..<3 {
            var t = center[r] + offset[r]
            for c in 0..<3 {
                out[r, c] = m[r][c]
                t -= m[r][c] * center[c]
            }
            out[r, 3] = t
        }
        return out
    }

    /// World position of the image centre (the middle of the voxel centres, (n - 1) / 2).
    static func center(of volume: Volume) -> [Double] {
        volume.geometry.world((0..<3).map { Double(volume.shape[$0] - 1) / 2 })
    }
}
