"""Makes docs/examples/iris-mlp.safetensors: the state_dict of the PyTorch module
nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3)) with weights trained on the iris
table (samples/iris.csv) by scikit-learn's MLPClassifier, saved the way
safetensors.torch.save_file(model.state_dict(), path) saves it. Needs numpy, scikit-learn and
safetensors; run from the repository root. (scikit-learn keeps weights as [in, out]; PyTorch's
Linear as [out, in].)"""
import csv

import numpy as np
from safetensors.numpy import save_file
from sklearn.neural_network import MLPClassifier

rows = list(csv.DictReader(open("samples/iris.csv")))
features = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
x = np.array([[float(r[f + "_cm"]) for f in features] for r in rows], dtype=np.float32)
y = [r["species"] for r in rows]
mlp = MLPClassifier(hidden_layer_sizes=(8,), max_iter=2000, random_state=1).fit(x, y)
tensors = {
    "0.weight": mlp.coefs_[0].T.astype(np.float32).copy(),
    "0.bias": mlp.intercepts_[0].astype(np.float32),
    "2.weight": mlp.coefs_[1].T.astype(np.float32).copy(),
    "2.bias": mlp.intercepts_[1].astype(np.float32),
}
save_file(tensors, "docs/examples/iris-mlp.safetensors", metadata={"format": "pt"})
print("classes", list(mlp.classes_), "training accuracy", mlp.score(x, y))
