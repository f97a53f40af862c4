// Level detection, threading and dispatch of the single-precision kernels; see
// include/CKernels.h. The arithmetic is in kernels_avx2.c and kernels_avx512.c.
#include "CKernels.h"
#include "kernels_internal.h"

#ifdef NNK_X86
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

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

void nnk_parallel(nnk_range_fn fn, const void *context, long count, long align, long work) {
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

int nnk_cpu_level(void) {
  static int level = -1;
  if (level < 0) {
    __builtin_cpu_init();
    int avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    int avx512 = avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl")
                 && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw");
    level = avx512 ? NNK_AVX512 : avx2 ? NNK_AVX2 : NNK_PORTABLE;
  }
  return level;
}

// The level to run: the one asked for, but never above what the CPU has. (NNEngine never asks
// for a level below NNK_AVX2: its own Swift kernels are the portable level.)
static int nnk_level(int level) {
  int cpu = nnk_cpu_level();
  if (level > cpu) level = cpu;
  if (level < NNK_AVX2) abort();
  return level;
}

void nnk_affine_f32(int level, const float *w, const float *b, const float *x, float *z,
                    long rows, long k, long m) {
  nnk_args args = {w, b, x, z, NULL, rows, k, m};
  if (nnk_level(level) == NNK_AVX512)
    nnk_parallel(nnk_avx512_affine_units, &args, m, 8, rows * k * m);
  else
    nnk_parallel(nnk_avx2_affine_units, &args, m, 8, rows * k * m);
}

void nnk_weight_gradient_f32(int level, const float *d, const float *x, float *dw, float *db,
                             long n, long k, long m) {
  nnk_args args = {d, x, NULL, dw, db, n, k, m};
  if (nnk_level(level) == NNK_AVX512)
    nnk_parallel(nnk_avx512_weight_units, &args, m, 4, n * k * m);
  else
    nnk_parallel(nnk_avx2_weight_units, &args, m, 2, n * k * m);
}

void nnk_input_gradient_f32(int level, const float *d, const float *w, float *dx, long n, long k,
                            long m) {
  nnk_args args = {d, w, NULL, dx, NULL, n, k, m};
  if (nnk_level(level) == NNK_AVX512)
    nnk_parallel(nnk_avx512_input_columns, &args, k, 64, n * k * m);
  else
    nnk_parallel(nnk_avx2_input_columns, &args, k, 32, n * k * m);
}

#else  // not x86-64: NNEngine's Swift kernels do the work, and these are never called.

#include <stdlib.h>

int nnk_cpu_level(void) { return NNK_PORTABLE; }
void nnk_affine_f32(int level, const float *w, const float *b, const float *x, float *z,
                    long rows, long k, long m) {
  abort();
}
void nnk_weight_gradient_f32(int level, const float *d, const float *x, float *dw, float *db,
                             long n, long k, long m) {
  abort();
}
void nnk_input_gradient_f32(int level, const float *d, const float *w, float *dx, long n, long k,
                            long m) {
  abort();
}

#endif
