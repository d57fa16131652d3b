#include "COpenBLAS.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char failure[512];
static int loaded;

static void (*p_sgemm)(enum CBLAS_ORDER, enum CBLAS_TRANSPOSE, enum CBLAS_TRANSPOSE, blasint, blasint, blasint, float,
                       const float *, blasint, const float *, blasint, float, float *, blasint);
static void (*p_dgemm)(enum CBLAS_ORDER, enum CBLAS_TRANSPOSE, enum CBLAS_TRANSPOSE, blasint, blasint, blasint, double,
                       const double *, blasint, const double *, blasint, double, double *, blasint);
static void (*p_sgemv)(enum CBLAS_ORDER, enum CBLAS_TRANSPOSE, blasint, blasint, float, const float *, blasint,
                       const float *, blasint, float, float *, blasint);
static void (*p_ssyrk)(enum CBLAS_ORDER, enum CBLAS_UPLO, enum CBLAS_TRANSPOSE, blasint, blasint, float, const float *,
                       blasint, float, float *, blasint);
static void (*p_dsyrk)(enum CBLAS_ORDER, enum CBLAS_UPLO, enum CBLAS_TRANSPOSE, blasint, blasint, double,
                       const double *, blasint, double, double *, blasint);
static void (*p_dtrmm)(enum CBLAS_ORDER, enum CBLAS_SIDE, enum CBLAS_UPLO, enum CBLAS_TRANSPOSE, enum CBLAS_DIAG, blasint,
                       blasint, double, const double *, blasint, double *, blasint);
static char *(*p_config)(void);
static char *(*p_corename)(void);
static int (*p_get_threads)(void);
static void (*p_set_threads)(int);
static lapack_int (*p_dsyevd)(int, char, char, lapack_int, double *, lapack_int, double *);
static lapack_int (*p_dsyev)(int, char, char, lapack_int, double *, lapack_int, double *);
static lapack_int (*p_dpotrf)(int, char, lapack_int, double *, lapack_int);
static lapack_int (*p_dpocon)(int, char, lapack_int, const double *, lapack_int, double, double *);

static void *open_first(const char *const *names, const char *what) {
    // The first name's error is the telling one (the others are fallbacks for other systems).
    char first[256] = "not found";
    for (const char *const *name = names; *name; name++) {
        void *h = dlopen(*name, RTLD_NOW | RTLD_LOCAL);
        if (h) return h;
        const char *e = dlerror();
        if (e && name == names) snprintf(first, sizeof first, "%s", e);
    }
    snprintf(failure, sizeof failure, "cannot open %s (%s): install the Debian packages libopenblas-dev and liblapacke-dev",
             what, first);
    return NULL;
}

#define RESOLVE(handle, pointer, symbol)                                                       \
    do {                                                                                       \
        *(void **)(&pointer) = dlsym(handle, symbol);                                          \
        if (!pointer) {                                                                        \
            snprintf(failure, sizeof failure, "the BLAS/LAPACK libraries have no %s", symbol); \
            return;                                                                            \
        }                                                                                      \
    } while (0)

static void load(void) {
#if defined(__x86_64__)
    // Must be set before OpenBLAS initialises (it reads it once, when loaded).
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) setenv("OPENBLAS_CORETYPE", "SkylakeX", 0);
#endif
    // OpenBLAS's idle workers spin (calling sched_yield) for 2^28 cycles, about 0.1 s, after
    // each multiplication; between the GEMMs of a training step the engine's own threads then
    // share the cores with them. 2^4 cycles puts them to sleep at once (unless the user chose).
    setenv("OPENBLAS_THREAD_TIMEOUT", "4", 0);
    static const char *const blas[] = {"libopenblas.so.0", "libopenblas.so", "libopenblas.dylib", NULL};
    static const char *const lapacke[] = {"liblapacke.so.3", "liblapacke.so", "liblapacke.dylib", NULL};
    void *b = open_first(blas, "OpenBLAS");
    if (!b) return;
    void *l = open_first(lapacke, "LAPACKE");
    if (!l) return;
    RESOLVE(b, p_sgemm, "cblas_sgemm");
    RESOLVE(b, p_dgemm, "cblas_dgemm");
    RESOLVE(b, p_sgemv, "cblas_sgemv");
    RESOLVE(b, p_ssyrk, "cblas_ssyrk");
    RESOLVE(b, p_dsyrk, "cblas_dsyrk");
    RESOLVE(b, p_dtrmm, "cblas_dtrmm");
    RESOLVE(b, p_config, "openblas_get_config");
    RESOLVE(b, p_corename, "openblas_get_corename");
    RESOLVE(b, p_get_threads, "openblas_get_num_threads");
    RESOLVE(b, p_set_threads, "openblas_set_num_threads");
    RESOLVE(l, p_dsyevd, "LAPACKE_dsyevd");
    RESOLVE(l, p_dsyev, "LAPACKE_dsyev");
    RESOLVE(l, p_dpotrf, "LAPACKE_dpotrf");
    RESOLVE(l, p_dpocon, "LAPACKE_dpocon");
    loaded = 1;
}

