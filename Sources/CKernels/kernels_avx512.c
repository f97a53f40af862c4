// The AVX-512 level of the single-precision kernels; see include/CKernels.h.
//
// Every element is computed with exactly the operations of the AVX2 level, so both levels give
// the same bits:
// - forward: a 512-bit register holds the 8-lane accumulators of two units side by side (the
//   weights of units j and j+1 for the same 8 inputs, times those 8 inputs broadcast to both
//   halves), and each half is reduced by nnk_hsum8 as in AVX2. Tiles of 4 samples x 8 units.
// - gradients: each element is a fused multiply-add chain in increasing sample (or unit) order,
//   16 columns to a register, in tiles of 4 units (or samples) x 64 columns; the last columns
//   use masked loads and stores instead of a scalar loop (the same chain per element).
#include "kernels_internal.h"

#ifdef NNK_X86

// R samples x P unit pairs of Z, from sample s0 and unit j0 (2P units).
NNK512_INLINE void affine_tile(const float *w, const float *b, const float *x, float *z, long k,
                               long m, long s0, long j0, int R, int P) {
  __m512 acc[4][4];
  float tail[4][8];
  for (int r = 0; r < R; r++) {
    for (int p = 0; p < P; p++) acc[r][p] = _mm512_setzero_ps();
    for (int c = 0; c < 2 * P; c++) tail[r][c] = 0;
  }
  long kv = k & ~7L;
  for (long q = 0; q < kv; q += 8) {
    __m512 wv[4];
    for (int p = 0; p < P; p++)
      wv[p] = _mm512_insertf32x8(
        _mm512_castps256_ps512(_mm256_loadu_ps(w + (j0 + 2 * p) * k + q)),
        _mm256_loadu_ps(w + (j0 + 2 * p + 1) * k + q), 1);
    for (int r = 0; r < R; r++) {
      __m512 xv = _mm512_broadcast_f32x8(_mm256_loadu_ps(x + (s0 + r) * k + q));
      for (int p = 0; p < P; p++) acc[r][p] = _mm512_fmadd_ps(wv[p], xv, acc[r][p]);
    }
  }
  for (long q = kv; q < k; q++)
    for (int r = 0; r < R; r++)
      for (int c = 0; c < 2 * P; c++)
        tail[r][c] = __builtin_fmaf(w[(j0 + c) * k + q], x[(s0 + r) * k + q], tail[r][c]);
  for (int r = 0; r < R; r++)
    for (int p = 0; p < P; p++) {
      float *out = z + (s0 + r) * m + j0 + 2 * p;
      out[0] = (nnk_hsum8(_mm512_castps512_ps256(acc[r][p])) + tail[r][2 * p]) + b[j0 + 2 * p];
      out[1] = (nnk_hsum8(_mm512_extractf32x8_ps(acc[r][p], 1)) + tail[r][2 * p + 1])
               + b[j0 + 2 * p + 1];
    }
}

// Samples [s0, s1) x units [j0, j0 + 8 or less).
NNK512_INLINE void affine_samples(const float *w, const float *b, const float *x, float *z,
                                  long k, long m, long s0, long s1, long j0, long j1) {
  long pairs = (j1 - j0) / 2;
  long s = s0;
  if (pairs == 4) {
    for (; s + 4 <= s1; s += 4) affine_tile(w, b, x, z, k, m, s, j0, 4, 4);
    for (; s < s1; s++) affine_tile(w, b, x, z, k, m, s, j0, 1, 4);
    return;
  }
  for (; s + 4 <= s1; s += 4) {
    if (pairs == 3) affine_tile(w, b, x, z, k, m, s, j0, 4, 3);
    else if (pairs == 2) affine_tile(w, b, x, z, k, m, s, j0, 4, 2);
    else if (pairs == 1) affine_tile(w, b, x, z, k, m, s, j0, 4, 1);
    if (j0 + 2 * pairs < j1) nnk_affine_tile(w, b, x, z, k, m, s, j1 - 1, 4, 1);
  }
  for (; s < s1; s++) {
    if (pairs == 3) affine_tile(w, b, x, z, k, m, s, j0, 1, 3);
    else if (pairs == 2) affine_tile(w, b, x, z, k, m, s, j0, 1, 2);
    else if (pairs == 1) affine_tile(w, b, x, z, k, m, s, j0, 1, 1);
    if (j0 + 2 * pairs < j1) nnk_affine_tile(w, b, x, z, k, m, s, j1 - 1, 1, 1);
  }
}

NNK512_TARGET void nnk_avx512_affine_units(const void *context, long u0, long u1) {
  const nnk_args *g = context;
  const float *w = g->a, *b = g->b, *x = g->c;
  float *z = g->out;
  long rows = g->n, k = g->k, m = g->m;
  // Blocks of samples whose inputs fit in half the L2 (about 512 KiB); within one, each group
  // of 8 units' weights stays in L1 while every sample of the block passes.
  long block = (512 * 1024 / 4) / (k > 0 ? k : 1);
  block = block < 4 ? 4 : block & ~3L;
  for (long s0 = 0; s0 < rows; s0 += block) {
    long s1 = s0 + block < rows ? s0 + block : rows;
    for (long j = u0; j < u1; j += 8)
      affine_samples(w, b, x, z, k, m, s0, s1, j, j + 8 < u1 ? j + 8 : u1);
  }
}

