// im2col and col2im in Float32 (NeuralCore's Im2Col): the column matrix of a convolution and
// its adjoint, for a range of (image, channel) planes. See CKernels.h for the layout.
//
// Both go through a padded copy of one plane in scratch memory: the image rows with zero rows
// above and below, each row with zeros on both sides and split into its `stride_w` phases
// (phase q holds the padded values q, q + stride_w, q + 2 stride_w, ...). The values kernel
// tap (i, j) reads along map row oh are then `out_width` consecutive values of one phase of
// padded row oh * stride_h + i * dilation_h (from padded position j * dilation_w on), so every
// row of the column matrix is a plain copy (unfold) or a plain sum (fold), with no bounds to
// check and no scalar tails for rows narrower than a vector. Fold sums into a padded plane that
// starts as the bias, then keeps the values inside the image: what lands in the padding is
// dropped, as the scalar loop never adds it. Each image value receives its terms one at a time
// in the order of the scalar loop (kernel row i, then kernel column j, ascending), so the sums
// are the same bytes in every variant and in Swift.
//
// Planes are visited channel by channel (the rows of the column matrix one channel reads are
// then streamed), and no variant uses FMA or reassociates a sum.
#include "CKernels.h"
#include "Im2Col.h"

#include <stdlib.h>

typedef float v4f __attribute__((vector_size(16)));
typedef float v8f __attribute__((vector_size(32)));
typedef float v16f __attribute__((vector_size(64)));
typedef float v4fu __attribute__((vector_size(16), aligned(4), may_alias));
typedef float v8fu __attribute__((vector_size(32), aligned(4), may_alias));
typedef float v16fu __attribute__((vector_size(64), aligned(4), may_alias));

// Macros rather than functions: a function passing a vector has a different ABI in each variant.
#define load4(p) (*(const v4fu *)(p))
#define load8(p) (*(const v8fu *)(p))
#define load16(p) (*(const v16fu *)(p))
#define store4(p, v) (*(v4fu *)(p) = (v))
#define store8(p, v) (*(v8fu *)(p) = (v))
#define store16(p, v) (*(v16fu *)(p) = (v))

#define INLINE static inline __attribute__((always_inline))

// to[0 ..< n] = from[0 ..< n]; the last vector may overlap the previous one (the same values
// written twice).
INLINE void copy_values(float *to, const float *from, ptrdiff_t n) {
    if (n >= 16) {
        ptrdiff_t k = 0;
        for (; k + 16 <= n; k += 16) store16(to + k, load16(from + k));
        if (k < n) store16(to + n - 16, load16(from + n - 16));
    } else if (n >= 8) {
        store8(to, load8(from));
        store8(to + n - 8, load8(from + n - 8));
    } else if (n >= 4) {
        store4(to, load4(from));
        store4(to + n - 4, load4(from + n - 4));
    } else if (n >= 2) {
        __builtin_memcpy(to, from, 2 * sizeof(float));
        __builtin_memcpy(to + n - 2, from + n - 2, 2 * sizeof(float));
    } else if (n == 1) {
        to[0] = from[0];
    }
}

// to[0 ..< n] = value.
INLINE void fill_values(float *to, float value, ptrdiff_t n) {
    if (n >= 8) {
        const v8f v = {value, value, value, value, value, value, value, value};
        ptrdiff_t k = 0;
        for (; k + 8 <= n; k += 8) store8(to + k, v);
        if (k < n) store8(to + n - 8, v);
    } else if (n >= 4) {
        const v4f v = {value, value, value, value};
        store4(to, v);
        store4(to + n - 4, v);
    } else {
        if (n > 0) to[0] = value;
        if (n > 1) to[1] = value;
        if (n > 2) to[2] = value;
    }
}

// to[k] += from[k] for k < n: one addition per value.
INLINE void add_values(float *to, const float *from, ptrdiff_t n) {
    ptrdiff_t k = 0;
    for (; k + 16 <= n; k += 16) store16(to + k, load16(to + k) + load16(from + k));
    if (k + 8 <= n) {
        store8(to + k, load8(to + k) + load8(from + k));
        k += 8;
    }
    if (k + 4 <= n) {
        store4(to + k, load4(to + k) + load4(from + k));
        k += 4;
    }
    for (; k < n; k++) to[k] += from[k];
}

