"""Checks nntool's ONNX and safetensors files against onnx, onnxruntime, safetensors, numpy
and skl2onnx. Usage: interop_check.py NNTOOL WORKDIR. Prints one line per failure and a
summary; exits 1 on any failure."""
import json
import os
import random
import subprocess
import sys
import warnings

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper
from safetensors.numpy import load_file, save_file

warnings.filterwarnings("ignore")
NNTOOL, WORK = sys.argv[1], sys.argv[2]
failures = []
checked = {"models": 0, "denormalized": 0, "graphs": 0, "docs": 0}


def run(*args, check=True):
    result = subprocess.run([NNTOOL, *args], capture_output=True, text=True, cwd=WORK)
    if check and result.returncode != 0:
        raise RuntimeError(f"nntool {' '.join(args)}: exit {result.returncode}: {result.stderr.strip()}")
    return result


def fail(what):
    failures.append(what)
    print("FAIL", what, flush=True)


def predict(model, rows):
    args = ["predict", model, "--json"]
    for row in rows:
        args += ["--input", ",".join(repr(float(v)) for v in row)]
    out = json.loads(run(*args).stdout)
    documents = out if isinstance(out, list) else out.get("predictions", [out])
    return np.array([d["outputs"] for d in documents], dtype=np.float64)


def close(a, b, dtype):
    """Within 1e-6 (f32) or 1e-12 (f64) relative to the larger magnitude; outputs whose
    magnitudes are below that tolerance compare absolutely."""
    tolerance = 1e-6 if dtype == "f32" else 1e-12
    scale = np.maximum(np.maximum(np.abs(a), np.abs(b)), 1.0 if dtype == "f32" else 1e-3)
    return bool(np.all(np.abs(a - b) <= tolerance * scale))


def sequential_linear_indices(activations):
    index, result = 0, []
    for activation in activations:
        result.append(index)
        index += 1 if activation == "identity" else 2
    return result


def numpy_forward(tensors, meta, raw):
    x = raw.astype(np.float64)
    shift = np.array([f["normalization"]["shift"] for f in meta["features"]])
    scale = np.array([f["normalization"]["scale"] for f in meta["features"]])
    x = (x - shift) / scale
    activations = [layer["activation"] for layer in meta["layers"]]
    for index, activation in zip(sequential_linear_indices(activations), activations):
        w = tensors[f"{index}.weight"].astype(np.float64)
        b = tensors[f"{index}.bias"].astype(np.float64)
        x = x @ w.T + b
        if activation == "sigmoid":
            x = 1 / (1 + np.exp(-x))
        elif activation == "tanh":
            x = np.tanh(x)
        elif activation == "relu":
            x = np.maximum(x, 0)
        elif activation == "leaky_relu":
            x = np.where(x > 0, x, 0.01 * x)
        elif activation == "softmax":
            e = np.exp(x - x.max(axis=1, keepdims=True))
            x = e / e.sum(axis=1, keepdims=True)
    if meta["output"].get("normalization"):
        # Output normalization: one more Linear(out, out), weight diag(scale), bias shift.
        index = sequential_linear_indices(activations + ["identity"])[-1]
        w = tensors[f"{index}.weight"].astype(np.float64)
        if np.count_nonzero(w - np.diag(np.diag(w))):
            fail(f"{index}.weight of the output normalization is not diagonal")
        x = x @ w.T + tensors[f"{index}.bias"].astype(np.float64)
    return x


