"""W5 and W5j peers: model I/O of float32 models of 1M / 10M / 100M parameters (one dense layer:
units x inputs weights + units biases, the same shapes as the Swift side), warm page cache;
and JSON encoding/decoding of 1M float64 weights with Python's json and orjson.

- safetensors (safetensors.numpy): save_file; load_file (eager); safe_open + keys (header only)
- numpy: np.save / np.load of the flat parameter vector; np.load(mmap_mode="r") (header only)
- plain read(): readinto a preallocated buffer (the ceiling for an eager load)
Usage: w5_io.py DIR REPS SIZES(comma list, e.g. 1000000,10000000) [W5J_WEIGHTS_FILE]"""

import json
import os
import sys

import numpy as np

from benchutil import emit, median_time, size_label

SHAPES = {1_000_000: (1000, 999), 10_000_000: (10000, 999), 100_000_000: (100_000, 999)}


def shape_for(count):
    if count in SHAPES:
        return SHAPES[count]
    units = 100
    return units, count // units - 1


def run_size(directory, reps, count):
    from safetensors import safe_open
    from safetensors.numpy import load_file, save_file
    units, inputs = shape_for(count)
    rng = np.random.default_rng(0)
    tensors = {"layers.0.weight": rng.standard_normal((units, inputs), dtype=np.float32),
               "layers.0.bias": rng.standard_normal(units, dtype=np.float32)}
    flat = np.concatenate([tensors["layers.0.weight"].ravel(), tensors["layers.0.bias"]])
    nbytes = flat.nbytes
    gb = nbytes / 1e9
    st_path = os.path.join(directory, f"w5-{size_label(count)}.safetensors")
    np_path = os.path.join(directory, f"w5-{size_label(count)}.npy")
    name = size_label(count)

    def report(case, impl, seconds, note="", runs=reps):
        emit("W5", f"{case} {name}", impl, seconds * 1e3, "ms", "lower", runs,
             (f"{gb / seconds:.2f} GB/s; " if case != "open" else "") + note)

    report("save", "safetensors", median_time(lambda: save_file(tensors, st_path), reps),
           "save_file, no fsync")

    def save_fsync():
        save_file(tensors, st_path)
        descriptor = os.open(st_path, os.O_RDONLY)
        os.fsync(descriptor)
        os.close(descriptor)

    report("save", "safetensors+fsync", median_time(save_fsync, reps), "save_file then fsync")
    report("save", "numpy", median_time(lambda: np.save(np_path, flat), reps), "np.save, no fsync")
    report("load", "safetensors", median_time(lambda: load_file(st_path), reps),
           "load_file (eager, no integrity check)")
    report("load", "numpy", median_time(lambda: np.load(np_path), reps), "np.load (eager, no check)")
    buffer = bytearray(os.path.getsize(st_path))

    def plain_read():
        with open(st_path, "rb", buffering=0) as file:
            view = memoryview(buffer)
            while view:
                got = file.readinto(view)
                if not got:
                    break
                view = view[got:]

    report("load", "read()", median_time(plain_read, reps), "readinto a preallocated buffer")

    def st_open():
        with safe_open(st_path, framework="np") as file:
            file.keys()

    report("open", "safetensors", median_time(st_open, max(reps, 21)), "safe_open + keys (header)",
           max(reps, 21))
    report("open", "numpy", median_time(lambda: np.load(np_path, mmap_mode="r"), max(reps, 21)),
           "np.load(mmap_mode='r')", max(reps, 21))
    os.remove(st_path)
    os.remove(np_path)


def run_json(weights_path, reps):
    import orjson
    values = np.fromfile(weights_path, dtype="<f8").tolist()
    document = json.dumps(values)
    size_mb = len(document) / 1e6
    for impl, dumps, loads in [("json", json.dumps, json.loads),
                               ("orjson", orjson.dumps, orjson.loads)]:
        assert loads(dumps(values)) == values
        seconds = median_time(lambda: dumps(values), reps)
        emit("W5j", "JSON encode 1M f64", impl, size_mb / seconds, "MB/s", "higher", reps,
             f"{size_mb:.1f} MB document (a flat array)")
        seconds = median_time(lambda: loads(document), reps)
        emit("W5j", "JSON decode 1M f64", impl, size_mb / seconds, "MB/s", "higher", reps,
             f"{size_mb:.1f} MB document (a flat array)")


def main():
    directory, reps = sys.argv[1], int(sys.argv[2])
    os.makedirs(directory, exist_ok=True)
    for count in [int(c) for c in sys.argv[3].split(",") if c]:
        run_size(directory, reps, count)
    if len(sys.argv) > 4:
        run_json(sys.argv[4], reps)


if __name__ == "__main__":
    main()
