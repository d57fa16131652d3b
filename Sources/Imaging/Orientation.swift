/// Axis codes of an affine, as nibabel's `io_orientation` / `aff2axcodes` compute them:
/// normalize the columns of the 3x3 part, replace it by its nearest orthogonal matrix
/// R = U V^T (polar decomposition through the SVD, dropping singular values below
/// max(S) * 3 * eps), then visit voxel axes in decreasing order of their largest |R|
/// entry; each takes the free world axis with the largest |R|. An all-zero column has
/// no direction (nil).
public enum Orientation {
    /// For each voxel axis, the world axis (0 = x, 1 = y, 2 = z) it is closest to and the
    /// sign (+1 toward R/A/S); nil for an axis without direction.
    public static func axes(of affine: Matrix4) -> [(axis: Int, sign: Int)?] {
        var rs = [[Double]](repeating: [0, 0, 0], count: 3)  // rs[r][c]
        for c in 0..<3 {
            var zoom = (0..<3).map { affine[$0, c] * affine[$0, c] }.reduce(0, +).squareRoot()
            if zoom == 0 { zoom = 1 }
            for r in 0..<3 { rs[r][c] = affine[r, c] / zoom }
        }
        let (u, s, v) = svd3(rs)
        let tol = (s.max() ?? 0) * 3 * Double.ulpOfOne
        var rot = [[Double]](repeating: [0, 0, 0], count: 3)
        for k in 0..<3 where s[k] > tol {
            for r in 0..<3 { for c in 0..<3 { rot[r][c] += u[r][k] * v[c][k] } }
        }
        let order = (0..<3).sorted { a, b in
            let ma = (0..<3).map { rot[$0][a] * rot[$0][a] }.max() ?? 0
            let mb = (0..<3).map { rot[$0][b] * rot[$0][b] }.max() ?? 0
            return ma != mb ? ma > mb : a < b
        }
        var result = [(axis: Int, sign: Int)?](repeating: nil, count: 3)
        for c in order {
            let col = (0..<3).map { rot[$0][c] }
            if col.allSatisfy({ abs($0) <= 1e-8 }) { continue }  // np.allclose(col, 0)
            var best = 0
            for r in 1..<3 where abs(col[r]) > abs(col[best]) { best = r }
            result[c] = (best, col[best] < 0 ? -1 : 1)
            for k in 0..<3 { rot[best][k] = 0 }
        }
        return result
    }

    /// e.g. "RAS", "LPS", "LIA"; an axis with no direction (a zero column) shows as "?".
    public static func code(of affine: Matrix4) -> String {
        let labels: [(String, String)] = [("L", "R"), ("P", "A"), ("I", "S")]
        return axes(of: affine).map { a in a.map { $0.sign > 0 ? labels[$0.axis].1 : labels[$0.axis].0 } ?? "?" }.joined()
    }

    /// One-sided Jacobi SVD of a 3x3 matrix: a = u * diag(s) * v^T (u, v indexed [row][column]).
    /// One-sided Jacobi SVD of a 3x3 matrix (u, v indexed [row][column]).
    static func svd3(_ a: [[Double]]) -> (u: [[Double]], s: [Double], v: [[Double]]) {
        var w = a
        var v: [[Double]] = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
        for _ in 0..<100 {
            var rotated = false
            for p in 0..<2 {
                for q in (p + 1)..<3 {
                    var alpha = 0.0, beta = 0.0, gamma = 0.0
                    for i in 0..<3 {
                        alpha += w[i][p] * w[i][p]; beta += w[i][q] * w[i][q]; gamma += w[i][p] * w[i][q]
                    }
                    guard abs(gamma) > 1e-300, abs(gamma) > 1e-17 * (alpha * beta).squareRoot() else { continue }
                    rotated = true
                    let zeta = (beta - alpha) / (2 * gamma)
                    let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
                    let c = 1 / (1 + t * t).squareRoot(), s = c * t
                    for i in 0..<3 {
                        let wp = w[i][p], wq = w[i][q]
                        w[i][p] = c * wp - s * wq; w[i][q] = s * wp + c * wq
                        let vp = v[i][p], vq = v[i][q]
                        v[i][p] = c * vp - s * vq; v[i][q] = s * vp + c * vq
                    }
                }
            }
            if !rotated { break }
        }
        var s = [Double](repeating: 0, count: 3)
        var u = w
        for k in 0..<3 {
            s[k] = (0..<3).map { w[$0][k] * w[$0][k] }.reduce(0, +).squareRoot()
            for i in 0..<3 { u[i][k] = s[k] > 0 ? w[i][k] / s[k] : 0 }
        }
        return (u, s, v)
    }
}
