// OpenBLAS (CBLAS) and LAPACKE, opened with dlopen on first use instead of linked.
//
// Linking OpenBLAS starts its worker threads in every process at load (they spin for a
// while, then sleep) and adds about 18 ms to every medsynth command, most of which never
// multiply a matrix. Here the libraries are opened by the first call (or by
// lazy_blas_load), after setting OPENBLAS_CORETYPE=SkylakeX on AVX-512 machines where the
// user has not set it: Debian's OpenBLAS 0.3.21 takes recent Xeons for "Prescott" and runs
// SGEMM about 6x slower; and after setting OPENBLAS_THREAD_TIMEOUT=4 (idle workers sleep at
// once instead of spinning for about 0.1 s) when the user has not set it.
//
// The lazy_ functions have the signatures of the CBLAS and LAPACKE functions they forward to.
// If the libraries cannot be opened, the first call aborts with a message naming the Debian
// packages; call lazy_blas_load first to get the reason as an error instead.
#pragma once
#include <stddef.h>
#include <cblas.h>
#include <lapacke.h>

/// Opens the libraries once. Returns 0 on success; otherwise writes the reason into
/// `reason` (when not NULL) and returns -1.
int lazy_blas_load(char *reason, size_t capacity);
/// OpenBLAS's configuration string (version, core, threads), or NULL if not loaded.
const char *lazy_blas_config(void);
/// The core type OpenBLAS runs (e.g. "SkylakeX"), or NULL if not loaded.
const char *lazy_blas_corename(void);
int lazy_blas_get_num_threads(void);
void lazy_blas_set_num_threads(int threads);

void lazy_cblas_sgemm(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE transA, enum CBLAS_TRANSPOSE transB,
                      blasint m, blasint n, blasint k, float alpha, const float *a, blasint lda,
                      const float *b, blasint ldb, float beta, float *c, blasint ldc);
void lazy_cblas_dgemm(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE transA, enum CBLAS_TRANSPOSE transB,
                      blasint m, blasint n, blasint k, double alpha, const double *a, blasint lda,
                      const double *b, blasint ldb, double beta, double *c, blasint ldc);
void lazy_cblas_sgemv(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE trans, blasint m, blasint n, float alpha,
                      const float *a, blasint lda, const float *x, blasint incx, float beta, float *y, blasint incy);
void lazy_cblas_ssyrk(enum CBLAS_ORDER order, enum CBLAS_UPLO uplo, enum CBLAS_TRANSPOSE trans, blasint n, blasint k,
                      float alpha, const float *a, blasint lda, float beta, float *c, blasint ldc);
void lazy_cblas_dsyrk(enum CBLAS_ORDER order, enum CBLAS_UPLO uplo, enum CBLAS_TRANSPOSE trans, blasint n, blasint k,
                      double alpha, const double *a, blasint lda, double beta, double *c, blasint ldc);
void lazy_cblas_dtrmm(enum CBLAS_ORDER order, enum CBLAS_SIDE side, enum CBLAS_UPLO uplo, enum CBLAS_TRANSPOSE transA,
                      enum CBLAS_DIAG diag, blasint m, blasint n, double alpha, const double *a, blasint lda,
                      double *b, blasint ldb);

lapack_int lazy_LAPACKE_dsyevd(int layout, char jobz, char uplo, lapack_int n, double *a, lapack_int lda, double *w);
lapack_int lazy_LAPACKE_dsyev(int layout, char jobz, char uplo, lapack_int n, double *a, lapack_int lda, double *w);
lapack_int lazy_LAPACKE_dpotrf(int layout, char uplo, lapack_int n, double *a, lapack_int lda);
lapack_int lazy_LAPACKE_dpocon(int layout, char uplo, lapack_int n, const double *a, lapack_int lda, double anorm,
                               double *rcond);
