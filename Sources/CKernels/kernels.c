// Level detection, threading and dispatch of the single-precision kernels; see
// include/CKernels.h. The arithmetic is in kernels_avx2.c and kernels_avx512.c.
#include "CKernels.h"
#include "kernels_internal.h"

#ifdef NNK_X86
#include <cpuid.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

// Large products are split into chunks of output rows or columns (never a dot product), taken
// by whichever thread is free: the caller and up to 3 persistent workers (one per extra CPU;
// NNKIT_THREADS=1 turns this off). Each output element is still computed by one thread with
// the same operations, so the results do not depend on the number of threads or on who took
// which chunk. A worker the scheduler has not run yet takes nothing (the caller takes every
// chunk itself), so a busy machine costs a wake-up, not a wait.
#include <sched.h>
#include <stdatomic.h>

#define NNK_PARALLEL_WORK 2000000L  // multiply-adds below which one thread is faster
#define NNK_MAX_THREADS 4
#define NNK_CHUNKS_PER_THREAD 4

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

// One job at a time. `ticket` holds the job's generation (high 32 bits) and the next chunk
// (low 32 bits), so a worker that wakes late cannot take a chunk of a later job.
static struct {
  pthread_mutex_t lock;
  pthread_cond_t wake;
  unsigned generation;
  nnk_range_fn fn;
  const void *context;
  long count, chunk, chunks;
  _Atomic unsigned long long ticket;
  atomic_long finished;
  int workers;
} nnk_pool = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER};
static pthread_mutex_t nnk_pool_owner = PTHREAD_MUTEX_INITIALIZER;

// Takes and runs chunks of job `generation` until none is left.
static void nnk_take_chunks(unsigned generation, nnk_range_fn fn, const void *context,
                            long count, long chunk, long chunks) {
  unsigned long long ticket = atomic_load(&nnk_pool.ticket);
  for (;;) {
    if ((unsigned)(ticket >> 32) != generation || (long)(ticket & 0xFFFFFFFF) >= chunks) return;
    if (!atomic_compare_exchange_weak(&nnk_pool.ticket, &ticket, ticket + 1)) continue;
    long begin = (long)(ticket & 0xFFFFFFFF) * chunk;
    fn(context, begin, begin + chunk < count ? begin + chunk : count);
    atomic_fetch_add(&nnk_pool.finished, 1);
    ticket = atomic_load(&nnk_pool.ticket);
  }
}

static void *nnk_worker(void *unused) {
  (void)unused;
  unsigned seen = 0;
  pthread_mutex_lock(&nnk_pool.lock);
  for (;;) {
    while (nnk_pool.generation == seen) pthread_cond_wait(&nnk_pool.wake, &nnk_pool.lock);
    seen = nnk_pool.generation;
    nnk_range_fn fn = nnk_pool.fn;
    const void *context = nnk_pool.context;
    long count = nnk_pool.count, chunk = nnk_pool.chunk, chunks = nnk_pool.chunks;
    pthread_mutex_unlock(&nnk_pool.lock);
    nnk_take_chunks(seen, fn, context, count, chunk, chunks);
    pthread_mutex_lock(&nnk_pool.lock);
  }
  return NULL;
}

void nnk_parallel(nnk_range_fn fn, const void *context, long count, long align, long work) {
  int threads = nnk_threads();
  // Another thread of the program is using the pool: run this product on this thread alone.
  if (threads <= 1 || work < NNK_PARALLEL_WORK || count < 2 * align
      || pthread_mutex_trylock(&nnk_pool_owner) != 0) {
    fn(context, 0, count);
    return;
  }
  long chunk = (count / (threads * NNK_CHUNKS_PER_THREAD) + align - 1) / align * align;
  if (chunk < align) chunk = align;
  long chunks = (count + chunk - 1) / chunk;
  pthread_mutex_lock(&nnk_pool.lock);
  while (nnk_pool.workers < threads - 1) {
    pthread_t thread;
    if (pthread_create(&thread, NULL, nnk_worker, NULL) != 0) break;
    pthread_detach(thread);
    nnk_pool.workers++;
  }
  unsigned generation = ++nnk_pool.generation;
  nnk_pool.fn = fn;
  nnk_pool.context = context;
  nnk_pool.count = count;
  nnk_pool.chunk = chunk;
  nnk_pool.chunks = chunks;
  atomic_store(&nnk_pool.finished, 0);
  atomic_store(&nnk_pool.ticket, (unsigned long long)generation << 32);
  pthread_cond_broadcast(&nnk_pool.wake);
  pthread_mutex_unlock(&nnk_pool.lock);
  nnk_take_chunks(generation, fn, context, count, chunk, chunks);
  // Chunks a worker took are still running: wait for them (yielding the CPU meanwhile).
  while (atomic_load(&nnk_pool.finished) < chunks) sched_yield();
  pthread_mutex_unlock(&nnk_pool_owner);
}

// The CPU's level, asked with cpuid when first needed. Not __builtin_cpu_supports: that links
// libgcc's CPU model, whose constructor runs its dozen cpuid queries in every process at start
// (each one traps to the hypervisor on a VM: about 60 us of a 1.4 ms `nntool predict`, most
// of which never runs a kernel). As libgcc does, a feature counts only when the OS saves its
// registers (XCR0: SSE and AVX state for AVX2, plus the opmask and ZMM state for AVX-512).
static int nnk_detect_level(void) {
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return NNK_PORTABLE;
  int fma = (c >> 12) & 1, osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
  if (!(fma && osxsave && avx) || __get_cpuid_max(0, 0) < 7) return NNK_PORTABLE;
  unsigned xcr0_low, xcr0_high;
  __asm__("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
  if ((xcr0_low & 0x6) != 0x6) return NNK_PORTABLE;
  __cpuid_count(7, 0, a, b, c, d);
  if (!((b >> 5) & 1)) return NNK_PORTABLE;  // AVX2
  int avx512 = ((b >> 16) & 1) && ((b >> 17) & 1) && ((b >> 30) & 1) && ((b >> 31) & 1)  // F DQ BW VL
               && (xcr0_low & 0xE6) == 0xE6;
  return avx512 ? NNK_AVX512 : NNK_AVX2;
}

int nnk_cpu_level(void) {
  static int level = -1;
  if (level < 0) level = nnk_detect_level();
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