def check_model(path, name):
    """Export both ways, check with the Python packages, compare with nntool predict."""
    checked["models"] += 1
    onnx_path, st_path = f"{name}.onnx", f"{name}.safetensors"
    run("export", path, "--to", "onnx", "--out", onnx_path)
    run("export", path, "--to", "safetensors", "--out", st_path)
    graph = onnx.load(os.path.join(WORK, onnx_path))
    try:
        onnx.checker.check_model(graph, full_check=True)
    except Exception as error:  # noqa: BLE001
        fail(f"{name}: onnx.checker: {error}")
        return
    meta = json.loads({p.key: p.value for p in graph.metadata_props}["nnkit.meta"])
    dtype = meta["layers"][0]["weights"]["dtype"]
    if meta["output"].get("normalization"):
        checked["denormalized"] += 1
        if [n.op_type for n in graph.graph.node[-2:]] != ["Mul", "Add"]:
            fail(f"{name}: output normalization is not the graph's last Mul and Add")
    width = len(meta["features"])
    rng = np.random.default_rng(len(name))
    shift = np.array([f["normalization"]["shift"] for f in meta["features"]])
    scale = np.array([abs(f["normalization"]["scale"]) for f in meta["features"]])
    raw = shift + scale * rng.normal(size=(7, width))
    # f32 models take FLOAT inputs: use values that FLOAT holds exactly, for both sides.
    raw = raw.astype(np.float32).astype(np.float64) if dtype == "f32" else raw
    expected = predict(path, raw)
    session = ort.InferenceSession(os.path.join(WORK, onnx_path), providers=["CPUExecutionProvider"])
    feed = raw.astype(np.float32 if dtype == "f32" else np.float64)
    got = session.run(None, {session.get_inputs()[0].name: feed})[0].astype(np.float64)
    if got.shape != expected.shape or not close(got, expected, dtype):
        fail(f"{name}: onnxruntime {got.tolist()} != nntool {expected.tolist()}")
    tensors = load_file(os.path.join(WORK, st_path))
    forward = numpy_forward(tensors, meta, raw)
    if not close(forward, expected, dtype):
        fail(f"{name}: numpy over safetensors {forward.tolist()} != nntool {expected.tolist()}")
    for source, suffix in [(onnx_path, "o"), (st_path, "s")]:
        back = f"{name}.{suffix}.nnm"
        run("import", source, "--out", back)
        if run("diff", path, back, check=False).returncode != 0:
            fail(f"{name}: export to {source} and import differ")


def random_models():
    """Trains every activation at depth 0-4 in both dtypes for a few epochs on random data."""
    activations = ["sigmoid", "tanh", "relu", "leaky_relu", "identity"]
    tasks = ["regression", "binary", "multiclass"]
    rng = random.Random(9)
    rows = []
    for k in range(40):
        a, b, c = (rng.uniform(-5, 5), rng.uniform(100, 200), rng.gauss(0, 1))
        rows.append((a, b, c, a + b / 100, "yes" if a > 0 else "no", "xyz"[k % 3]))
    with open(os.path.join(WORK, "random.csv"), "w") as out:
        out.write("a,b,c,r,bin,multi\n")
        for row in rows:
            out.write(",".join(str(v) for v in row) + "\n")
    paths = []
    n = 0
    for activation in activations:
        for depth in range(5):
            for dtype in ["f32", "f64"]:
                task = tasks[n % 3]
                n += 1
                target = {"regression": "r", "binary": "bin", "multiclass": "multi"}[task]
                hidden = ",".join(str(3 + (d % 3)) for d in range(depth))
                path = f"random-{activation}-{depth}-{dtype}.nnm"
                args = ["train", "--data", "random.csv", "--features", "a,b,c", "--target", target,
                        "--task", task, "--activation", activation, "--dtype", dtype,
                        "--normalize", "standard", "--epochs", "3", "--lr", "0.01", "--seed", str(n), "--quiet",
                        "--out", path]
                args += ["--hidden", hidden] if hidden else ["--hidden", ""]
                if task == "regression":
                    # Output normalization after every kind of output layer, not only identity.
                    args += ["--output-activation", activation]
                run(*args)
                paths.append(path)
    return paths


