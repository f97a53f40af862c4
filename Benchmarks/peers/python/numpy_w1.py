"""W1 peer: the tutorial's own numpy program (2-2-1, SGD lr 0.1, 1000 epochs over 4 rows),
with its per-10-epoch loss printing left out so that only the 4,000 training steps are timed.
Usage: numpy_w1.py REPS [EPOCHS]"""

import sys

import numpy as np

from benchutil import emit, median_seconds


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def deriv_sigmoid(x):
    fx = sigmoid(x)
    return fx * (1 - fx)


class OurNeuralNetwork:
    def __init__(self):
        # Fixed starting weights (the same as the FANN peer's), so every run does the same work.
        self.w1, self.w2, self.w3, self.w4 = 0.5, -0.3, 0.1, -0.6
        self.w5, self.w6 = 0.2, -0.4
        self.b1, self.b2, self.b3 = 0.8, 0.7, 0.3

    def feedforward(self, x):
        h1 = sigmoid(self.w1 * x[0] + self.w2 * x[1] + self.b1)
        h2 = sigmoid(self.w3 * x[0] + self.w4 * x[1] + self.b2)
        return sigmoid(self.w5 * h1 + self.w6 * h2 + self.b3)

    def train(self, data, all_y_trues, epochs):
        learn_rate = 0.1
        for epoch in range(epochs):
            for x, y_true in zip(data, all_y_trues):
                sum_h1 = self.w1 * x[0] + self.w2 * x[1] + self.b1
                h1 = sigmoid(sum_h1)
                sum_h2 = self.w3 * x[0] + self.w4 * x[1] + self.b2
                h2 = sigmoid(sum_h2)
                sum_o1 = self.w5 * h1 + self.w6 * h2 + self.b3
                o1 = sigmoid(sum_o1)
                y_pred = o1

                d_L_d_ypred = -2 * (y_true - y_pred)

                d_ypred_d_w5 = h1 * deriv_sigmoid(sum_o1)
                d_ypred_d_w6 = h2 * deriv_sigmoid(sum_o1)
                d_ypred_d_b3 = deriv_sigmoid(sum_o1)
                d_ypred_d_h1 = self.w5 * deriv_sigmoid(sum_o1)
                d_ypred_d_h2 = self.w6 * deriv_sigmoid(sum_o1)

                d_h1_d_w1 = x[0] * deriv_sigmoid(sum_h1)
                d_h1_d_w2 = x[1] * deriv_sigmoid(sum_h1)
                d_h1_d_b1 = deriv_sigmoid(sum_h1)

                d_h2_d_w3 = x[0] * deriv_sigmoid(sum_h2)
                d_h2_d_w4 = x[1] * deriv_sigmoid(sum_h2)
                d_h2_d_b2 = deriv_sigmoid(sum_h2)

                self.w1 -= learn_rate * d_L_d_ypred * d_ypred_d_h1 * d_h1_d_w1
                self.w2 -= learn_rate * d_L_d_ypred * d_ypred_d_h1 * d_h1_d_w2
                self.b1 -= learn_rate * d_L_d_ypred * d_ypred_d_h1 * d_h1_d_b1

                self.w3 -= learn_rate * d_L_d_ypred * d_ypred_d_h2 * d_h2_d_w3
                self.w4 -= learn_rate * d_L_d_ypred * d_ypred_d_h2 * d_h2_d_w4
                self.b2 -= learn_rate * d_L_d_ypred * d_ypred_d_h2 * d_h2_d_b2

                self.w5 -= learn_rate * d_L_d_ypred * d_ypred_d_w5
                self.w6 -= learn_rate * d_L_d_ypred * d_ypred_d_w6
                self.b3 -= learn_rate * d_L_d_ypred * d_ypred_d_b3


def main():
    reps = int(sys.argv[1])
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    data = np.array([[-2, -1], [25, 6], [17, 4], [-15, -6]])
    all_y_trues = np.array([1, 0, 0, 1])
    networks = []

    def run(network):
        network.train(data, all_y_trues, epochs)
        networks.append(network)

    seconds = median_seconds(run, reps, setup=OurNeuralNetwork)
    network = networks[-1]
    emily = network.feedforward(np.array([-7, -3]))
    frank = network.feedforward(np.array([20, 2]))
    note = f"tutorial code, loss printing removed; emily={emily:.3f} frank={frank:.3f}"
    emit("W1", "train 2-2-1, in-process", "numpy", seconds * 1e3, "ms", "lower", reps, note)
    emit("W1", "train 2-2-1 steps/s", "numpy", 4 * epochs / seconds, "steps/s", "higher", reps, note)


if __name__ == "__main__":
    main()
