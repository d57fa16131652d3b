// The variants of Im2Col.c, one per instruction set, for the dispatch table in Kernels.c.
#ifndef MEDSYNTH_CKERNELS_IM2COL_H
#define MEDSYNTH_CKERNELS_IM2COL_H

#include "CKernels.h"

#define MEDSYNTH_IM2COL_DECLARE(suffix)                                                                        \
    __attribute__((visibility("hidden"))) void medsynth_unfold_f32_##suffix(                                 \
        const float *image, float *columns, const medsynth_conv_geometry *g, ptrdiff_t first_plane,          \
        ptrdiff_t end_plane);                                                                                  \
    __attribute__((visibility("hidden"))) void medsynth_fold_f32_##suffix(                                   \
        const float *columns, float *image, const float *bias, const medsynth_conv_geometry *g,              \
        ptrdiff_t first_plane, ptrdiff_t end_plane);

MEDSYNTH_IM2COL_DECLARE(baseline)
#if defined(__x86_64__)
MEDSYNTH_IM2COL_DECLARE(avx)
MEDSYNTH_IM2COL_DECLARE(avx2)
#endif

#endif
