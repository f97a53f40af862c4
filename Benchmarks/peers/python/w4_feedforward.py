"""W4 peers: feedforward latency (one sample) and throughput (a batch of 1,024) for the
tutorial's 2-2-1 sigmoid network and a 784-256-128-10 ReLU/softmax network, in numpy (f32 for
the 784 net, f64 for the 2-2-1 as in the tutorial) and in onnxruntime (f32; the ONNX models are
built here with the `onnx` helper API). Usage: w4_feedforward.py REPS [numpy|onnxruntime]..."""

import sys
import time

import numpy as np

from benchutil import blas_note, emit

SIZES = [784, 256, 128, 10]


def per_call_seconds(function, reps, min_time=0.05):
    """Median over `reps` loops of the mean time per call; each loop runs >= min_time."""
    function()
    count = 1
    while True:
        start = time.perf_counter()
        for _ in range(count):
            function()
        if time.perf_counter() - start >= min_time:
            break
        count *= 2
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        for _ in range(count):
            function()
        times.append((time.perf_counter() - start) / count)
    times.sort()
    return times[len(times) // 2]


def tutorial_params():
    # Parameters the W1 training converges to (any values do the same work).
    w1 = np.array([[2.47, 0.42], [3.20, 0.49]])
    b1 = np.array([0.48, 0.33])
    w2 = np.array([[-2.66, -3.41]])
    b2 = np.array([2.86])
    return w1, b1, w2, b2


def big_params(dtype=np.float32):
    rng = np.random.default_rng(0)
    params = []
    for fan_in, fan_out in zip(SIZES[:-1], SIZES[1:]):
        params.append((rng.normal(0, 1, (fan_out, fan_in)) * np.sqrt(2 / fan_in)).astype(dtype))
        params.append(np.zeros(fan_out, dtype))
    return params


def run_numpy(reps):
    w1, b1, w2, b2 = tutorial_params()
    x = np.array([-7.0, -3.0])

    def tiny():
        h = 1 / (1 + np.exp(-(w1 @ x + b1)))
        return 1 / (1 + np.exp(-(w2 @ h + b2)))

    emit("W4", "2-2-1 one sample", "numpy", per_call_seconds(tiny, reps) * 1e9, "ns", "lower",
         reps, "f64 vectorised")
    p = big_params()

    def big(xb):
        a = np.maximum(xb @ p[0].T + p[1], 0)
        a = np.maximum(a @ p[2].T + p[3], 0)
        z = a @ p[4].T + p[5]
        z = np.exp(z - z.max(axis=-1, keepdims=True))
        return z / z.sum(axis=-1, keepdims=True)

    rng = np.random.default_rng(2)
    one = rng.random((1, 784), dtype=np.float32)
    batch = rng.random((1024, 784), dtype=np.float32)
    note = f"f32; {blas_note()}"
    emit("W4", "784 net one sample", "numpy", per_call_seconds(lambda: big(one), reps) * 1e6,
         "us", "lower", reps, note)
    emit("W4", "784 net batch 1024", "numpy",
         1024 / per_call_seconds(lambda: big(batch), reps), "samples/s", "higher", reps, note)


def onnx_model(layers, name):
    """layers: list of (weight [out,in] f32, bias [out] f32, activation op name)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    nodes, inits = [], []
    current = "x"
    for i, (w, b, act) in enumerate(layers):
        inits += [numpy_helper.from_array(w.astype(np.float32), f"w{i}"),
                  numpy_helper.from_array(b.astype(np.float32), f"b{i}")]
        nodes.append(helper.make_node("Gemm", [current, f"w{i}", f"b{i}"], [f"z{i}"], transB=1))
        out = "y" if i == len(layers) - 1 else f"a{i}"
        attrs = {"axis": 1} if act == "Softmax" else {}
        nodes.append(helper.make_node(act, [f"z{i}"], [out], **attrs))
        current = out
    n_in = layers[0][0].shape[1]
    n_out = layers[-1][0].shape[0]
    graph = helper.make_graph(
        nodes, name, [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", n_in])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["n", n_out])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model.SerializeToString()


def run_onnxruntime(reps):
    import onnxruntime as ort
    w1, b1, w2, b2 = tutorial_params()
    tiny = ort.InferenceSession(
        onnx_model([(w1, b1, "Sigmoid"), (w2, b2, "Sigmoid")], "tutorial"),
        providers=["CPUExecutionProvider"])
    x = np.array([[-7.0, -3.0]], dtype=np.float32)
    note = f"onnxruntime {ort.__version__}, default session options"
    emit("W4", "2-2-1 one sample", "onnxruntime",
         per_call_seconds(lambda: tiny.run(None, {"x": x}), reps) * 1e9, "ns", "lower", reps, note)
    p = big_params()
    big = ort.InferenceSession(
        onnx_model([(p[0], p[1], "Relu"), (p[2], p[3], "Relu"), (p[4], p[5], "Softmax")], "big"),
        providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(2)
    one = rng.random((1, 784), dtype=np.float32)
    batch = rng.random((1024, 784), dtype=np.float32)
    emit("W4", "784 net one sample", "onnxruntime",
         per_call_seconds(lambda: big.run(None, {"x": one}), reps) * 1e6, "us", "lower", reps,
         note)
    emit("W4", "784 net batch 1024", "onnxruntime",
         1024 / per_call_seconds(lambda: big.run(None, {"x": batch}), reps), "samples/s",
         "higher", reps, note)


def main():
    reps = int(sys.argv[1])
    which = sys.argv[2:] or ["numpy", "onnxruntime"]
    if "numpy" in which:
        run_numpy(reps)
    if "onnxruntime" in which:
        run_onnxruntime(reps)


if __name__ == "__main__":
    main()
