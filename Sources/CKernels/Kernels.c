#include "CKernels.h"
#include "Im2Col.h"

#include <string.h>

typedef double v4d __attribute__((vector_size(32)));
typedef double v4du __attribute__((vector_size(32), aligned(8)));

// Macros rather than functions: a function passing a 32-byte vector has a different ABI with
// and without AVX.
#define load4(p) (*(const v4du *)(p))
#define store4(p, v) (*(v4du *)(p) = (v))
#define splat4(x) ((v4d){(x), (x), (x), (x)})

// The body shared by the variants: each variant is this loop compiled for its instruction set.
static inline __attribute__((always_inline)) void symmetric_taps_body(double *out, const double *const *p,
                                                                       const double *w, ptrdiff_t taps,
                                                                       ptrdiff_t start, ptrdiff_t end) {
    if (taps == 11) {
        const double *p0 = p[0], *p1 = p[1], *p2 = p[2], *p3 = p[3], *p4 = p[4], *p5 = p[5];
        const double *p6 = p[6], *p7 = p[7], *p8 = p[8], *p9 = p[9], *p10 = p[10];
        const v4d w0 = splat4(w[0]), w1 = splat4(w[1]), w2 = splat4(w[2]);
        const v4d w3 = splat4(w[3]), w4 = splat4(w[4]), w5 = splat4(w[5]);
        for (ptrdiff_t i = start; i < end; i += 4) {
            v4d v = w5 * load4(p5 + i);
            v += w4 * (load4(p4 + i) + load4(p6 + i));
            v += w3 * (load4(p3 + i) + load4(p7 + i));
            v += w2 * (load4(p2 + i) + load4(p8 + i));
            v += w1 * (load4(p1 + i) + load4(p9 + i));
            v += w0 * (load4(p0 + i) + load4(p10 + i));
            store4(out + i, v);
        }
    } else if (taps == 7) {
        const double *p0 = p[0], *p1 = p[1], *p2 = p[2], *p3 = p[3], *p4 = p[4], *p5 = p[5], *p6 = p[6];
        const v4d w0 = splat4(w[0]), w1 = splat4(w[1]), w2 = splat4(w[2]), w3 = splat4(w[3]);
        for (ptrdiff_t i = start; i < end; i += 4) {
            v4d v = w3 * load4(p3 + i);
            v += w2 * (load4(p2 + i) + load4(p4 + i));
            v += w1 * (load4(p1 + i) + load4(p5 + i));
            v += w0 * (load4(p0 + i) + load4(p6 + i));
            store4(out + i, v);
        }
    } else {
        const ptrdiff_t r = taps / 2;
        for (ptrdiff_t i = start; i < end; i += 4) {
            v4d v = splat4(w[r]) * load4(p[r] + i);
            for (ptrdiff_t t = 0; t < r; t++) {
                v += splat4(w[t]) * (load4(p[t] + i) + load4(p[taps - 1 - t] + i));
            }
            store4(out + i, v);
        }
    }
}

