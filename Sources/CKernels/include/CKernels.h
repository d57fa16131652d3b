// Hand-vectorised loops that gain from instructions newer than x86-64's baseline (SSE2).
// Each entry point picks, on its first call, the widest variant the CPU runs (AVX on
// x86-64 when present, the baseline otherwise). Variants compute the same operations in
// the same order, so every variant gives the same bytes.
#ifndef MEDSYNTH_CKERNELS_H
#define MEDSYNTH_CKERNELS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// out[i] = sum over t of w[t] * rows[t][i] for i in start ..< end, for a symmetric window
/// of `taps` weights (odd): w[r] rows[r][i] plus w[t] (rows[t][i] + rows[taps-1-t][i]) for
/// each t < r = taps / 2 (from the centre outwards for 7 and 11 taps, which are unrolled;
/// from t = 0 otherwise). `end - start` is a multiple of 4; `out` overlaps no row.
void medsynth_symmetric_taps_f64(double *out, const double *const *rows, const double *w, ptrdiff_t taps,
                                 ptrdiff_t start, ptrdiff_t end);

/// Adds one row of the SSIM map to `sums` (sums[0] += SSIM values, sums[1] += their
/// contrast-structure factors when `contrast_structure`, *count += values counted), from the
/// filtered maps mu_s, mu_d, E[s^2], E[d^2] of s = x + y and d = x - y over `n` values:
///     SSIM = (mu_s^2 - mu_d^2 + c1x2) (norm (var_s - var_d) + c2x2)
///          / ((mu_s^2 + mu_d^2 + c1x2) (norm (var_s + var_d) + c2x2)),
/// counting value i only when `mask` is NULL or mask[i] is true.
void medsynth_ssim_row_f64(const double *ms, const double *md, const double *es, const double *ed, const _Bool *mask,
                           ptrdiff_t n, double c1x2, double c2x2, double norm, int contrast_structure, double *sums,
                           ptrdiff_t *count);

/// Name of the variant in use ("avx" or "baseline").
const char *medsynth_kernels_variant(void);

/// Makes every entry point use `variant` ("avx" or "baseline"); returns 0, or -1 when this
/// CPU cannot run it (nothing changes). For tests comparing the variants.
int medsynth_kernels_select(const char *variant);

#ifdef __cplusplus
}
#endif

#endif
