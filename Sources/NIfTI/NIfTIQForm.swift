import Imaging

/// The quaternion form of a voxel-to-world affine, as the qform fields store it:
/// a rotation quaternion (b, c, d; a is implied and non-negative), voxel sizes,
/// qfac (+1 or -1: the sign of the third voxel axis) and an offset.
///
/// The conversions follow nifti1_io's `nifti_quatern_to_mat44` and
/// `nifti_mat44_to_quatern` (polar decomposition for non-orthogonal input),
/// computed in Double.
public struct NIfTIQForm: Sendable, Equatable {
    public var quaternB: Double
    public var quaternC: Double
    public var quaternD: Double
    /// qoffset_x, qoffset_y, qoffset_z.
    public var offset: [Double]
    /// Voxel sizes (pixdim[1...3]), positive.
    public var spacing: [Double]
    /// pixdim[0]: -1 flips the third axis (a left-handed voxel grid), else 1.
    public var qfac: Double
    /// When |1 - (b² + c² + d²)| is below this, the implied a is 0 (a 180-degree rotation)
    /// and b, c, d are renormalised: nibabel's rule, 3 epsilons of the stored precision
    /// (Float for NIfTI-1 headers, Double for NIfTI-2 and by default).
    public var threshold: Double

    public static let float32Threshold = 3 * Double(Float.ulpOfOne)
    public static let float64Threshold = 3 * Double.ulpOfOne

    public init(quaternB: Double, quaternC: Double, quaternD: Double, offset: [Double], spacing: [Double], qfac: Double,
                threshold: Double = NIfTIQForm.float64Threshold) {
        self.quaternB = quaternB
        self.quaternC = quaternC
        self.quaternD = quaternD
        self.offset = offset
        self.spacing = spacing
        self.qfac = qfac
        self.threshold = threshold
    }

    /// The qform of an affine: rotation from the orthogonal matrix closest to the
    /// normalised 3x3 part, spacing from the column lengths, qfac from the determinant.
    public init(matrix m: Matrix4) {
        var r = [[Double]](repeating: [0, 0, 0], count: 3)
        for i in 0..<3 { for j in 0..<3 { r[i][j] = m[i, j] } }
        var len = (0..<3).map { j in (0..<3).map { r[$0][j] * r[$0][j] }.reduce(0, +).squareRoot() }
        for j in 0..<3 where len[j] == 0 {
            for i in 0..<3 { r[i][j] = i == j ? 1 : 0 }
            len[j] = 1
        }
        for j in 0..<3 { for i in 0..<3 { r[i][j] /= len[j] } }
        var p = Self.polar(r)
        let det = Self.determinant(p)
        let qfac: Double
        if det > 0 {
            qfac = 1
        } else {
            qfac = -1
            for i in 0..<3 { p[i][2] = -p[i][2] }
        }
        let (r11, r12, r13) = (p[0][0], p[0][1], p[0][2])
        let (r21, r22, r23) = (p[1][0], p[1][1], p[1][2])
        let (r31, r32, r33) = (p[2][0], p[2][1], p[2][2])
        var a = r11 + r22 + r33 + 1
        var b: Double, c: Double, d: Double
        if a > 0.5 {
            a = 0.5 * a.squareRoot()
            b = 0.25 * (r32 - r23) / a
            c = 0.25 * (r13 - r31) / a
            d = 0.25 * (r21 - r12) / a
        } else {
            let xd = 1 + r11 - (r22 + r33)
            let yd = 1 + r22 - (r11 + r33)
            let zd = 1 + r33 - (r11 + r22)
            if xd > 1 {
                b = 0.5 * xd.squareRoot()
                c = 0.25 * (r12 + r21) / b
                d = 0.25 * (r13 + r31) / b
                a = 0.25 * (r32 - r23) / b
            } else if yd > 1 {
                c = 0.5 * yd.squareRoot()
                b = 0.25 * (r12 + r21) / c
                d = 0.25 * (r23 + r32) / c
                a = 0.25 * (r13 - r31) / c
            } else {
                d = 0.5 * zd.squareRoot()
                b = 0.25 * (r13 + r31) / d
                c = 0.25 * (r23 + r32) / d
                a = 0.25 * (r21 - r12) / d
            }
            if a < 0 { b = -b; c = -c; d = -d }
        }
        self.init(quaternB: b, quaternC: c, quaternD: d,
                  offset: [m[0, 3], m[1, 3], m[2, 3]], spacing: len, qfac: qfac)
    }