def check_foreign(name, graph, width, dtype=np.float32):
    """A graph built the way another exporter builds it must import and predict what
    onnxruntime predicts for it."""
    checked["graphs"] += 1
    path = os.path.join(WORK, name + ".onnx")
    onnx.checker.check_model(graph, full_check=True)
    onnx.save(graph, path)
    result = run("import", name + ".onnx", "--out", name + ".nnm", check=False)
    if result.returncode != 0:
        fail(f"{name}: import: {result.stderr.strip()}")
        return
    rng = np.random.default_rng(3)
    raw = rng.normal(size=(6, width)).astype(dtype)
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    outputs = session.run(None, {session.get_inputs()[0].name: raw})
    names = [o.name for o in session.get_outputs()]
    got = outputs[names.index("probabilities")] if "probabilities" in names else outputs[0]
    expected = predict(name + ".nnm", raw.astype(np.float64))
    if "label" in names:
        # skl2onnx's label output against the label nntool picks (labels read from the graph).
        args = ["predict", name + ".nnm", "--json"]
        for row in raw.astype(np.float64):
            args += ["--input", ",".join(repr(float(v)) for v in row)]
        chosen = [d["label"] for d in json.loads(run(*args).stdout)]
        theirs = [str(v) for v in outputs[names.index("label")].tolist()]
        if chosen != theirs:
            fail(f"{name}: nntool labels {chosen} != onnxruntime labels {theirs}")
    kind = "f32" if dtype == np.float32 else "f64"
    if not close(np.asarray(got, dtype=np.float64).reshape(expected.shape), expected, kind):
        fail(f"{name}: nntool {expected.tolist()} != onnxruntime {np.asarray(got).tolist()}")


def init(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def pytorch_style(rng):
    """torch.onnx.export of nn.Sequential(Linear(4,5), LeakyReLU(), Linear(5,3), Softmax(dim=1)):
    Gemm with transB=1 and weights [out, in], opset 17, a dynamic batch axis."""
    w0, b0 = rng.normal(size=(5, 4)).astype(np.float32), rng.normal(size=5).astype(np.float32)
    w1, b1 = rng.normal(size=(3, 5)).astype(np.float32), rng.normal(size=3).astype(np.float32)
    nodes = [
        helper.make_node("Gemm", ["input", "0.weight", "0.bias"], ["/0/Gemm_output_0"], name="/0/Gemm", alpha=1.0, beta=1.0, transB=1),
        helper.make_node("LeakyRelu", ["/0/Gemm_output_0"], ["/1/Relu_output_0"], name="/1/LeakyRelu", alpha=0.01),
        helper.make_node("Gemm", ["/1/Relu_output_0", "2.weight", "2.bias"], ["/2/Gemm_output_0"], name="/2/Gemm", alpha=1.0, beta=1.0, transB=1),
        helper.make_node("Softmax", ["/2/Gemm_output_0"], ["output"], name="/3/Softmax", axis=1),
    ]
    graph = helper.make_graph(
        nodes, "main_graph",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch_size", 4])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["batch_size", 3])],
        [init("0.weight", w0), init("0.bias", b0), init("2.weight", w1), init("2.bias", b1)])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="pytorch", ir_version=8)


def pytorch_matmul_style(rng, dtype=np.float64):
    """The exporter's MatMul + Add form (weights [in, out]) with Tanh, Relu and Sigmoid, in
    DOUBLE (onnxruntime has no DOUBLE LeakyRelu)."""
    ws = [rng.normal(size=s).astype(dtype) for s in [(3, 4), (4, 4), (4, 1)]]
    bs = [rng.normal(size=s[1]).astype(dtype) for s in [(3, 4), (4, 4), (4, 1)]]
    nodes, current = [], "input"
    for k, op in enumerate(["Tanh", "Relu", "Sigmoid"]):
        nodes.append(helper.make_node("MatMul", [current, f"w{k}"], [f"m{k}"]))
        nodes.append(helper.make_node("Add", [f"m{k}", f"b{k}"], [f"a{k}"]))
        out = "output" if k == 2 else f"h{k}"
        nodes.append(helper.make_node(op, [f"a{k}"], [out], **({"alpha": 0.01} if op == "LeakyRelu" else {})))
        current = out
    tensor_type = TensorProto.DOUBLE if dtype == np.float64 else TensorProto.FLOAT
    graph = helper.make_graph(
        nodes, "g", [helper.make_tensor_value_info("input", tensor_type, ["N", 3])],
        [helper.make_tensor_value_info("output", tensor_type, ["N", 1])],
        [init(f"w{k}", w) for k, w in enumerate(ws)] + [init(f"b{k}", b) for k, b in enumerate(bs)])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], ir_version=7)


