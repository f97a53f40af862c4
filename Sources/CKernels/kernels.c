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
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#define NNK_TARGET __attribute__((target("avx2,fma")))
#define NNK_INLINE static inline __attribute__((always_inline)) NNK_TARGET

// Large products are split into contiguous ranges of output rows or columns, one per CPU (at
// most 4; NNKIT_THREADS=1 turns this off). Each output element is still computed by one thread
// with the same operations, so the results do not depend on the number of threads.
#define NNK_PARALLEL_WORK 2000000L  // multiply-adds below which one thread is faster
#define NNK_MAX_THREADS 4

static int nnk_threads(void) {
  static int threads = 0;
  if (threads == 0) {
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    const char *setting = getenv("NNKIT_THREADS");
    if (setting && atoi(setting) > 0) cpus = atoi(setting);
    threads = cpus < 1 ? 1 : cpus > NNK_MAX_THREADS ? NNK_MAX_THREADS : (int)cpus;
  }
  return threads;
}

typedef void (*nnk_range_fn)(const void *context, long begin, long end);
typedef struct {
  nnk_range_fn fn;
  const void *context;
  long begin, end;
} nnk_job;

static void *nnk_run_job(void *argument) {
  const nnk_job *job = argument;
  job->fn(job->context, job->begin, job->end);
  return NULL;
}

// Runs fn over [0, count) in ranges whose bounds are multiples of `align`, in parallel when
// `work` multiply-adds justify threads; if a thread cannot be made its range runs here.
static void nnk_parallel(nnk_range_fn fn, const void *context, long count, long align,
                         long work) {
  int parts = nnk_threads();
  if (work < NNK_PARALLEL_WORK || count < 2 * align) parts = 1;
  if (parts > count / align) parts = (int)(count / align);
  if (parts <= 1) {
    fn(context, 0, count);
    return;
  }
  nnk_job jobs[NNK_MAX_THREADS];
  pthread_t threads[NNK_MAX_THREADS];
  int started[NNK_MAX_THREADS] = {0};
  long step = (count / parts + align - 1) / align * align;
  for (int i = 0; i < parts; i++) {
    long begin = i * step < count ? i * step : count;
    long end = i == parts - 1 ? count : (begin + step < count ? begin + step : count);
    jobs[i] = (nnk_job){fn, context, begin, end};
  }
  for (int i = 1; i < parts; i++)
    started[i] = pthread_create(&threads[i], NULL, nnk_run_job, &jobs[i]) == 0;
  nnk_run_job(&jobs[0]);
  for (int i = 1; i < parts; i++) {
    if (started[i]) pthread_join(threads[i], NULL);
    else nnk_run_job(&jobs[i]);
  }
}

typedef struct {
  const float *a, *b, *c;
  float *out, *out2;
  long n, k, m;
} nnk_args;

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

NNK_TARGET static void affine_units(const void *context, long u0, long u1) {
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

void nnk_affine_f32(const float *w, const float *b, const float *x, float *z, long rows, long k,
                    long m) {
  nnk_args args = {w, b, x, z, NULL, rows, k, m};
  nnk_parallel(affine_units, &args, m, 8, rows * k * m);
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

NNK_TARGET static void weight_units(const void *context, long u0, long u1) {
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
  for (long j = u0; j < u1; j++) {
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

void nnk_weight_gradient_f32(const float *d, const float *x, float *dw, float *db, long n, long k,
                             long m) {
  nnk_args args = {d, x, NULL, dw, db, n, k, m};
  nnk_parallel(weight_units, &args, m, 2, n * k * m);
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

NNK_TARGET static void input_columns(const void *context, long c0, long c1) {
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

void nnk_input_gradient_f32(const float *d, const float *w, float *dx, long n, long k, long m) {
  nnk_args args = {d, w, NULL, dx, NULL, n, k, m};
  nnk_parallel(input_columns, &args, k, 32, n * k * m);
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