// even[k] = from[2k], odd[k] = from[2k + 1] for the n values of `from`.
INLINE void deinterleave(float *even, float *odd, const float *from, ptrdiff_t n) {
    ptrdiff_t k = 0;
    for (; 2 * k + 32 <= n; k += 16) {
        const v16f a = load16(from + 2 * k), b = load16(from + 2 * k + 16);
        store16(even + k, __builtin_shufflevector(a, b, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30));
        store16(odd + k, __builtin_shufflevector(a, b, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31));
    }
    if (2 * k + 16 <= n) {
        const v16f a = load16(from + 2 * k);
        store8(even + k, __builtin_shufflevector(a, a, 0, 2, 4, 6, 8, 10, 12, 14));
        store8(odd + k, __builtin_shufflevector(a, a, 1, 3, 5, 7, 9, 11, 13, 15));
        k += 8;
    }
    if (2 * k + 8 <= n) {
        const v8f a = load8(from + 2 * k);
        store4(even + k, __builtin_shufflevector(a, a, 0, 2, 4, 6));
        store4(odd + k, __builtin_shufflevector(a, a, 1, 3, 5, 7));
        k += 4;
    }
    for (; 2 * k + 1 < n; k++) {
        even[k] = from[2 * k];
        odd[k] = from[2 * k + 1];
    }
    if (2 * k < n) even[k] = from[2 * k];
}

// to[2k] = even[k], to[2k + 1] = odd[k] for the n values of `to`.
INLINE void interleave(float *to, const float *even, const float *odd, ptrdiff_t n) {
    ptrdiff_t k = 0;
    for (; 2 * k + 32 <= n; k += 16) {
        const v16f e = load16(even + k), o = load16(odd + k);
        store16(to + 2 * k, __builtin_shufflevector(e, o, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23));
        store16(to + 2 * k + 16, __builtin_shufflevector(e, o, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31));
    }
    if (2 * k + 16 <= n) {
        const v8f e = load8(even + k), o = load8(odd + k);
        store16(to + 2 * k, __builtin_shufflevector(e, o, 0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15));
        k += 8;
    }
    if (2 * k + 8 <= n) {
        const v4f e = load4(even + k), o = load4(odd + k);
        store8(to + 2 * k, __builtin_shufflevector(e, o, 0, 4, 1, 5, 2, 6, 3, 7));
        k += 4;
    }
    for (; 2 * k + 1 < n; k++) {
        to[2 * k] = even[k];
        to[2 * k + 1] = odd[k];
    }
    if (2 * k < n) to[2 * k] = even[k];
}

// The padded plane in scratch memory: `rows` rows (the image rows with `padding_h` rows above
// and enough below for every row a kernel row reads) of `stride_w` phases of `length` values
// (the image values with `padding_w` on the left and enough on the right for every position a
// kernel column reads).
struct padded_plane {
    ptrdiff_t rows, length, row_length;
};

INLINE struct padded_plane padded_plane(const medsynth_conv_geometry *g) {
    ptrdiff_t rows = g->height + 2 * g->padding_h;
    const ptrdiff_t reach_h = (g->out_height - 1) * g->stride_h + (g->kernel_height - 1) * g->dilation_h + 1;
    if (reach_h > rows) rows = reach_h;
    ptrdiff_t width = g->width + 2 * g->padding_w;
    const ptrdiff_t reach_w = (g->out_width - 1) * g->stride_w + (g->kernel_width - 1) * g->dilation_w + 1;
    if (reach_w > width) width = reach_w;
    const ptrdiff_t length = (width + g->stride_w - 1) / g->stride_w;
    return (struct padded_plane){rows, length, g->stride_w * length};
}

// Image value w sits at padded position w + pad, in phase (w + pad) % stride at (w + pad) /
// stride: the image values w = r, r + stride, ... (r < stride) fill one phase from
// PHASE_START(r) on.
#define PHASE_OF(r) (((r) + pad) % stride)
#define PHASE_START(r) (((r) + pad) / stride)
#define PHASE_COUNT(r) ((r) < width ? (width - (r) + stride - 1) / stride : 0)

// Writes the `width` values of `from` into their places in a padded row (phase p at
// row + p * length); the padding is left alone.
INLINE void spread_row(float *row, const float *from, ptrdiff_t width, ptrdiff_t pad, ptrdiff_t stride, ptrdiff_t length) {
    if (stride == 1) {
        copy_values(row + pad, from, width);
    } else if (stride == 2) {
        deinterleave(row + PHASE_OF(0) * length + PHASE_START(0), row + PHASE_OF(1) * length + PHASE_START(1), from, width);
    } else {
        for (ptrdiff_t r = 0; r < stride; r++) {
            float *phase = row + PHASE_OF(r) * length + PHASE_START(r);
            const ptrdiff_t count = PHASE_COUNT(r);
            for (ptrdiff_t k = 0; k < count; k++) phase[k] = from[r + k * stride];
        }
    }
}