    /// The affine: R(quaternion) * diag(dx, dy, qfac * dz), plus the offset.
    /// Voxel sizes that are not positive count as 1; qfac < 0 means -1, anything else 1.
    public var matrix: Matrix4 {
        var b = quaternB, c = quaternC, d = quaternD
        var a = 1 - (b * b + c * c + d * d)
        if abs(a) < threshold || a < 0 {
            // 180-degree rotation, or b, c, d slightly too long (rounding): a = 0 and
            // b, c, d renormalised (nibabel raises for a clearly negative a; nifti1_io renormalises).
            let n = (b * b + c * c + d * d).squareRoot()
            if n > 0 { b /= n; c /= n; d /= n }
            a = 0
        } else {
            a = a.squareRoot()
        }
        let xd = spacing.count > 0 && spacing[0] > 0 ? spacing[0] : 1
        let yd = spacing.count > 1 && spacing[1] > 0 ? spacing[1] : 1
        var zd = spacing.count > 2 && spacing[2] > 0 ? spacing[2] : 1
        if qfac < 0 { zd = -zd }
        var m = Matrix4.identity
        m[0, 0] = (a * a + b * b - c * c - d * d) * xd
        m[0, 1] = 2 * (b * c - a * d) * yd
        m[0, 2] = 2 * (b * d + a * c) * zd
        m[1, 0] = 2 * (b * c + a * d) * xd
        m[1, 1] = (a * a + c * c - b * b - d * d) * yd
        m[1, 2] = 2 * (c * d - a * b) * zd
        m[2, 0] = 2 * (b * d - a * c) * xd
        m[2, 1] = 2 * (c * d + a * b) * yd
        m[2, 2] = (a * a + d * d - c * c - b * b) * zd
        for i in 0..<3 { m[i, 3] = i < offset.count ? offset[i] : 0 }
        return m
    }

    // MARK: - 3x3 helpers

    static func determinant(_ r: [[Double]]) -> Double {
        r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1])
            - r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0])
            + r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0])
    }

    static func inverse(_ r: [[Double]]) -> [[Double]] {
        let det = determinant(r)
        let s = det != 0 ? 1 / det : 0
        return [
            [s * (r[1][1] * r[2][2] - r[1][2] * r[2][1]), s * (r[0][2] * r[2][1] - r[0][1] * r[2][2]), s * (r[0][1] * r[1][2] - r[0][2] * r[1][1])],
            [s * (r[1][2] * r[2][0] - r[1][0] * r[2][2]), s * (r[0][0] * r[2][2] - r[0][2] * r[2][0]), s * (r[0][2] * r[1][0] - r[0][0] * r[1][2])],
            [s * (r[1][0] * r[2][1] - r[1][1] * r[2][0]), s * (r[0][1] * r[2][0] - r[0][0] * r[2][1]), s * (r[0][0] * r[1][1] - r[0][1] * r[1][0])],
        ]
    }

    private static func rowNorm(_ r: [[Double]]) -> Double {
        r.map { $0.map(abs).reduce(0, +) }.max() ?? 0
    }

    private static func colNorm(_ r: [[Double]]) -> Double {
        (0..<3).map { j in (0..<3).map { abs(r[$0][j]) }.reduce(0, +) }.max() ?? 0
    }

    /// The orthogonal matrix closest to `a` (polar decomposition by scaled Newton
    /// iteration, as nifti_mat33_polar, to a tighter tolerance).
    static func polar(_ a: [[Double]]) -> [[Double]] {
        var x = a
        var det = determinant(x)
        var guardCount = 0
        while det == 0 && guardCount < 100 {
            let g = 0.00001 * (0.001 + rowNorm(x))
            for i in 0..<3 { x[i][i] += g }
            det = determinant(x)
            guardCount += 1
        }
        var dif = 1.0
        var z = x
        for _ in 0..<100 {
            let y = inverse(x)
            var gam = 1.0, gmi = 1.0
            if dif > 0.3 {
                let alp = (rowNorm(x) * colNorm(x)).squareRoot()
                let bet = (rowNorm(y) * colNorm(y)).squareRoot()
                if alp > 0, bet > 0 {
                    gam = (bet / alp).squareRoot()
                    gmi = 1 / gam
                }
            }
            dif = 0
            for i in 0..<3 {
                for j in 0..<3 {
                    z[i][j] = 0.5 * (gam * x[i][j] + gmi * y[j][i])
                    dif += abs(z[i][j] - x[i][j])
                }
            }
            if dif < 1e-13 { break }
            x = z
        }
        return z
    }
}