int lazy_blas_load(char *reason, size_t capacity) {
    pthread_once(&once, load);
    if (loaded) return 0;
    if (reason && capacity > 0) snprintf(reason, capacity, "%s", failure);
    return -1;
}

static void require(void) {
    if (lazy_blas_load(NULL, 0) != 0) {
        fprintf(stderr, "medsynth: %s\n", failure);
        abort();
    }
}

const char *lazy_blas_config(void) { return lazy_blas_load(NULL, 0) == 0 ? p_config() : NULL; }
const char *lazy_blas_corename(void) { return lazy_blas_load(NULL, 0) == 0 ? p_corename() : NULL; }
int lazy_blas_get_num_threads(void) { require(); return p_get_threads(); }
void lazy_blas_set_num_threads(int threads) { require(); p_set_threads(threads); }

void lazy_cblas_sgemm(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE transA, enum CBLAS_TRANSPOSE transB,
                      blasint m, blasint n, blasint k, float alpha, const float *a, blasint lda,
                      const float *b, blasint ldb, float beta, float *c, blasint ldc) {
    require();
    p_sgemm(order, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void lazy_cblas_dgemm(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE transA, enum CBLAS_TRANSPOSE transB,
                      blasint m, blasint n, blasint k, double alpha, const double *a, blasint lda,
                      const double *b, blasint ldb, double beta, double *c, blasint ldc) {
    require();
    p_dgemm(order, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void lazy_cblas_sgemv(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE trans, blasint m, blasint n, float alpha,
                      const float *a, blasint lda, const float *x, blasint incx, float beta, float *y, blasint incy) {
    require();
    p_sgemv(order, trans, m, n, alpha, a, lda, x, incx, beta, y, incy);
}

void lazy_cblas_ssyrk(enum CBLAS_ORDER order, enum CBLAS_UPLO uplo, enum CBLAS_TRANSPOSE trans, blasint n, blasint k,
                      float alpha, const float *a, blasint lda, float beta, float *c, blasint ldc) {
    require();
    p_ssyrk(order, uplo, trans, n, k, alpha, a, lda, beta, c, ldc);
}

void lazy_cblas_dsyrk(enum CBLAS_ORDER order, enum CBLAS_UPLO uplo, enum CBLAS_TRANSPOSE trans, blasint n, blasint k,
                      double alpha, const double *a, blasint lda, double beta, double *c, blasint ldc) {
    require();
    p_dsyrk(order, uplo, trans, n, k, alpha, a, lda, beta, c, ldc);
}

void lazy_cblas_dtrmm(enum CBLAS_ORDER order, enum CBLAS_SIDE side, enum CBLAS_UPLO uplo, enum CBLAS_TRANSPOSE transA,
                      enum CBLAS_DIAG diag, blasint m, blasint n, double alpha, const double *a, blasint lda,
                      double *b, blasint ldb) {
    require();
    p_dtrmm(order, side, uplo, transA, diag, m, n, alpha, a, lda, b, ldb);
}

lapack_int lazy_LAPACKE_dsyevd(int layout, char jobz, char uplo, lapack_int n, double *a, lapack_int lda, double *w) {
    require();
    return p_dsyevd(layout, jobz, uplo, n, a, lda, w);
}

lapack_int lazy_LAPACKE_dsyev(int layout, char jobz, char uplo, lapack_int n, double *a, lapack_int lda, double *w) {
    require();
    return p_dsyev(layout, jobz, uplo, n, a, lda, w);
}

lapack_int lazy_LAPACKE_dpotrf(int layout, char uplo, lapack_int n, double *a, lapack_int lda) {
    require();
    return p_dpotrf(layout, uplo, n, a, lda);
}

lapack_int lazy_LAPACKE_dpocon(int layout, char uplo, lapack_int n, const double *a, lapack_int lda, double anorm,
                               double *rcond) {
    require();
    return p_dpocon(layout, uplo, n, a, lda, anorm, rcond);
}
