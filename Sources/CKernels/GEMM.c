// Float32 GEMM for the convolutions (NeuralCore's PackedGEMM), AVX-512 only. See CKernels.h.
//
// The product goes BLIS's way: A is packed once per op into slivers of MR rows (the weight
// serves every chunk of images and every thread); each call takes B's columns NC at a time,
// packs their rows of one KC block into panels of NR columns (at most 1 MB of scratch),
// then for each MC block of A's rows and each panel runs the
// MR x NR micro-kernel: 24 accumulators (MR rows x two vectors of 16 columns), each step of k
// loading one panel row (two vectors) and broadcasting MR values of A. The first KC block
// stores C, later ones add to it, so C is written without being zeroed first.
#include "CKernels.h"

#include <stdint.h>

#if defined(__x86_64__)
#include <immintrin.h>

#define MR 12
#define NR 32
#define KC 256
#define MC 240
#define NC 1024

#define AVX512 __attribute__((target("avx512f")))

static inline ptrdiff_t slivers_of(ptrdiff_t m) { return (m + MR - 1) / MR; }

static inline __mmask16 lanes(ptrdiff_t n) { return n >= 16 ? (__mmask16)0xffff : n <= 0 ? 0 : (__mmask16)((1u << n) - 1); }

AVX512 static void pack_a(const float *a, ptrdiff_t lda, int transpose, ptrdiff_t m, ptrdiff_t k, float *packed,
                          ptrdiff_t first_sliver, ptrdiff_t end_sliver) {
    const ptrdiff_t slivers = slivers_of(m);
    const __m512i row_offsets = _mm512_mullo_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0, 0, 0, 0),
                                                   _mm512_set1_epi32((int)lda));
    for (ptrdiff_t k0 = 0; k0 < k; k0 += KC) {
        const ptrdiff_t kc = k - k0 < KC ? k - k0 : KC;
        float *block = packed + k0 * slivers * MR;
        for (ptrdiff_t s = first_sliver; s < end_sliver; s++) {
            float *to = block + s * MR * kc;
            const ptrdiff_t rows = m - s * MR < MR ? m - s * MR : MR;
            const __mmask16 valid = lanes(rows);
            if (transpose) {
                // A[i][kk] = a[kk lda + i]: the MR values of one kk are consecutive.
                const float *from = a + k0 * lda + s * MR;
                for (ptrdiff_t kk = 0; kk < kc; kk++) {
                    _mm512_mask_storeu_ps(to + kk * MR, 0x0fff, _mm512_maskz_loadu_ps(valid, from + kk * lda));
                }
            } else {
                // A[i][kk] = a[i lda + kk]: gathered down the sliver's rows.
                const float *from = a + s * MR * lda + k0;
                for (ptrdiff_t kk = 0; kk < kc; kk++) {
                    const __m512 v = _mm512_mask_i32gather_ps(_mm512_setzero_ps(), valid, row_offsets, from + kk, 4);
                    _mm512_mask_storeu_ps(to + kk * MR, 0x0fff, v);
                }
            }
        }
    }
}

// C's rows ..< rows (at most MR) and the columns of masks m0, m1 (= or += when accumulate):
// an A sliver (kc x MR) times a B panel (kc x NR). The panel's two halves of 16 columns go to
// c0 and c1, rows ldc apart.
AVX512 static inline void micro_kernel(ptrdiff_t kc, const float *restrict a, const float *restrict b, float *c0p, float *c1p,
                                       ptrdiff_t ldc, ptrdiff_t rows, __mmask16 m0, __mmask16 m1, int accumulate) {
    __m512 c0[MR], c1[MR];
#pragma clang loop unroll(full)
    for (int i = 0; i < MR; i++) {
        c0[i] = _mm512_setzero_ps();
        c1[i] = _mm512_setzero_ps();
    }
    for (ptrdiff_t k = 0; k < kc; k++) {
        const __m512 b0 = _mm512_load_ps(b), b1 = _mm512_load_ps(b + 16);
        b += NR;
#pragma clang loop unroll(full)
        for (int i = 0; i < MR; i++) {
            const __m512 x = _mm512_set1_ps(a[i]);
            c0[i] = _mm512_fmadd_ps(x, b0, c0[i]);
            c1[i] = _mm512_fmadd_ps(x, b1, c1[i]);
        }
        a += MR;
    }
#pragma clang loop unroll(full)
    for (int i = 0; i < MR; i++) {
        if (i < rows) {
            float *r0 = c0p + i * ldc, *r1 = c1p + i * ldc;
            if (accumulate) {
                c0[i] = _mm512_add_ps(c0[i], _mm512_maskz_loadu_ps(m0, r0));
                c1[i] = _mm512_add_ps(c1[i], _mm512_maskz_loadu_ps(m1, r1));
            }
            _mm512_mask_storeu_ps(r0, m0, c0[i]);
            _mm512_mask_storeu_ps(r1, m1, c1[i]);
        }
    }
}