def tf2onnx_style(rng):
    """tf2onnx of a Keras Sequential: a Cast, a normalization layer as Sub and Mul, MatMul +
    Add (BiasAdd), Relu, then Softmax and an Identity to the Keras output name."""
    mean = rng.normal(size=4).astype(np.float32)
    inv = (1 / rng.uniform(0.5, 2, size=4)).astype(np.float32)
    w0, b0 = rng.normal(size=(4, 6)).astype(np.float32), rng.normal(size=6).astype(np.float32)
    w1, b1 = rng.normal(size=(6, 3)).astype(np.float32), rng.normal(size=3).astype(np.float32)
    nodes = [
        helper.make_node("Cast", ["dense_input"], ["cast:0"], to=TensorProto.FLOAT),
        helper.make_node("Sub", ["cast:0", "sequential/normalization/sub/y:0"], ["sub:0"]),
        helper.make_node("Mul", ["sub:0", "sequential/normalization/mul/y:0"], ["mul:0"]),
        helper.make_node("MatMul", ["mul:0", "sequential/dense/MatMul/ReadVariableOp:0"], ["sequential/dense/MatMul:0"]),
        helper.make_node("Add", ["sequential/dense/MatMul:0", "sequential/dense/BiasAdd/ReadVariableOp:0"], ["sequential/dense/BiasAdd:0"]),
        helper.make_node("Relu", ["sequential/dense/BiasAdd:0"], ["sequential/dense/Relu:0"]),
        helper.make_node("MatMul", ["sequential/dense/Relu:0", "sequential/dense_1/MatMul/ReadVariableOp:0"], ["sequential/dense_1/MatMul:0"]),
        helper.make_node("Add", ["sequential/dense_1/MatMul:0", "sequential/dense_1/BiasAdd/ReadVariableOp:0"], ["sequential/dense_1/BiasAdd:0"]),
        helper.make_node("Softmax", ["sequential/dense_1/BiasAdd:0"], ["sequential/dense_1/Softmax:0"], axis=-1),
        helper.make_node("Identity", ["sequential/dense_1/Softmax:0"], ["dense_1"]),
    ]
    inits = [
        init("sequential/normalization/sub/y:0", mean), init("sequential/normalization/mul/y:0", inv),
        init("sequential/dense/MatMul/ReadVariableOp:0", w0), init("sequential/dense/BiasAdd/ReadVariableOp:0", b0),
        init("sequential/dense_1/MatMul/ReadVariableOp:0", w1), init("sequential/dense_1/BiasAdd/ReadVariableOp:0", b1),
    ]
    graph = helper.make_graph(
        nodes, "tf2onnx", [helper.make_tensor_value_info("dense_input", TensorProto.FLOAT, ["unk__6", 4])],
        [helper.make_tensor_value_info("dense_1", TensorProto.FLOAT, ["unk__7", 3])], inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="tf2onnx", ir_version=8)


def skl2onnx_real():
    from skl2onnx import to_onnx
    from sklearn.datasets import load_iris
    from sklearn.neural_network import MLPClassifier, MLPRegressor

    iris = load_iris()
    x = iris.data.astype(np.float32)
    species = iris.target_names[iris.target]  # string labels: the importer reads them from the graph
    classifier = MLPClassifier(hidden_layer_sizes=(8, 6), max_iter=400, random_state=0).fit(x, species)
    regressor = MLPRegressor(hidden_layer_sizes=(5,), activation="tanh", max_iter=400,
                             random_state=0).fit(x, x[:, 0])
    return (to_onnx(classifier, x[:1], options={"zipmap": False}), to_onnx(regressor, x[:1]))


