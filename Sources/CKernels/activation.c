// Elementwise activation derivatives for NNEngine, in plain C so that the compiler turns the
// per-element choice into a vector select (Swift's generic loops kept a branch per element, and
// the sign of z is a coin toss: mispredictions cost W3 a tenth of its time). Any CPU.
#include "CKernels.h"

// Every element is loaded whatever its sign (a conditional load would keep the branch).
void nnk_relu_backward_f32(const float *restrict z, float *restrict g, long count) {
  for (long i = 0; i < count; i++) {
    float v = g[i];
    g[i] = z[i] > 0 ? v : 0.0f;
  }
}

void nnk_relu_backward_f64(const double *restrict z, double *restrict g, long count) {
  for (long i = 0; i < count; i++) {
    double v = g[i];
    g[i] = z[i] > 0 ? v : 0.0;
  }
}

void nnk_leaky_relu_backward_f32(const float *restrict z, float *restrict g, long count,
                                 float slope) {
  for (long i = 0; i < count; i++) {
    float v = g[i];
    g[i] = z[i] > 0 ? v : v * slope;
  }
}

void nnk_leaky_relu_backward_f64(const double *restrict z, double *restrict g, long count,
                                 double slope) {
  for (long i = 0; i < count; i++) {
    double v = g[i];
    g[i] = z[i] > 0 ? v : v * slope;
  }
}
