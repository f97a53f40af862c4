// The AVX2 + FMA level of the single-precision kernels; see include/CKernels.h.
//
// Register tiles: the forward pass computes 4 samples x 2 units (or 1 x 8 for a lone sample)
// as dot products with 8-lane accumulators (nnk_affine_tile); the gradients accumulate 2 x 32
// blocks with broadcasts, each element a fused multiply-add chain in increasing sample (or
// unit) order, then a scalar fused chain for the columns past the last multiple of 8.
#include "kernels_internal.h"

#ifdef NNK_X86

NNK_TARGET void nnk_avx2_affine_units(const void *context, long u0, long u1) {
  const nnk_args *g = context;
  const float *w = g->a, *b = g->b, *x = g->c;
  float *z = g->out;
  long rows = g->n, k = g->k, m = g->m;
  // Blocks of units whose weights fit in L2 (about 192 KiB), each swept over every sample.
  long block = (192 * 1024 / 4) / (k > 0 ? k : 1);
  block = block < 8 ? 8 : block & ~1L;
  for (long j0 = u0; j0 < u1; j0 += block) {
    long j1 = j0 + block < u1 ? j0 + block : u1;
    long s = 0;
    for (; s + 4 <= rows; s += 4) {
      long j = j0;
      for (; j + 2 <= j1; j += 2) nnk_affine_tile(w, b, x, z, k, m, s, j, 4, 2);
      for (; j < j1; j++) nnk_affine_tile(w, b, x, z, k, m, s, j, 4, 1);
    }
    for (; s < rows; s++) {
      long j = j0;
      for (; j + 8 <= j1; j += 8) nnk_affine_tile(w, b, x, z, k, m, s, j, 1, 8);
      for (; j < j1; j++) nnk_affine_tile(w, b, x, z, k, m, s, j, 1, 1);
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

NNK_TARGET void nnk_avx2_weight_units(const void *context, long u0, long u1) {
  const nnk_args *g = context;
  const float *d = g->a, *x = g->b;
  float *dw = g->out, *db = g->out2;
  long n = g->n, k = g->k, m = g->m;
  long kv = k & ~7L;
  // Column blocks outside, so the batch's slice of X stays in L1 while every unit uses it.
  for (long q = 0; q < kv;) {
    int V = q + 32 <= kv ? 4 : 1;
    for (long j = u0; j < u1; j += 2) {
      int C = j + 2 <= u1 ? 2 : 1;
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
  for (long j = u0; j < u1; j++)
    for (long t = kv; t < k; t++) {
      float sum = 0;
      for (long s = 0; s < n; s++) sum = __builtin_fmaf(d[s * m + j], x[s * k + t], sum);
      dw[j * k + t] = sum;
    }
  nnk_bias_gradient(d, db, n, m, u0, u1);
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

NNK_TARGET void nnk_avx2_input_columns(const void *context, long c0, long c1) {
  const nnk_args *g = context;
  const float *d = g->a, *w = g->b;
  float *dx = g->out;
  long n = g->n, k = g->k, m = g->m;
  long kv = k & ~7L;
  long vector_end = c1 < kv ? c1 : kv;
  // Column blocks outside, so the weights' slice stays in cache while every sample uses it.
  for (long q = c0; q < vector_end;) {
    int V = q + 32 <= vector_end ? 4 : 1;
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
  long tail_start = c0 > kv ? c0 : kv;
  for (long s = 0; s < n; s++)
    for (long t = tail_start; t < c1; t++) {
      float sum = 0;
      for (long j = 0; j < m; j++) sum = __builtin_fmaf(d[s * m + j], w[j * k + t], sum);
      dx[s * k + t] = sum;
    }
}

#endif
