// AVX2 + FMA single-precision kernels for NNEngine; see include/CKernels.h.
//
// Register tiles: the forward pass computes 4 samples x 2 units (or 1 x 8 for a lone sample)
// as dot products with 8-lane accumulators; the gradients accumulate 2 x 32 blocks with
// broadcasts. Per output element the operations are always: a fused multiply-add chain over
// 8-wide chunks in lane order, a fixed horizontal sum, a scalar fused chain over the tail,
// then the bias — so tiling never changes a result.
#include "CKernels.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

#define NNK_TARGET __attribute__((target("avx2,fma")))
#define NNK_INLINE static inline __attribute__((always_inline)) NNK_TARGET

int nnk_accelerated(void) {
  static int level = -1;
  if (level < 0) {
    __builtin_cpu_init();
    level = (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) ? 1 : 0;
  }
  return level;
}

// ((v0+v4) + (v2+v6)) + ((v1+v5) + (v3+v7))
NNK_INLINE float hsum8(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  __m128 t = _mm_add_ps(s, _mm_movehl_ps(s, s));
  return _mm_cvtss_f32(_mm_add_ss(t, _mm_shuffle_ps(t, t, 1)));
}

// R samples x C units of Z, starting at sample s0 and unit j0.
NNK_INLINE void affine_tile(const float *w, const float *b, const float *x, float *z, long k,
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
      z[(s0 + r) * m + j0 + c] = (hsum8(acc[r][c]) + tail[r][c]) + b[j0 + c];
}

NNK_TARGET void nnk_affine_f32(const float *w, const float *b, const float *x, float *z,
                               long rows, long k, long m) {
  // Blocks of units whose weights fit in L2 (about 192 KiB), each swept over every sample.
  long block = (192 * 1024 / 4) / (k > 0 ? k : 1);
  block = block < 8 ? 8 : block & ~1L;
  for (long j0 = 0; j0 < m; j0 += block) {
    long j1 = j0 + block < m ? j0 + block : m;
    long s = 0;
    for (; s + 4 <= rows; s += 4) {
      long j = j0;
      for (; j + 2 <= j1; j += 2) affine_tile(w, b, x, z, k, m, s, j, 4, 2);
      for (; j < j1; j++) affine_tile(w, b, x, z, k, m, s, j, 4, 1);
    }
    for (; s < rows; s++) {
      long j = j0;
      for (; j + 8 <= j1; j += 8) affine_tile(w, b, x, z, k, m, s, j, 1, 8);
      for (; j < j1; j++) affine_tile(w, b, x, z, k, m, s, j, 1, 1);
    }
  }
}

// dW rows j0..j0+C-1, columns q0..q0+8V-1, summed over all samples.
NNK_INLINE void weight_tile(const float *d, const float *x, float *dw, long n, long k, long m,
                            long j0, long q0, int C, int V) {
  __m256 acc[2][4];
  for (int c = 0; c < C; c++)
    for (int v = 0; v < V; v++) acc[c][v] = _mm256_setzero_ps();
  for (long s = 0; s < n; s++) {
    __m256 xv[4];
    for (int v = 0; v < V; v++) xv[v] = _mm256_loadu_ps(x + s * k + q0 + 8 * v);
    for (int c = 0; c < C; c++) {
      __m256 dv = _mm256_set1_ps(d[s * m + j0 + c]);
      for (int v = 0; v < V; v++) acc[c][v] = _mm256_fmadd_ps(dv, xv[v], acc[c][v]);
    }
  }
  for (int c = 0; c < C; c++)
    for (int v = 0; v < V; v++) _mm256_storeu_ps(dw + (j0 + c) * k + q0 + 8 * v, acc[c][v]);
}

