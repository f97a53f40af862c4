// Single-precision matrix kernels for NNEngine, compiled for AVX2 + FMA and for AVX-512 and
// chosen at run time (nnk_cpu_level() says which this CPU runs; without either NNEngine uses its
// Swift kernels). Every function takes the level to run (NNK_AVX2 or NNK_AVX512, at most
// nnk_cpu_level()). Matrices are row-major. Every output element is computed by the same
// sequence of operations whatever the batch size, tiling, thread count or level, so a batch
// gives the same bits as one sample at a time, and AVX-512 the same bits as AVX2.
#ifndef NNKIT_CKERNELS_H
#define NNKIT_CKERNELS_H

#ifdef __cplusplus
extern "C" {
#endif

enum {
  NNK_PORTABLE = 0,  ///< no C kernels: NNEngine's Swift kernels
  NNK_AVX2 = 1,      ///< AVX2 + FMA
  NNK_AVX512 = 2,    ///< AVX-512 F/VL/DQ/BW (+ FMA)
};

/// The widest level this CPU runs (NNK_PORTABLE, NNK_AVX2 or NNK_AVX512).
int nnk_cpu_level(void);

/// Z[s, j] = (sum_k W[j, k] * X[s, k]) + b[j] for s < rows, j < units.
void nnk_affine_f32(int level, const float *weights, const float *biases, const float *input,
                    float *output, long rows, long inputs, long units);

/// dW[j, k] = sum_s D[s, j] * X[s, k] and db[j] = sum_s D[s, j] (overwriting both).
void nnk_weight_gradient_f32(int level, const float *deltas, const float *input,
                             float *weight_gradient, float *bias_gradient, long rows, long inputs,
                             long units);

/// dX[s, k] = sum_j D[s, j] * W[j, k].
void nnk_input_gradient_f32(int level, const float *deltas, const float *weights,
                            float *input_gradient, long rows, long inputs, long units);

/// g[i] = 0 where !(z[i] > 0) (the ReLU derivative applied to a gradient), for any CPU.
void nnk_relu_backward_f32(const float *z, float *g, long count);
void nnk_relu_backward_f64(const double *z, double *g, long count);
/// g[i] *= slope where !(z[i] > 0) (the leaky ReLU derivative), for any CPU.
void nnk_leaky_relu_backward_f32(const float *z, float *g, long count, float slope);
void nnk_leaky_relu_backward_f64(const double *z, double *g, long count, double slope);

/// The exponential's table (exp_table.c): 2^(j/128) as a double and its relative correction,
/// for j = 0..127, interleaved.
extern const double nnk_exp_data[256];

/// The table's address (inline, so Swift code reads the table without a call).
static inline const double *nnk_exp_table(void) { return nnk_exp_data; }

#ifdef __cplusplus
}
#endif

#endif