// One row of the SSIM map (see the header). Values are finite (the denominators are at least
// c1x2 and about c2x2), so the mask weights them by 0 or 1.
static inline __attribute__((always_inline)) void ssim_row_body(const double *ms, const double *md, const double *es,
                                                                const double *ed, const _Bool *mask, ptrdiff_t n,
                                                                double c1x2, double c2x2, double norm, int cs_wanted,
                                                                double *sums, ptrdiff_t *count) {
    const v4d c1 = splat4(c1x2), c2 = splat4(c2x2), nv = splat4(norm);
    v4d acc = splat4(0), acc_cs = splat4(0), counted = splat4(0);
    const ptrdiff_t full = n & ~(ptrdiff_t)3;
    ptrdiff_t i = 0;
    for (; i < full; i += 4) {
        const v4d mus = load4(ms + i), mud = load4(md + i);
        const v4d mus2 = mus * mus, mud2 = mud * mud;
        const v4d vs = load4(es + i) - mus2, vd = load4(ed + i) - mud2;
        const v4d lum_num = mus2 - mud2 + c1, lum_den = mus2 + mud2 + c1;
        const v4d cs_num = nv * (vs - vd) + c2, cs_den = nv * (vs + vd) + c2;
        v4d k = splat4(1);
        if (mask) k = (v4d){mask[i] ? 1.0 : 0.0, mask[i + 1] ? 1.0 : 0.0, mask[i + 2] ? 1.0 : 0.0, mask[i + 3] ? 1.0 : 0.0};
        counted += k;
        if (cs_wanted) {
            const v4d cs = cs_num / cs_den;
            acc += k * (lum_num / lum_den * cs);
            acc_cs += k * cs;
        } else {
            acc += k * ((lum_num * cs_num) / (lum_den * cs_den));
        }
    }
    double total = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    double total_cs = (acc_cs[0] + acc_cs[1]) + (acc_cs[2] + acc_cs[3]);
    ptrdiff_t c = (ptrdiff_t)((counted[0] + counted[1]) + (counted[2] + counted[3]));
    for (; i < n; i++) {
        if (mask && !mask[i]) continue;
        const double mus = ms[i], mud = md[i];
        const double mus2 = mus * mus, mud2 = mud * mud;
        const double vs = es[i] - mus2, vd = ed[i] - mud2;
        const double cs = (norm * (vs - vd) + c2x2) / (norm * (vs + vd) + c2x2);
        total += (mus2 - mud2 + c1x2) / (mus2 + mud2 + c1x2) * cs;
        total_cs += cs;
        c++;
    }
    sums[0] += total;
    if (cs_wanted) sums[1] += total_cs;
    *count += c;
}

// The variants: the bodies above compiled for each instruction set. Each defines the entry
// points with the variant's suffix.
#define MEDSYNTH_VARIANT(suffix, attributes)                                                                     \
    attributes static void symmetric_taps_##suffix(double *out, const double *const *p, const double *w,          \
                                                   ptrdiff_t taps, ptrdiff_t start, ptrdiff_t end) {             \
        symmetric_taps_body(out, p, w, taps, start, end);                                                        \
    }                                                                                                             \
    attributes static void ssim_row_##suffix(const double *ms, const double *md, const double *es,               \
                                             const double *ed, const _Bool *mask, ptrdiff_t n, double c1x2,     \
                                             double c2x2, double norm, int cs_wanted, double *sums,             \
                                             ptrdiff_t *count) {                                                  \
        ssim_row_body(ms, md, es, ed, mask, n, c1x2, c2x2, norm, cs_wanted, sums, count);                       \
    }

MEDSYNTH_VARIANT(baseline, )
#if defined(__x86_64__)
// AVX without FMA: a fused multiply-add would round differently from the baseline.
MEDSYNTH_VARIANT(avx, __attribute__((target("avx"))))
#endif

// Every entry point of one variant (im2col's are in Im2Col.c).
struct kernels {
    const char *name;
    void (*symmetric_taps)(double *, const double *const *, const double *, ptrdiff_t, ptrdiff_t, ptrdiff_t);
    void (*ssim_row)(const double *, const double *, const double *, const double *, const _Bool *, ptrdiff_t, double,
                     double, double, int, double *, ptrdiff_t *);
    void (*unfold_f32)(const float *, float *, const medsynth_conv_geometry *, ptrdiff_t, ptrdiff_t);
    void (*fold_f32)(const float *, float *, const float *, const medsynth_conv_geometry *, ptrdiff_t, ptrdiff_t);
};

static const struct kernels kernels_baseline = {"baseline", symmetric_taps_baseline, ssim_row_baseline,
                                                medsynth_unfold_f32_baseline, medsynth_fold_f32_baseline};
#if defined(__x86_64__)
static const struct kernels kernels_avx = {"avx", symmetric_taps_avx, ssim_row_avx, medsynth_unfold_f32_avx,
                                           medsynth_fold_f32_avx};
// The double-precision loops gain nothing from AVX2 without FMA: their AVX form.
static const struct kernels kernels_avx2 = {"avx2", symmetric_taps_avx, ssim_row_avx, medsynth_unfold_f32_avx2,
                                            medsynth_fold_f32_avx2};

// The variants from the widest down, with the CPU features each needs (the OS saving the
// wider registers is part of what __builtin_cpu_supports checks).
static int cpu_runs(const struct kernels *k) {
    __builtin_cpu_init();
    if (k == &kernels_avx2) return __builtin_cpu_supports("avx2");
    if (k == &kernels_avx) return __builtin_cpu_supports("avx");
    return 1;
}