// Column j of an operand: base + (j / block) * block_stride + j % block, rows row_stride
// apart (see medsynth_sgemm_layout). Panels start at multiples of 16 columns, so a half panel
// never crosses a block.
static inline ptrdiff_t column_offset(const medsynth_sgemm_layout *l, ptrdiff_t j) {
    return j / l->block * l->block_stride + j % l->block;
}

AVX512 static void multiply(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const float *packed, const medsynth_sgemm_layout *b,
                            const medsynth_sgemm_layout *c, int accumulate, float *panels) {
    const ptrdiff_t slivers = slivers_of(m);
    const ptrdiff_t ldb = b->row_stride, ldc = c->row_stride;
    // Columns NC at a time (the panels of one block of k stay in cache), then rows of k.
    for (ptrdiff_t j0 = 0; j0 < n; j0 += NC) {
        const ptrdiff_t nc = n - j0 < NC ? n - j0 : NC, count = (nc + NR - 1) / NR;
        for (ptrdiff_t k0 = 0; k0 < k; k0 += KC) {
            const ptrdiff_t kc = k - k0 < KC ? k - k0 : KC;
            // B's rows k0 ..< k0 + kc, panel by panel (zeros past column n).
            for (ptrdiff_t p = 0; p < count; p++) {
                const ptrdiff_t j = j0 + p * NR;
                const __mmask16 m0 = lanes(n - j), m1 = lanes(n - j - 16);
                float *to = panels + p * kc * NR;
                const float *from0 = b->base + k0 * ldb + column_offset(b, j);
                const float *from1 = m1 ? b->base + k0 * ldb + column_offset(b, j + 16) : from0;
                for (ptrdiff_t kk = 0; kk < kc; kk++) {
                    _mm512_store_ps(to + kk * NR, _mm512_maskz_loadu_ps(m0, from0 + kk * ldb));
                    _mm512_store_ps(to + kk * NR + 16, _mm512_maskz_loadu_ps(m1, from1 + kk * ldb));
                }
            }
            const float *block = packed + k0 * slivers * MR;
            const int add = accumulate || k0 > 0;
            for (ptrdiff_t s0 = 0; s0 < slivers; s0 += MC / MR) {
                const ptrdiff_t s1 = s0 + MC / MR < slivers ? s0 + MC / MR : slivers;
                for (ptrdiff_t p = 0; p < count; p++) {
                    const ptrdiff_t j = j0 + p * NR;
                    const __mmask16 m0 = lanes(n - j), m1 = lanes(n - j - 16);
                    float *c0 = c->base + column_offset(c, j);
                    float *c1 = m1 ? c->base + column_offset(c, j + 16) : c0;
                    for (ptrdiff_t s = s0; s < s1; s++) {
                        micro_kernel(kc, block + s * MR * kc, panels + p * kc * NR, c0 + s * MR * ldc, c1 + s * MR * ldc, ldc,
                                     m - s * MR, m0, m1, add);
                    }
                }
            }
        }
    }
}

int medsynth_sgemm_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f");
}
#else
int medsynth_sgemm_available(void) { return 0; }
#endif

ptrdiff_t medsynth_sgemm_packed_count(ptrdiff_t m, ptrdiff_t k) {
#if defined(__x86_64__)
    return slivers_of(m) * MR * k;
#else
    (void)m;
    (void)k;
    return 0;
#endif
}

ptrdiff_t medsynth_sgemm_slivers(ptrdiff_t m) {
#if defined(__x86_64__)
    return slivers_of(m);
#else
    (void)m;
    return 0;
#endif
}

ptrdiff_t medsynth_sgemm_panel_count(ptrdiff_t n) {
#if defined(__x86_64__)
    const ptrdiff_t widest = n < NC ? n : NC;
    return (widest + NR - 1) / NR * NR * KC;
#else
    (void)n;
    return 0;
#endif
}

void medsynth_sgemm_pack_a(const float *a, ptrdiff_t lda, int transpose, ptrdiff_t m, ptrdiff_t k, float *packed,
                           ptrdiff_t first_sliver, ptrdiff_t end_sliver) {
#if defined(__x86_64__)
    pack_a(a, lda, transpose, m, k, packed, first_sliver, end_sliver);
#else
    (void)a, (void)lda, (void)transpose, (void)m, (void)k, (void)packed, (void)first_sliver, (void)end_sliver;
#endif
}

void medsynth_sgemm_packed(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const float *packed, const medsynth_sgemm_layout *b,
                           const medsynth_sgemm_layout *c, int accumulate, float *panels) {
#if defined(__x86_64__)
    multiply(m, n, k, packed, b, c, accumulate, panels);
#else
    (void)m, (void)n, (void)k, (void)packed, (void)b, (void)c, (void)accumulate, (void)panels;
#endif
}
