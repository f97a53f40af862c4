"""Writes the benchmark inputs that several programs share into a cache directory.

- digits.f32: scikit-learn's load_digits (the UCI optdigits test set, 1,797 8x8 images,
  CC BY 4.0), each row 64 inputs scaled by 1/16 then 10 one-hot targets, float32 little-endian.
- w5j_f64.bin: 1,000,000 float64 weights (normal, sd 0.1, seed 0) for the JSON workload W5j,
  so every JSON encoder writes the very same numbers.
"""

import os
import sys

import numpy as np


def main():
    cache = sys.argv[1]
    os.makedirs(cache, exist_ok=True)
    digits_path = os.path.join(cache, "digits.f32")
    if not os.path.exists(digits_path):
        from sklearn.datasets import load_digits
        digits = load_digits()
        x = (digits.data / 16.0).astype(np.float32)
        y = np.eye(10, dtype=np.float32)[digits.target]
        rows = np.concatenate([x, y], axis=1).astype("<f4")
        rows.tofile(digits_path + ".tmp")
        os.replace(digits_path + ".tmp", digits_path)
    weights_path = os.path.join(cache, "w5j_f64.bin")
    if not os.path.exists(weights_path):
        weights = np.random.default_rng(0).normal(0.0, 0.1, 1_000_000).astype("<f8")
        weights.tofile(weights_path + ".tmp")
        os.replace(weights_path + ".tmp", weights_path)


if __name__ == "__main__":
    main()
