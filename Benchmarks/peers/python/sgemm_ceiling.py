"""The OpenBLAS sgemm ceiling on this machine, for W3's comparison: GFLOP/s of float32 `a @ b`
(numpy, the BLAS it picks; run with OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset and
OPENBLAS_NUM_THREADS=1 for one core) on W3's three product shapes and on 1024^3.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 \
        python3 Benchmarks/peers/python/sgemm_ceiling.py

W3 (784-256-128-10, batch 64) needs 1.007 MFLOP per sample: 2 x (234,752 multiply-adds
forward + 234,752 for the weight gradients + 34,048 for the input gradients of layers 2-3).
"""
import time

import numpy as np
from threadpoolctl import threadpool_info


def rate(m, k, n, reps):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((m, k), dtype=np.float32)
    b = rng.standard_normal((k, n), dtype=np.float32)
    for _ in range(5):
        a @ b
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(reps):
            a @ b
        best = min(best, (time.perf_counter() - start) / reps)
    return 2 * m * k * n / best / 1e9


def main():
    blas = [i for i in threadpool_info() if i.get("internal_api") == "openblas"]
    if blas:
        print(f"openblas {blas[0].get('architecture')}, {blas[0].get('num_threads')} thread(s)")
    for shape in [(64, 784, 256), (64, 256, 128), (256, 64, 784), (1024, 1024, 1024)]:
        reps = 50 if shape[0] == 1024 else 300
        print(f"sgemm {shape[0]}x{shape[1]} @ {shape[1]}x{shape[2]}: "
              f"{rate(*shape, reps):.0f} GFLOP/s")


if __name__ == "__main__":
    main()
