import COpenBLAS

/// C = alpha op(A) op(B) + beta C in row-major storage, through OpenBLAS (SGEMM or DGEMM).
/// op(A) is M x K, op(B) is K x N; lda/ldb/ldc are the row strides of A, B and C as stored.
enum GEMM {
    @inline(__always)
    static func run<T: TensorScalar>(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double = 1,
                                     a: UnsafePointer<T>, lda: Int, b: UnsafePointer<T>, ldb: Int, beta: Double = 0,
                                     c: UnsafeMutablePointer<T>, ldc: Int) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            // An empty sum: C = beta C.
            for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : c[i * ldc + j] * T(beta) } }
            return
        }
        let ta = transposeA ? CblasTrans : CblasNoTrans, tb = transposeB ? CblasTrans : CblasNoTrans
        if T.self == Float.self {
            a.withMemoryRebound(to: Float.self, capacity: 1) { a in
                b.withMemoryRebound(to: Float.self, capacity: 1) { b in
                    c.withMemoryRebound(to: Float.self, capacity: 1) { c in
                        lazy_cblas_sgemm(CblasRowMajor, ta, tb, Int32(m), Int32(n), Int32(k), Float(alpha), a, Int32(lda),
                                         b, Int32(ldb), Float(beta), c, Int32(ldc))
                    }
                }
            }
        } else {
            a.withMemoryRebound(to: Double.self, capacity: 1) { a in
                b.withMemoryRebound(to: Double.self, capacity: 1) { b in
                    c.withMemoryRebound(to: Double.self, capacity: 1) { c in
                        lazy_cblas_dgemm(CblasRowMajor, ta, tb, Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda),
                                         b, Int32(ldb), beta, c, Int32(ldc))
                    }
                }
            }
        }
    }
}
