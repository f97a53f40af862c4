"""Writes a JSON model (.nnm format 1.0) of the given shape with seeded random weights: ReLU
hidden layers, a softmax output of one class per unit, inputs named pixel0, pixel1, …

    python3 Benchmarks/random_model.py 784-256-128-10 out.json

Used by Benchmarks/pictures.sh (drawing a W3-shaped network) and .ci/pictures.sh.
"""
import json
import random
import sys

sizes = [int(size) for size in sys.argv[1].split("-")]
random.seed(1)
layers = []
for index, (inputs, units) in enumerate(zip(sizes, sizes[1:])):
    layers.append({
        "activation": "softmax" if index == len(sizes) - 2 else "relu",
        "weights": {"dtype": "f32", "shape": [units, inputs],
                    "data": [round(random.gauss(0, (2 / inputs) ** 0.5), 6)
                             for _ in range(inputs * units)]},
        "biases": {"dtype": "f32", "shape": [units], "data": [0.0] * units}})
json.dump({"format": "nnm", "version": "1.0", "name": sys.argv[1],
           "features": [{"name": f"pixel{i}", "normalization": {"shift": 0.0, "scale": 1.0}}
                        for i in range(sizes[0])],
           "layers": layers,
           "output": {"task": "multiclass", "labels": [str(d) for d in range(sizes[-1])],
                      "names": []},
           "metadata": {}, "extra_sections": []}, open(sys.argv[2], "w"))