NNK_TARGET void nnk_weight_gradient_f32(const float *d, const float *x, float *dw, float *db,
                                        long n, long k, long m) {
  long kv = k & ~7L;
  // Column blocks outside, so the batch's slice of X stays in L1 while every unit uses it.
  for (long q = 0; q < kv;) {
    int V = q + 32 <= kv ? 4 : 1;
    for (long j = 0; j < m; j += 2) {
      int C = j + 2 <= m ? 2 : 1;
      if (V == 4) {
        if (C == 2) weight_tile(d, x, dw, n, k, m, j, q, 2, 4);
        else weight_tile(d, x, dw, n, k, m, j, q, 1, 4);
      } else {
        if (C == 2) weight_tile(d, x, dw, n, k, m, j, q, 2, 1);
        else weight_tile(d, x, dw, n, k, m, j, q, 1, 1);
      }
    }
    q += 8 * V;
  }
  for (long j = 0; j < m; j++) {
    for (long t = kv; t < k; t++) {
      float sum = 0;
      for (long s = 0; s < n; s++) sum = __builtin_fmaf(d[s * m + j], x[s * k + t], sum);
      dw[j * k + t] = sum;
    }
    float bias = 0;
    for (long s = 0; s < n; s++) bias += d[s * m + j];
    db[j] = bias;
  }
}

// dX rows s0..s0+R-1, columns q0..q0+8V-1, summed over all units.
NNK_INLINE void input_tile(const float *d, const float *w, float *dx, long k, long m, long s0,
                           long q0, int R, int V) {
  __m256 acc[2][4];
  for (int r = 0; r < R; r++)
    for (int v = 0; v < V; v++) acc[r][v] = _mm256_setzero_ps();
  for (long j = 0; j < m; j++) {
    __m256 wv[4];
    for (int v = 0; v < V; v++) wv[v] = _mm256_loadu_ps(w + j * k + q0 + 8 * v);
    for (int r = 0; r < R; r++) {
      __m256 dv = _mm256_set1_ps(d[(s0 + r) * m + j]);
      for (int v = 0; v < V; v++) acc[r][v] = _mm256_fmadd_ps(dv, wv[v], acc[r][v]);
    }
  }
  for (int r = 0; r < R; r++)
    for (int v = 0; v < V; v++) _mm256_storeu_ps(dx + (s0 + r) * k + q0 + 8 * v, acc[r][v]);
}

NNK_TARGET void nnk_input_gradient_f32(const float *d, const float *w, float *dx, long n, long k,
                                       long m) {
  long kv = k & ~7L;
  // Column blocks outside, so the weights' slice stays in cache while every sample uses it.
  for (long q = 0; q < kv;) {
    int V = q + 32 <= kv ? 4 : 1;
    for (long s = 0; s < n; s += 2) {
      int R = s + 2 <= n ? 2 : 1;
      if (V == 4) {
        if (R == 2) input_tile(d, w, dx, k, m, s, q, 2, 4);
        else input_tile(d, w, dx, k, m, s, q, 1, 4);
      } else {
        if (R == 2) input_tile(d, w, dx, k, m, s, q, 2, 1);
        else input_tile(d, w, dx, k, m, s, q, 1, 1);
      }
    }
    q += 8 * V;
  }
  for (long s = 0; s < n; s++)
    for (long t = kv; t < k; t++) {
      float sum = 0;
      for (long j = 0; j < m; j++) sum = __builtin_fmaf(d[s * m + j], w[j * k + t], sum);
      dx[s * k + t] = sum;
    }
}

#else  // not x86-64: NNEngine's Swift kernels do the work.

int nnk_accelerated(void) { return 0; }
void nnk_affine_f32(const float *w, const float *b, const float *x, float *z, long rows, long k,
                    long m) {
  (void)w; (void)b; (void)x; (void)z; (void)rows; (void)k; (void)m;
}
void nnk_weight_gradient_f32(const float *d, const float *x, float *dw, float *db, long n, long k,
                             long m) {
  (void)d; (void)x; (void)dw; (void)db; (void)n; (void)k; (void)m;
}
void nnk_input_gradient_f32(const float *d, const float *w, float *dx, long n, long k, long m) {
  (void)d; (void)w; (void)dx; (void)n; (void)k; (void)m;
}

#endif
