import Imaging

/// The affine map from output voxel indices to input voxel indices,
/// `inverse(input affine) * output affine`, through which every resampler reads.
struct VoxelMapping: Sendable {
    /// Row-major 3x4: input index = m[r][0..2] . (i, j, k) + m[r][3].
    var m: [Double]

    init(_ matrix: Matrix4) {
        m = (0..<3).flatMap { r in (0..<4).map { c in matrix[r, c] } }
    }

    @inline(__always) subscript(r: Int, c: Int) -> Double { m[r * 4 + c] }

    /// The input index of output index (i, j, k).
    func apply(_ i: Double, _ j: Double, _ k: Double) -> (Double, Double, Double) {
        (m[0] * i + m[1] * j + m[2] * k + m[3],
         m[4] * i + m[5] * j + m[6] * k + m[7],
         m[8] * i + m[9] * j + m[10] * k + m[11])
    }

    /// True when every output axis moves along its own input axis only (scale, flip
    /// and shift: spacing and shape changes), so the separable path applies.
    var isAxisAligned: Bool {
        let scale = max(abs(m[0]), abs(m[5]), abs(m[10]), 1e-300)
        for (r, c) in [(0, 1), (0, 2), (1, 0), (1, 2), (2, 0), (2, 1)] where abs(self[r, c]) > 1e-12 * scale {
            return false
        }
        return m[0] != 0 && m[5] != 0 && m[10] != 0
    }

    /// The sampling step of the output along each input axis, in input voxels: the length
    /// of each row of the 3x3 part (1 for equal spacing, 2 when the output is twice as coarse).
    var inputSteps: [Double] {
        (0..<3).map { r in (self[r, 0] * self[r, 0] + self[r, 1] * self[r, 1] + self[r, 2] * self[r, 2]).squareRoot() }
    }
}