static const struct kernels *const variants[] = {&kernels_avx2, &kernels_avx, &kernels_baseline};
#else
static int cpu_runs(const struct kernels *k) {
    (void)k;
    return 1;
}
static const struct kernels *const variants[] = {&kernels_baseline};
#endif

// Chosen on first use; threads racing on the first call store the same value.
static const struct kernels *chosen;

static const struct kernels *kernels(void) {
    const struct kernels *k = __atomic_load_n(&chosen, __ATOMIC_ACQUIRE);
    if (!k) {
        for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++) {
            if (cpu_runs(variants[i])) {
                k = variants[i];
                break;
            }
        }
        __atomic_store_n(&chosen, k, __ATOMIC_RELEASE);
    }
    return k;
}

void medsynth_symmetric_taps_f64(double *out, const double *const *rows, const double *w, ptrdiff_t taps,
                                 ptrdiff_t start, ptrdiff_t end) {
    kernels()->symmetric_taps(out, rows, w, taps, start, end);
}

void medsynth_ssim_row_f64(const double *ms, const double *md, const double *es, const double *ed, const _Bool *mask,
                           ptrdiff_t n, double c1x2, double c2x2, double norm, int contrast_structure, double *sums,
                           ptrdiff_t *count) {
    kernels()->ssim_row(ms, md, es, ed, mask, n, c1x2, c2x2, norm, contrast_structure, sums, count);
}

void medsynth_unfold_f32(const float *image, float *columns, const medsynth_conv_geometry *g, ptrdiff_t first_plane,
                         ptrdiff_t end_plane) {
    kernels()->unfold_f32(image, columns, g, first_plane, end_plane);
}

void medsynth_fold_f32(const float *columns, float *image, const float *bias, const medsynth_conv_geometry *g,
                       ptrdiff_t first_plane, ptrdiff_t end_plane) {
    kernels()->fold_f32(columns, image, bias, g, first_plane, end_plane);
}

const char *medsynth_kernels_variant(void) { return kernels()->name; }

int medsynth_kernels_select(const char *variant) {
    for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++) {
        if (strcmp(variant, variants[i]->name) == 0 && cpu_runs(variants[i])) {
            __atomic_store_n(&chosen, variants[i], __ATOMIC_RELEASE);
            return 0;
        }
    }
    return -1;
}

// One Adam update per element (see the header). The branches are hoisted out of the loops so
// that the compiler vectorises them (SSE2 is enough: the loop is bound by memory); each
// element goes through the same operations, in the same order, as the scalar definition.
void medsynth_adam_f32(float *restrict p, const float *restrict g, float *restrict m, float *restrict v, ptrdiff_t n,
                       float weight_decay, int decoupled, float decay, float w1, float b2, float w2, float root,
                       float eps, float step_size) {
    if (weight_decay != 0 && decoupled) {
        for (ptrdiff_t i = 0; i < n; i++) p[i] *= decay;
    }
    const int coupled = weight_decay != 0 && !decoupled;
#define MEDSYNTH_ADAM_LOOP(grad_expr, m_expr)                   \
    for (ptrdiff_t i = 0; i < n; i++) {                         \
        const float grad = (grad_expr);                         \
        const float mi = (m_expr);                              \
        const float vi = v[i] * b2 + w2 * grad * grad;          \
        m[i] = mi;                                              \
        v[i] = vi;                                              \
        p[i] -= step_size * (mi / (__builtin_sqrtf(vi) / root + eps)); \
    }
    if (w1 < 0.5f) {
        if (coupled) { MEDSYNTH_ADAM_LOOP(g[i] + weight_decay * p[i], m[i] + w1 * (grad - m[i])) }
        else { MEDSYNTH_ADAM_LOOP(g[i], m[i] + w1 * (grad - m[i])) }
    } else {
        if (coupled) { MEDSYNTH_ADAM_LOOP(g[i] + weight_decay * p[i], grad - (grad - m[i]) * (1 - w1)) }
        else { MEDSYNTH_ADAM_LOOP(g[i], grad - (grad - m[i]) * (1 - w1)) }
    }
#undef MEDSYNTH_ADAM_LOOP
}
