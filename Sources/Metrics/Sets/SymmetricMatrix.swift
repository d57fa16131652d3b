import COpenBLAS

/// LAPACK routines on symmetric D x D matrices held row-major in `[Double]` (for a symmetric
/// matrix the row-major array is also its column-major one, so LAPACK runs in column-major
/// order without a transposed copy).
enum SymmetricMatrix {
    struct Cholesky {
        /// The factor L (lower triangle, column-major; the strict upper triangle is garbage).
        var factor: [Double]
        /// LAPACK's estimate of the reciprocal 1-norm condition number.
        var reciprocalCondition: Double
    }

    /// `a + offset * I` factored as L L^T, with its condition estimate; nil when it is not
    /// positive definite (`dpotrf` stops at a non-positive pivot).
    static func cholesky(_ a: [Double], dimension n: Int, offset: Double = 0) throws -> Cholesky? {
        var m = a
        if offset != 0 { for i in 0..<n { m[i * n + i] += offset } }
        var norm = 0.0  // 1-norm: largest absolute column sum (= row sum, the matrix is symmetric)
        m.withUnsafeBufferPointer { p in
            for i in 0..<n {
                var s = 0.0
                for j in 0..<n { s += abs(p[i * n + j]) }
                norm = max(norm, s)
            }
        }
        let info = lazy_LAPACKE_dpotrf(LAPACK_COL_MAJOR, lower, Int32(n), &m, Int32(n))
        if info > 0 { return nil }
        guard info == 0 else { throw MetricsError.numeric("dpotrf rejected its arguments (info \(info))") }
        var rcond = 0.0
        let cinfo = lazy_LAPACKE_dpocon(LAPACK_COL_MAJOR, lower, Int32(n), m, Int32(n), norm, &rcond)
        guard cinfo == 0 else { throw MetricsError.numeric("dpocon failed (info \(cinfo))") }
        return Cholesky(factor: m, reciprocalCondition: rcond)
    }

    /// `L^T B L` for a lower-triangular factor L and a symmetric B (both D x D). The product
    /// is symmetric up to rounding; only its lower triangle is used afterwards.
    static func congruence(_ l: [Double], _ b: [Double], dimension n: Int, offset: Double = 0) -> [Double] {
        var t = b
        if offset != 0 { for i in 0..<n { t[i * n + i] += offset } }
        let d = Int32(n)
        // T = B L, then T = L^T T (column-major, L in the lower triangle).
        lazy_cblas_dtrmm(CblasColMajor, CblasRight, CblasLower, CblasNoTrans, CblasNonUnit, d, d, 1.0, l, d, &t, d)
        lazy_cblas_dtrmm(CblasColMajor, CblasLeft, CblasLower, CblasTrans, CblasNonUnit, d, d, 1.0, l, d, &t, d)
        return t
    }

    /// Eigenvalues of a symmetric matrix (its lower triangle, column-major), ascending
    /// (`dsyevd`, values only).
    static func eigenvalues(destroying m: inout [Double], dimension n: Int) throws -> [Double] {
        var w = [Double](repeating: 0, count: n)
        let info = lazy_LAPACKE_dsyevd(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), lower, Int32(n), &m, Int32(n), &w)
        guard info == 0 else { throw MetricsError.numeric("dsyevd did not converge (info \(info))") }
        return w
    }

    private static let lower = Int8(UInt8(ascii: "L"))
}