// dW rows j0..j0+C-1, columns q0..q0+16V-1 (the last vector's lanes limited by `last`), summed
// over all samples.
NNK512_INLINE void weight_tile(const float *d, const float *x, float *dw, long n, long k, long m,
                               long j0, long q0, int C, int V, __mmask16 last) {
  __m512 acc[4][4];
  for (int c = 0; c < C; c++)
    for (int v = 0; v < V; v++) acc[c][v] = _mm512_setzero_ps();
  for (long s = 0; s < n; s++) {
    __m512 xv[4];
    for (int v = 0; v < V - 1; v++) xv[v] = _mm512_loadu_ps(x + s * k + q0 + 16 * v);
    xv[V - 1] = _mm512_maskz_loadu_ps(last, x + s * k + q0 + 16 * (V - 1));
    for (int c = 0; c < C; c++) {
      __m512 dv = _mm512_set1_ps(d[s * m + j0 + c]);
      for (int v = 0; v < V; v++) acc[c][v] = _mm512_fmadd_ps(dv, xv[v], acc[c][v]);
    }
  }
  for (int c = 0; c < C; c++) {
    for (int v = 0; v < V - 1; v++) _mm512_storeu_ps(dw + (j0 + c) * k + q0 + 16 * v, acc[c][v]);
    _mm512_mask_storeu_ps(dw + (j0 + c) * k + q0 + 16 * (V - 1), last, acc[c][V - 1]);
  }
}

NNK512_INLINE void weight_block(const float *d, const float *x, float *dw, long n, long k, long m,
                                long u0, long u1, long q, int V, __mmask16 last) {
  long j = u0;
  for (; j + 4 <= u1; j += 4) {
    if (V == 4) weight_tile(d, x, dw, n, k, m, j, q, 4, 4, last);
    else weight_tile(d, x, dw, n, k, m, j, q, 4, 1, last);
  }
  for (; j < u1; j++) {
    if (V == 4) weight_tile(d, x, dw, n, k, m, j, q, 1, 4, last);
    else weight_tile(d, x, dw, n, k, m, j, q, 1, 1, last);
  }
}

NNK512_TARGET void nnk_avx512_weight_units(const void *context, long u0, long u1) {
  const nnk_args *g = context;
  const float *d = g->a, *x = g->b;
  float *dw = g->out, *db = g->out2;
  long n = g->n, k = g->k, m = g->m;
  // Column blocks outside, so the batch's slice of X stays in L1 while every unit uses it.
  long q = 0;
  for (; q + 64 <= k; q += 64) weight_block(d, x, dw, n, k, m, u0, u1, q, 4, 0xFFFF);
  for (; q + 16 <= k; q += 16) weight_block(d, x, dw, n, k, m, u0, u1, q, 1, 0xFFFF);
  if (q < k) weight_block(d, x, dw, n, k, m, u0, u1, q, 1, (__mmask16)((1u << (k - q)) - 1));
  nnk_bias_gradient(d, db, n, m, u0, u1);
}

// dX rows s0..s0+R-1, columns q0..q0+16V-1 (the last vector's lanes limited by `last`), summed
// over all units.
NNK512_INLINE void input_tile(const float *d, const float *w, float *dx, long k, long m, long s0,
                              long q0, int R, int V, __mmask16 last) {
  __m512 acc[4][4];
  for (int r = 0; r < R; r++)
    for (int v = 0; v < V; v++) acc[r][v] = _mm512_setzero_ps();
  for (long j = 0; j < m; j++) {
    __m512 wv[4];
    for (int v = 0; v < V - 1; v++) wv[v] = _mm512_loadu_ps(w + j * k + q0 + 16 * v);
    wv[V - 1] = _mm512_maskz_loadu_ps(last, w + j * k + q0 + 16 * (V - 1));
    for (int r = 0; r < R; r++) {
      __m512 dv = _mm512_set1_ps(d[(s0 + r) * m + j]);
      for (int v = 0; v < V; v++) acc[r][v] = _mm512_fmadd_ps(dv, wv[v], acc[r][v]);
    }
  }
  for (int r = 0; r < R; r++) {
    for (int v = 0; v < V - 1; v++) _mm512_storeu_ps(dx + (s0 + r) * k + q0 + 16 * v, acc[r][v]);
    _mm512_mask_storeu_ps(dx + (s0 + r) * k + q0 + 16 * (V - 1), last, acc[r][V - 1]);
  }
}

NNK512_INLINE void input_block(const float *d, const float *w, float *dx, long n, long k, long m,
                               long q, int V, __mmask16 last) {
  long s = 0;
  for (; s + 4 <= n; s += 4) {
    if (V == 4) input_tile(d, w, dx, k, m, s, q, 4, 4, last);
    else input_tile(d, w, dx, k, m, s, q, 4, 1, last);
  }
  for (; s < n; s++) {
    if (V == 4) input_tile(d, w, dx, k, m, s, q, 1, 4, last);
    else input_tile(d, w, dx, k, m, s, q, 1, 1, last);
  }
}

NNK512_TARGET void nnk_avx512_input_columns(const void *context, long c0, long c1) {
  const nnk_args *g = context;
  const float *d = g->a, *w = g->b;
  float *dx = g->out;
  long n = g->n, k = g->k, m = g->m;
  // Column blocks outside, so the weights' slice stays in cache while every sample uses it.
  long q = c0;
  for (; q + 64 <= c1; q += 64) input_block(d, w, dx, n, k, m, q, 4, 0xFFFF);
  for (; q + 16 <= c1; q += 16) input_block(d, w, dx, n, k, m, q, 1, 0xFFFF);
  if (q < c1) input_block(d, w, dx, n, k, m, q, 1, (__mmask16)((1u << (c1 - q)) - 1));
}

#endif