// The image values of a padded row, into `to` (`width` values).
INLINE void gather_row(float *to, const float *row, ptrdiff_t width, ptrdiff_t pad, ptrdiff_t stride, ptrdiff_t length) {
    if (stride == 1) {
        copy_values(to, row + pad, width);
    } else if (stride == 2) {
        interleave(to, row + PHASE_OF(0) * length + PHASE_START(0), row + PHASE_OF(1) * length + PHASE_START(1), width);
    } else {
        for (ptrdiff_t r = 0; r < stride; r++) {
            const float *phase = row + PHASE_OF(r) * length + PHASE_START(r);
            const ptrdiff_t count = PHASE_COUNT(r);
            for (ptrdiff_t k = 0; k < count; k++) to[r + k * stride] = phase[k];
        }
    }
}

// Scratch for the padded plane: `stack` (32 KB, a 64x64 image's plane fits) when it fits,
// else allocated (freed by release_plane).
#define STACK_PLANE 8192

INLINE float *acquire_plane(float *stack, ptrdiff_t count) {
    if (count <= STACK_PLANE) return stack;
    float *plane = malloc((size_t)count * sizeof(float));
    if (!plane) abort();  // out of memory, as a failed Swift allocation
    return plane;
}

INLINE void release_plane(float *plane, float *stack) {
    if (plane != stack) free(plane);
}

// Kernel column j reads the padded positions ow * stride_w + j * dilation_w: phase
// (j dilation_w) % stride_w from (j dilation_w) / stride_w on. These step through the
// kernel columns without a division.
#define FOR_EACH_KERNEL_COLUMN(body)                                                                           \
    do {                                                                                                       \
        ptrdiff_t phase_ = 0, start_ = 0;                                                                      \
        for (ptrdiff_t j = 0; j < kw; j++) {                                                                   \
            const ptrdiff_t offset = phase_ * plane.length + start_;                                           \
            body;                                                                                              \
            phase_ += step_phase;                                                                              \
            start_ += step_start;                                                                              \
            if (phase_ >= sw) {                                                                                \
                phase_ -= sw;                                                                                  \
                start_ += 1;                                                                                   \
            }                                                                                                  \
        }                                                                                                      \
    } while (0)

// Runs `body` for the planes p = n * channels + c in first_plane ..< end_plane, channel by
// channel: the images of one channel read (or write) the same rows of the column matrix one
// after the other, so the column matrix is streamed rather than hopped through.
#define FOR_EACH_PLANE(body)                                                                                   \
    do {                                                                                                       \
        const ptrdiff_t first_image = first_plane / channels, end_image = (end_plane + channels - 1) / channels; \
        for (ptrdiff_t c = 0; c < channels; c++) {                                                             \
            for (ptrdiff_t n = first_image; n < end_image; n++) {                                              \
                const ptrdiff_t p = n * channels + c;                                                          \
                if (p < first_plane || p >= end_plane) continue;                                               \
                body;                                                                                          \
            }                                                                                                  \
        }                                                                                                      \
    } while (0)

#define GEOMETRY_NAMES                                                                                         \
    const ptrdiff_t channels = g->channels, height = g->height, width = g->width;                              \
    const ptrdiff_t out_h = g->out_height, out_w = g->out_width, kh = g->kernel_height, kw = g->kernel_width;  \
    const ptrdiff_t sh = g->stride_h, sw = g->stride_w, ph = g->padding_h, pw = g->padding_w;                  \
    const ptrdiff_t dh = g->dilation_h, dw = g->dilation_w, ncols = g->columns;                                \
    const ptrdiff_t map_plane = out_h * out_w, image_plane = height * width;                                   \
    const ptrdiff_t step_phase = dw % sw, step_start = dw / sw;                                                \
    const struct padded_plane plane = padded_plane(g);

// The copies of one plane's taps (i, j) from the padded plane into the column matrix: map
// rows of `count` values.
#define UNFOLD_TAPS(count)                                                                                     \
    for (ptrdiff_t i = 0; i < kh; i++) {                                                                       \
        const float *rows = padded + i * dh * plane.row_length;                                                \
        FOR_EACH_KERNEL_COLUMN({                                                                               \
            const float *from = rows + offset;                                                                 \
            float *to = block + (i * kw + j) * ncols;                                                          \
            for (ptrdiff_t oh = 0; oh < out_h; oh++) {                                                         \
                copy_values(to + oh * (count), from + oh * sh * plane.row_length, (count));                    \
            }                                                                                                  \
        });                                                                                                    \
    }

