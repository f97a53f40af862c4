"""W3 peer: 784-256-128-10, ReLU hidden, softmax + cross-entropy, 10,000 random samples,
batch 64, SGD lr 0.01, float32 numpy (OpenBLAS sgemm). One epoch per repetition.
Usage: numpy_w3.py REPS [SAMPLES]"""

import sys

import numpy as np

from benchutil import blas_note, emit, median_seconds

SIZES = [784, 256, 128, 10]


def initial(seed=0):
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in zip(SIZES[:-1], SIZES[1:]):
        params.append((rng.normal(0, 1, (fan_out, fan_in)) * np.sqrt(2 / fan_in)).astype(np.float32))
        params.append(np.zeros(fan_out, np.float32))
    return params


def train_epoch(params, x, y, batch=64, lr=np.float32(0.01)):
    w1, b1, w2, b2, w3, b3 = params
    for start in range(0, x.shape[0], batch):
        xb = x[start:start + batch]
        yb = y[start:start + batch]
        z1 = xb @ w1.T + b1
        a1 = np.maximum(z1, 0)
        z2 = a1 @ w2.T + b2
        a2 = np.maximum(z2, 0)
        z3 = a2 @ w3.T + b3
        z3 -= z3.max(axis=1, keepdims=True)
        p = np.exp(z3)
        p /= p.sum(axis=1, keepdims=True)
        d3 = (p - yb) / np.float32(xb.shape[0])
        d2 = (d3 @ w3) * (z2 > 0)
        d1 = (d2 @ w2) * (z1 > 0)
        w3 -= lr * (d3.T @ a2)
        b3 -= lr * d3.sum(axis=0)
        w2 -= lr * (d2.T @ a1)
        b2 -= lr * d2.sum(axis=0)
        w1 -= lr * (d1.T @ xb)
        b1 -= lr * d1.sum(axis=0)


def main():
    reps = int(sys.argv[1])
    samples = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    rng = np.random.default_rng(1)
    x = rng.random((samples, 784), dtype=np.float32)
    y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, samples)]
    params = initial()
    train_epoch(params, x[:640], y[:640])  # warm-up
    seconds = median_seconds(lambda: train_epoch(params, x, y), reps)
    emit("W3", "784-256-128-10 batch 64", "numpy", samples / seconds, "samples/s", "higher",
         reps, f"f32; {blas_note()}")


if __name__ == "__main__":
    main()
