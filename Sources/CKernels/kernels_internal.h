// What the kernel files share: the argument block, the thread splitter, and the AVX2 pieces that
// the AVX-512 kernels reuse for their edges (so both levels compute every element alike).
#ifndef NNKIT_KERNELS_INTERNAL_H
#define NNKIT_KERNELS_INTERNAL_H

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define NNK_X86 1
#include <immintrin.h>

#define NNK_TARGET __attribute__((target("avx2,fma")))
#define NNK_INLINE static inline __attribute__((always_inline)) NNK_TARGET
#define NNK512_TARGET __attribute__((target("avx512f,avx512vl,avx512dq,avx512bw,avx2,fma")))
#define NNK512_INLINE static inline __attribute__((always_inline)) NNK512_TARGET

typedef struct {
  const float *a, *b, *c;
  float *out, *out2;
  long n, k, m;
} nnk_args;

typedef void (*nnk_range_fn)(const void *context, long begin, long end);

// Runs fn over [0, count) in ranges whose bounds are multiples of `align`, in parallel when
// `work` multiply-adds justify threads (kernels.c).
void nnk_parallel(nnk_range_fn fn, const void *context, long count, long align, long work);

// The range functions of each level: units [begin, end) for the forward product and the weight
// gradient, input columns [begin, end) for the input gradient.
void nnk_avx2_affine_units(const void *context, long begin, long end);
void nnk_avx2_weight_units(const void *context, long begin, long end);
void nnk_avx2_input_columns(const void *context, long begin, long end);
void nnk_avx512_affine_units(const void *context, long begin, long end);
void nnk_avx512_weight_units(const void *context, long begin, long end);
void nnk_avx512_input_columns(const void *context, long begin, long end);

// ((v0+v4) + (v2+v6)) + ((v1+v5) + (v3+v7))
NNK_INLINE float nnk_hsum8(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  __m128 t = _mm_add_ps(s, _mm_movehl_ps(s, s));
  return _mm_cvtss_f32(_mm_add_ss(t, _mm_shuffle_ps(t, t, 1)));
}

// R samples x C units of Z = X W^T + b, from sample s0 and unit j0: per element, a fused
// multiply-add chain over 8-wide chunks in lane order, nnk_hsum8, a scalar fused chain over the
// tail, then the bias. This is the definition of every forward element at every level.
NNK_INLINE void nnk_affine_tile(const float *w, const float *b, const float *x, float *z, long k,
                                long m, long s0, long j0, int R, int C) {
  __m256 acc[4][8];
  float tail[4][8];
  for (int r = 0; r < R; r++)
    for (int c = 0; c < C; c++) {
      acc[r][c] = _mm256_setzero_ps();
      tail[r][c] = 0;
    }
  long kv = k & ~7L;
  for (long q = 0; q < kv; q += 8) {
    __m256 wv[8];
    for (int c = 0; c < C; c++) wv[c] = _mm256_loadu_ps(w + (j0 + c) * k + q);
    for (int r = 0; r < R; r++) {
      __m256 xv = _mm256_loadu_ps(x + (s0 + r) * k + q);
      for (int c = 0; c < C; c++) acc[r][c] = _mm256_fmadd_ps(wv[c], xv, acc[r][c]);
    }
  }
  for (long q = kv; q < k; q++)
    for (int r = 0; r < R; r++)
      for (int c = 0; c < C; c++)
        tail[r][c] = __builtin_fmaf(w[(j0 + c) * k + q], x[(s0 + r) * k + q], tail[r][c]);
  for (int r = 0; r < R; r++)
    for (int c = 0; c < C; c++)
      z[(s0 + r) * m + j0 + c] = (nnk_hsum8(acc[r][c]) + tail[r][c]) + b[j0 + c];
}

// db[j] = sum_s D[s, j] in increasing s, for units [u0, u1).
static inline void nnk_bias_gradient(const float *d, float *db, long n, long m, long u0,
                                     long u1) {
  for (long j = u0; j < u1; j++) {
    float bias = 0;
    for (long s = 0; s < n; s++) bias += d[s * m + j];
    db[j] = bias;
  }
}

#endif
#endif
