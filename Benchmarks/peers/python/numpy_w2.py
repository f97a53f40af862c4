"""W2 peer: digits 64-32-10, sigmoid hidden, softmax + cross-entropy, SGD lr 0.1, in float32
numpy, rows in file order (no shuffling, as in the other implementations).
Usage: numpy_w2.py DIGITS_FILE BATCH REPS EPOCHS"""

import sys

import numpy as np

from benchutil import blas_note, emit, median_seconds


def load(path):
    rows = np.fromfile(path, dtype="<f4").reshape(-1, 74)
    return np.ascontiguousarray(rows[:, :64]), np.ascontiguousarray(rows[:, 64:])


def initial(seed=0):
    rng = np.random.default_rng(seed)
    w1 = (rng.normal(0, 1, (32, 64)) * np.sqrt(2 / (64 + 32))).astype(np.float32)
    w2 = (rng.normal(0, 1, (10, 32)) * np.sqrt(2 / (32 + 10))).astype(np.float32)
    return [w1, np.zeros(32, np.float32), w2, np.zeros(10, np.float32)]


def train(params, x, y, batch, epochs, lr=np.float32(0.1)):
    w1, b1, w2, b2 = params
    n = x.shape[0]
    for _ in range(epochs):
        for start in range(0, n, batch):
            xb = x[start:start + batch]
            yb = y[start:start + batch]
            h = 1 / (1 + np.exp(-(xb @ w1.T + b1)))
            z = h @ w2.T + b2
            z -= z.max(axis=1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(axis=1, keepdims=True)
            d2 = (p - yb) / np.float32(xb.shape[0])  # gradient of the mean cross-entropy
            dh = (d2 @ w2) * h * (1 - h)
            w2 -= lr * (d2.T @ h)
            b2 -= lr * d2.sum(axis=0)
            w1 -= lr * (dh.T @ xb)
            b1 -= lr * dh.sum(axis=0)


def accuracy(params, x, y):
    w1, b1, w2, b2 = params
    h = 1 / (1 + np.exp(-(x @ w1.T + b1)))
    return float(((h @ w2.T + b2).argmax(1) == y.argmax(1)).mean())


def main():
    path, batch, reps, epochs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    x, y = load(path)
    trained = []

    def run(params):
        train(params, x, y, batch, epochs)
        trained.append(params)

    seconds = median_seconds(run, reps, setup=initial)
    note = f"f32; train accuracy {accuracy(trained[-1], x, y):.3f}; {blas_note()}"
    emit("W2", f"digits batch {batch}", "numpy", x.shape[0] * epochs / seconds, "samples/s",
         "higher", reps, note)


if __name__ == "__main__":
    main()