// The sums of one plane's taps into the padded plane, kernel row i, then kernel column j, then
// map row: each value gets its terms in the order of i, then j, and the terms of the shifted
// columns j of one row, which overlap, are added a whole pass over the map rows apart (a
// store read back at once by a load that overlaps it only in part stalls for about 15 cycles).
#define FOLD_TAPS(count)                                                                                       \
    for (ptrdiff_t i = 0; i < kh; i++) {                                                                       \
        float *rows = padded + i * dh * plane.row_length;                                                      \
        FOR_EACH_KERNEL_COLUMN({                                                                               \
            float *to = rows + offset;                                                                         \
            const float *from = block + (i * kw + j) * ncols;                                                  \
            for (ptrdiff_t oh = 0; oh < out_h; oh++) {                                                         \
                add_values(to + oh * sh * plane.row_length, from + oh * (count), (count));                     \
            }                                                                                                  \
        });                                                                                                    \
    }

// `loop(count)` with the map width as a constant for the common widths (whole vectors, no
// tests of the width in the inner loops), else as a variable.
#define SPECIALISED_FOR_WIDTH(width, loop)                                                                     \
    switch (width) {                                                                                           \
    case 2: loop(2) break;                                                                                     \
    case 4: loop(4) break;                                                                                     \
    case 8: loop(8) break;                                                                                     \
    case 16: loop(16) break;                                                                                   \
    case 32: loop(32) break;                                                                                   \
    default: loop(width) break;                                                                                \
    }

INLINE void unfold_body(const float *image, float *columns, const medsynth_conv_geometry *g, ptrdiff_t first_plane,
                        ptrdiff_t end_plane) {
    GEOMETRY_NAMES
    float stack[STACK_PLANE];
    float *padded = acquire_plane(stack, plane.rows * plane.row_length);
    // The padding stays zero: only the image values are written, at the same places for every plane.
    fill_values(padded, 0, plane.rows * plane.row_length);
    FOR_EACH_PLANE({
        const float *source = image + p * image_plane;
        for (ptrdiff_t h = 0; h < height; h++) {
            spread_row(padded + (h + ph) * plane.row_length, source + h * width, width, pw, sw, plane.length);
        }
        float *block = columns + c * kh * kw * ncols + n * map_plane;
        SPECIALISED_FOR_WIDTH(out_w, UNFOLD_TAPS);
    });
    release_plane(padded, stack);
}

INLINE void fold_body(const float *columns, float *image, const float *bias, const medsynth_conv_geometry *g,
                      ptrdiff_t first_plane, ptrdiff_t end_plane) {
    GEOMETRY_NAMES
    float stack[STACK_PLANE];
    float *padded = acquire_plane(stack, plane.rows * plane.row_length);
    FOR_EACH_PLANE({
        fill_values(padded, bias ? bias[c] : 0.0f, plane.rows * plane.row_length);
        const float *block = columns + c * kh * kw * ncols + n * map_plane;
        SPECIALISED_FOR_WIDTH(out_w, FOLD_TAPS);
        float *target = image + p * image_plane;
        for (ptrdiff_t h = 0; h < height; h++) {
            gather_row(target + h * width, padded + (h + ph) * plane.row_length, width, pw, sw, plane.length);
        }
    });
    release_plane(padded, stack);
}

// The variants: the bodies above compiled for each instruction set.
#define MEDSYNTH_IM2COL_VARIANT(suffix, attributes)                                                                \
    attributes void medsynth_unfold_f32_##suffix(const float *image, float *columns,                              \
                                                 const medsynth_conv_geometry *g, ptrdiff_t first_plane,         \
                                                 ptrdiff_t end_plane) {                                           \
        unfold_body(image, columns, g, first_plane, end_plane);                                                   \
    }                                                                                                             \
    attributes void medsynth_fold_f32_##suffix(const float *columns, float *image, const float *bias,             \
                                               const medsynth_conv_geometry *g, ptrdiff_t first_plane,           \
                                               ptrdiff_t end_plane) {                                             \
        fold_body(columns, image, bias, g, first_plane, end_plane);                                               \
    }

MEDSYNTH_IM2COL_VARIANT(baseline, )
#if defined(__x86_64__)
MEDSYNTH_IM2COL_VARIANT(avx, __attribute__((target("avx"))))
MEDSYNTH_IM2COL_VARIANT(avx2, __attribute__((target("avx2"))))
#endif
