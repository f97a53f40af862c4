// Single-precision matrix kernels for NNEngine, compiled for AVX2 + FMA and chosen at run time
// (nnk_accelerated() says whether this CPU has them; otherwise NNEngine uses its Swift kernels).
// Matrices are row-major. Every output element is computed by the same sequence of operations
// whatever the batch size or tiling, so a batch gives the same bits as one sample at a time.
#ifndef NNKIT_CKERNELS_H
#define NNKIT_CKERNELS_H

#ifdef __cplusplus
extern "C" {
#endif

/// 1 when the CPU supports the AVX2 + FMA kernels below, else 0 (then they must not be called).
int nnk_accelerated(void);

/// Z[s, j] = (sum_k W[j, k] * X[s, k]) + b[j] for s < rows, j < units.
void nnk_affine_f32(const float *weights, const float *biases, const float *input, float *output,
                    long rows, long inputs, long units);

/// dW[j, k] = sum_s D[s, j] * X[s, k] and db[j] = sum_s D[s, j] (overwriting both).
void nnk_weight_gradient_f32(const float *deltas, const float *input, float *weight_gradient,
                             float *bias_gradient, long rows, long inputs, long units);

/// dX[s, k] = sum_j D[s, j] * W[j, k].
void nnk_input_gradient_f32(const float *deltas, const float *weights, float *input_gradient,
                            long rows, long inputs, long units);

#ifdef __cplusplus
}
#endif

#endif
