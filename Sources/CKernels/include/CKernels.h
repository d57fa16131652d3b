// Hand-vectorised loops that gain from instructions newer than x86-64's baseline (SSE2).
// Each entry point picks, on its first call, the widest variant the CPU runs ("avx2" or
// "avx" on x86-64 when present, "baseline" otherwise). Variants compute the same
// operations in the same order, so every variant gives the same bytes.
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

/// The sizes of a 2-D convolution as im2col sees them (NeuralCore's ConvolutionGeometry): an
/// image [batch, channels, height, width] read by a kernel_height x kernel_width kernel into
/// a map of out_height x out_width positions, map position (oh, ow) reading image position
/// (oh * stride_h - padding_h + i * dilation_h, ow * stride_w - padding_w + j * dilation_w)
/// for kernel tap (i, j), zero outside the image. `columns` is the row length of the column
/// matrix: batch * out_height * out_width. Strides and dilations are at least 1, paddings at
/// least 0, the map at least 1 x 1.
typedef struct medsynth_conv_geometry {
    ptrdiff_t channels, height, width;
    ptrdiff_t out_height, out_width;
    ptrdiff_t kernel_height, kernel_width;
    ptrdiff_t stride_h, stride_w;
    ptrdiff_t padding_h, padding_w;
    ptrdiff_t dilation_h, dilation_w;
    ptrdiff_t columns;
} medsynth_conv_geometry;

/// im2col for the (image, channel) planes p = n * channels + c in first_plane ..< end_plane
/// of `image` (the whole batch, NCHW): writes, for each, the column-matrix entries
/// columns[((c * kernel_height + i) * kernel_width + j) * g->columns + n * out_height *
/// out_width + oh * out_width + ow] = the image value tap (i, j) reads at map position
/// (oh, ow), or +0 in the padding. Planes are independent: any split of the planes over
/// threads writes the same bytes.
void medsynth_unfold_f32(const float *image, float *columns, const medsynth_conv_geometry *g, ptrdiff_t first_plane,
                         ptrdiff_t end_plane);

/// col2im, the adjoint of `medsynth_unfold_f32`, for the planes first_plane ..< end_plane:
/// writes each image value of those planes as bias[c] (+0 when `bias` is NULL) plus the
/// column entries that read it, added one at a time in the order of kernel row i, then
/// kernel column j (as a scalar loop over i, oh, j, ow would).
void medsynth_fold_f32(const float *columns, float *image, const float *bias, const medsynth_conv_geometry *g,
                       ptrdiff_t first_plane, ptrdiff_t end_plane);

/// Adam's update (PyTorch's order) of the n elements of parameters p with gradients g and
/// moments m, v, in place: grad = g + weight_decay p (when weight_decay != 0 and not
/// decoupled; when decoupled, p = p decay first), m = lerp(m, grad, w1) as torch.lerp computes
/// it (m + w1 (grad - m) for w1 < 0.5, else grad - (grad - m)(1 - w1)), v = v b2 + w2 grad²,
/// p -= step_size m / (sqrt(v) / root + eps). One form for every CPU: the loop is bound by
/// memory. The arrays do not overlap.
void medsynth_adam_f32(float *restrict p, const float *restrict g, float *restrict m, float *restrict v, ptrdiff_t n,
                       float weight_decay, int decoupled, float decay, float w1, float b2, float w2, float root,
                       float eps, float step_size);

/// Float32 GEMM with AVX-512 (GEMM.c), for NeuralCore's convolutions: C (m x n) = A (m x k)
/// B (k x n), + C when `accumulate`. A is packed once (`medsynth_sgemm_pack_a`) and serves any
/// number of products; B is read through `panels`, the caller's scratch of
/// `medsynth_sgemm_panel_count(n)` floats, 64-byte aligned. k is at least 1. Only where
/// `medsynth_sgemm_available()` is nonzero (x86-64 with AVX-512F).
int medsynth_sgemm_available(void);

/// Where B's and C's values are: row r, column j at base + r * row_stride + (j / block) *
/// block_stride + j % block. A plain matrix has block >= n (block_stride unused); a chunk of
/// NCHW images seen as [channels, images * plane] has block = plane, block_stride = channels *
/// plane and row_stride = plane. `block` is a multiple of 16 unless it is at least n.
typedef struct medsynth_sgemm_layout {
    float *base;
    ptrdiff_t row_stride, block, block_stride;
} medsynth_sgemm_layout;

/// Floats of a packed A of m x k.
ptrdiff_t medsynth_sgemm_packed_count(ptrdiff_t m, ptrdiff_t k);

/// Slivers (groups of rows packed together) of a packed A of m rows: the unit
/// `medsynth_sgemm_pack_a` splits over threads.
ptrdiff_t medsynth_sgemm_slivers(ptrdiff_t m);

/// Floats of the panels scratch for products n columns wide.
ptrdiff_t medsynth_sgemm_panel_count(ptrdiff_t n);

/// Packs slivers first_sliver ..< end_sliver of A (m x k), read as a[i * lda + kk], or as
/// a[kk * lda + i] when `transpose`; 11 * lda must fit in 32 bits. Rows past m are zeros.
void medsynth_sgemm_pack_a(const float *a, ptrdiff_t lda, int transpose, ptrdiff_t m, ptrdiff_t k, float *packed,
                           ptrdiff_t first_sliver, ptrdiff_t end_sliver);

/// The product with a packed A (see `medsynth_sgemm_available`); B is only read.
void medsynth_sgemm_packed(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const float *packed, const medsynth_sgemm_layout *b,
                           const medsynth_sgemm_layout *c, int accumulate, float *panels);

/// Name of the variant in use ("avx2", "avx" or "baseline").
const char *medsynth_kernels_variant(void);

/// Makes every entry point use `variant` ("avx2", "avx" or "baseline"); returns 0, or -1
/// when this CPU cannot run it (nothing changes). For tests comparing the variants. The
/// double-precision kernels have no AVX2 form: the "avx2" variant runs their AVX form.
int medsynth_kernels_select(const char *variant);

#ifdef __cplusplus
}
#endif

#endif