def check_documentation():
    """Runs the Python blocks of docs/interop.md marked `<!-- interop-check: FILE -->` next to
    FILE exported from samples/, and compares what they print with the ```text block after
    them (numbers within 1e-12 relative, the rest exactly)."""
    import re

    text = open("docs/interop.md", encoding="utf-8").read()
    pattern = re.compile(r"<!-- interop-check: (\S+) -->\n```python\n(.*?)```\n\n```text\n(.*?)```", re.S)
    number = re.compile(r"-?\d+\.\d+(?:e[-+]?\d+)?")
    blocks = pattern.findall(text)
    if not blocks:
        fail("docs/interop.md: no interop-check block")
    for target, code, expected in blocks:
        checked["docs"] += 1
        directory = os.path.join(WORK, "doc")
        os.makedirs(directory, exist_ok=True)
        sample = os.path.join(os.getcwd(), "samples", target.rsplit(".", 1)[0] + ".nnm")
        run("export", sample, "--out", os.path.join(directory, target))
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=directory)
        got = result.stdout
        same_text = number.sub("#", got) == number.sub("#", expected)
        pairs = list(zip(number.findall(got), number.findall(expected)))
        same_numbers = len(pairs) == len(number.findall(expected)) and all(
            abs(float(a) - float(b)) <= 1e-12 * max(abs(float(b)), 1e-300) for a, b in pairs)
        if result.returncode != 0 or not same_text or not same_numbers:
            fail(f"docs/interop.md block for {target}: printed {got!r}{result.stderr[-300:]}, the document says {expected!r}")


def main():
    check_documentation()
    for sample in sorted(os.listdir("samples")):
        if sample.endswith(".nnm"):
            path = os.path.join(WORK, sample)
            with open(os.path.join("samples", sample), "rb") as src, open(path, "wb") as dst:
                dst.write(src.read())
            check_model(sample, sample[:-4])
    for path in random_models():
        check_model(path, path[:-4])
    rng = np.random.default_rng(42)
    check_foreign("pytorch-gemm", pytorch_style(rng), 4)
    check_foreign("pytorch-matmul-f64", pytorch_matmul_style(rng), 3, np.float64)
    check_foreign("tf2onnx", tf2onnx_style(rng), 4)
    classifier, regressor = skl2onnx_real()
    check_foreign("skl2onnx-mlpclassifier", classifier, 4)
    check_foreign("skl2onnx-mlpregressor", regressor, 4)
    # A PyTorch-style state dict without nnkit metadata: numpy forward == nntool predict.
    w0, b0, w1, b1 = (rng.normal(size=s).astype(np.float32) for s in [(5, 3), (5,), (2, 5), (2,)])
    save_file({"0.weight": w0, "0.bias": b0, "2.weight": w1, "2.bias": b1},
              os.path.join(WORK, "torch.safetensors"), metadata={"format": "pt"})
    run("import", "torch.safetensors", "--activation", "relu", "--task", "multiclass",
        "--labels", "p,q", "--out", "torch.nnm")
    raw = rng.normal(size=(5, 3))
    hidden = np.maximum(raw @ w0.T.astype(np.float64) + b0, 0)
    logits = hidden @ w1.T.astype(np.float64) + b1
    expected = np.exp(logits - logits.max(1, keepdims=True))
    expected /= expected.sum(1, keepdims=True)
    if not close(predict("torch.nnm", raw), expected, "f32"):
        fail("torch.safetensors: nntool predict differs from numpy")
    print(f"interop: {checked['models']} nnkit models exported and checked "
          f"({checked['denormalized']} with output normalization), "
          f"{checked['graphs']} foreign graphs imported, {checked['docs']} docs/interop.md block(s) run, "
          f"{len(failures)} failures")
    sys.exit(1 if failures else 0)


main()
