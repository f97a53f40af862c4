// W1's ceiling: the tutorial's 2-2-1 sigmoid network trained by SGD (MSE, lr 0.1, batch 1,
// 1000 epochs over the four shifted rows: 4,000 steps), written as one straight-line C step
// with no framework around it: no loops over layers, no workspace, no epoch bookkeeping
// beyond the loss sum. Every step waits for the previous one's weights, so its time is the
// critical path's latency: this is the fastest any engine doing this arithmetic can go here.
//
// The arithmetic is nnkit's fused SGD step, operation for operation (NNEngine
// Network+Backward.swift `stochasticGradientStep`, Kernels.narrowLayer, Loss.sampleLoss),
// with no contraction into fused multiply-adds (built with -ffp-contract=off, as Swift does
// not contract), and its exponential either nnkit's own (Exponential.swift, ported here over
// the same table, CKernels' exp_table.c) or the C library's exp/expf. The nnkit-exp variants
// must end with the same weights as nnkit itself; the program prints Emily's and Frank's
// predictions so that a run shows it.
//
//   gcc -O2 -ffp-contract=off -I Sources/CKernels/include Benchmarks/ceilings/w1_ceiling.c \
//     Sources/CKernels/exp_table.c -lm -o w1_ceiling && ./w1_ceiling 21 1000
//
// Output: one JSON object per variant (as the other peers print), value = ns per step
// (median of the repetitions).
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "CKernels.h"

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

// nnkit's e^x (Exponential.double): Tang's reduction over 128 table entries, degree-5 Taylor.
static inline double nnkit_exp(double x) {
  if (!(fabs(x) < 700)) return exp(x);  // outside W1's range; nnkit scales, same values
  const double n = 0x1.71547652b82fep+7, shift = 0x1.8p52;
  double kd = x * n + shift;
  int64_t k, shift_bits, scale_bits;
  memcpy(&k, &kd, 8);
  memcpy(&shift_bits, &shift, 8);
  k -= shift_bits;
  double kr = kd - shift;
  double r = (x + kr * -0x1.62e42fef80000p-8) + kr * -0x1.1cf79abc9e3b4p-43;
  const double *entry = nnk_exp_table() + 2 * (k & 127);
  double fraction = entry[0], tail = entry[1];
  memcpy(&scale_bits, &fraction, 8);
  scale_bits += (int64_t)((uint64_t)(k >> 7) << 52);
  double scale;
  memcpy(&scale, &scale_bits, 8);
  double r2 = r * r;
  double correction =
      tail + r + r2 * (0.5 + r * (1.0 / 6)) + r2 * r2 * ((1.0 / 24) + r * (1.0 / 120));
  return scale + scale * correction;
}

// nnkit's e^x in single precision (Exponential.float): 32 entries, a cubic, in double.
static inline float nnkit_expf(float x) {
  if (!(fabsf(x) < 104)) return expf(x);
  const double shift = 0x1.8p52;
  double xd = x;
  double kd = xd * 0x1.71547652b82fep+5 + shift;
  int64_t k, shift_bits, scale_bits;
  memcpy(&k, &kd, 8);
  memcpy(&shift_bits, &shift, 8);
  k -= shift_bits;
  double r = xd + (kd - shift) * -0x1.62e42fefa39efp-6;
  double fraction = nnk_exp_table()[8 * (k & 31)];
  memcpy(&scale_bits, &fraction, 8);
  scale_bits += (int64_t)((uint64_t)(k >> 5) << 52);
  double scale;
  memcpy(&scale, &scale_bits, 8);
  double correction = r + (r * r) * (0.5 + r * (1.0 / 6));
  return (float)(scale + scale * correction);
}

static const double rows[4][2] = {{-2, -1}, {25, 6}, {17, 4}, {-15, -6}};
static const double targets[4] = {1, 0, 0, 1};
// w1..w6 = 0.5, -0.3, 0.1, -0.6, 0.2, -0.4; b1..b3 = 0.8, 0.7, 0.3, in nnkit's layout:
// layer 1 weights [w1 w2; w3 w4], biases [b1 b2], layer 2 weights [w5 w6], bias [b3].
static const double start[9] = {0.5, -0.3, 0.1, -0.6, 0.8, 0.7, 0.2, -0.4, 0.3};

// One variant per scalar type and exponential: STEP_NAME(T, EXP) defines train_<name>.
#define DEFINE_TRAIN(NAME, T, EXP)                                                          \
  static double train_##NAME(T p[9], int epochs, T *emily, T *frank) {                     \
    T x[4][2], y[4];                                                                        \
    for (int i = 0; i < 4; i++) {                                                           \
      x[i][0] = (T)rows[i][0];                                                              \
      x[i][1] = (T)rows[i][1];                                                              \
      y[i] = (T)targets[i];                                                                 \
    }                                                                                       \
    const T eta = (T)0.1;                                                                   \
    double loss_sum = 0;                                                                    \
    for (int epoch = 0; epoch < epochs; epoch++) {                                          \
      for (int i = 0; i < 4; i++) {                                                         \
        const T x0 = x[i][0], x1 = x[i][1];                                                 \
        /* forward: z = (0 + ((0 + w·x0) + w·x1)) + b, a = 1 / (1 + e^-z) */                \
        T z1 = ((T)0 + (((T)0 + p[0] * x0) + p[1] * x1)) + p[4];                            \
        T z2 = ((T)0 + (((T)0 + p[2] * x0) + p[3] * x1)) + p[5];                            \
        T h1 = 1 / (1 + EXP(-z1)), h2 = 1 / (1 + EXP(-z2));                                 \
        T z3 = ((T)0 + (((T)0 + p[6] * h1) + p[7] * h2)) + p[8];                            \
        T o = 1 / (1 + EXP(-z3));                                                           \
        /* loss and output delta: -2 (y - o) · 1, times o (1 - o) */                        \
        T e = y[i] - o;                                                                     \
        loss_sum += (double)(e * e);                                                        \
        T d3 = (-2 * e * 1) * (o * (1 - o));                                                \
        /* output layer: previous delta from the old weights, then the update */            \
        T g1 = (T)0 + d3 * p[6], g2 = (T)0 + d3 * p[7];                                     \
        p[6] -= eta * (d3 * h1);                                                            \
        p[7] -= eta * (d3 * h2);                                                            \
        p[8] -= eta * d3;                                                                   \
        g1 *= h1 * (1 - h1);                                                                \
        g2 *= h2 * (1 - h2);                                                                \
        p[0] -= eta * (g1 * x0);                                                            \
        p[1] -= eta * (g1 * x1);                                                            \
        p[4] -= eta * g1;                                                                   \
        p[2] -= eta * (g2 * x0);                                                            \
        p[3] -= eta * (g2 * x1);                                                            \
        p[5] -= eta * g2;                                                                   \
      }                                                                                     \
    }                                                                                       \
    T q[2][2] = {{-7, -3}, {20, 2}}, out[2];                                                \
    for (int s = 0; s < 2; s++) {                                                           \
      T a1 = 1 / (1 + EXP(-(((T)0 + (((T)0 + p[0] * q[s][0]) + p[1] * q[s][1])) + p[4])));  \
      T a2 = 1 / (1 + EXP(-(((T)0 + (((T)0 + p[2] * q[s][0]) + p[3] * q[s][1])) + p[5])));  \
      out[s] = 1 / (1 + EXP(-(((T)0 + (((T)0 + p[6] * a1) + p[7] * a2)) + p[8])));          \
    }                                                                                       \
    *emily = out[0];                                                                        \
    *frank = out[1];                                                                        \
    return loss_sum;                                                                        \
  }

DEFINE_TRAIN(f64_nnkit_exp, double, nnkit_exp)
DEFINE_TRAIN(f64_libm_exp, double, exp)
DEFINE_TRAIN(f32_nnkit_exp, float, nnkit_expf)
DEFINE_TRAIN(f32_libm_exp, float, expf)

#define RUN(NAME, T, IMPL)                                                                  \
  do {                                                                                      \
    double times[256], sink = 0;                                                            \
    T emily = 0, frank = 0, p[9];                                                           \
    for (int r = 0; r < reps; r++) {                                                        \
      for (int j = 0; j < 9; j++) p[j] = (T)start[j];                                       \
      double t0 = now_seconds();                                                            \
      sink += train_##NAME(p, epochs, &emily, &frank);                                      \
      times[r] = now_seconds() - t0;                                                        \
    }                                                                                       \
    qsort(times, (size_t)reps, sizeof(double), compare_doubles);                            \
    double ns = times[reps / 2] / (4.0 * epochs) * 1e9;                                     \
    printf("{\"workload\":\"W1\",\"case\":\"ceiling ns per step\",\"impl\":\"%s\","         \
           "\"value\":%.4g,\"unit\":\"ns\",\"better\":\"lower\",\"reps\":%d,"               \
           "\"note\":\"emily=%.17g frank=%.17g loss sum %.6g\"}\n",                         \
           IMPL, ns, reps, (double)emily, (double)frank, sink / reps);                      \
  } while (0)

int main(int argc, char **argv) {
  int reps = argc > 1 ? atoi(argv[1]) : 21;
  int epochs = argc > 2 ? atoi(argv[2]) : 1000;
  if (reps < 1 || reps > 256 || epochs < 1) {
    fprintf(stderr, "usage: w1_ceiling [reps 1-256] [epochs]\n");
    return 2;
  }
  RUN(f32_nnkit_exp, float, "c-f32-nnkit-exp");
  RUN(f32_libm_exp, float, "c-f32-libm-expf");
  RUN(f64_nnkit_exp, double, "c-f64-nnkit-exp");
  RUN(f64_libm_exp, double, "c-f64-libm-exp");
  return 0;
}
