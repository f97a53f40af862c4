"""W8 peers: the Python safetensors and onnx packages on the files nnbench w8 wrote (the W5
models as ONNX and safetensors), warm page cache.

- safetensors (safetensors.numpy): load_file (eager, to numpy arrays); save_file (+ fsync)
- onnx: onnx.load + numpy_helper.to_array of every initializer (to numpy arrays, as nnkit's
  import gives arrays); onnx.save of the loaded model (+ fsync)
Usage: w8_interop.py DIR REPS SIZES(comma list)"""

import os
import sys

from benchutil import emit, median_time, size_label


def fsynced(path):
    descriptor = os.open(path, os.O_RDONLY)
    os.fsync(descriptor)
    os.close(descriptor)


def main():
    import onnx
    from onnx import numpy_helper
    from safetensors.numpy import load_file, save_file

    directory, reps, sizes = sys.argv[1], int(sys.argv[2]), [int(s) for s in sys.argv[3].split(",")]
    for count in sizes:
        name = size_label(count)
        gb = count * 4 / 1e9

        def report(case, impl, seconds, note):
            emit("W8", f"{case} {name}", impl, seconds * 1e3, "ms", "lower", reps,
                 f"{gb / seconds:.2f} GB/s; " + note)

        st_path = os.path.join(directory, f"w8-{name}.safetensors")
        onnx_path = os.path.join(directory, f"w8-{name}.onnx")
        out = os.path.join(directory, f"w8-{name}-python")
        tensors = load_file(st_path)
        report("import safetensors", "safetensors", median_time(lambda: load_file(st_path), reps),
               "load_file of nnkit's file (eager, no checks beyond the header)")

        def save_st():
            save_file(tensors, out + ".safetensors", metadata={"format": "pt"})
            fsynced(out + ".safetensors")

        report("export safetensors", "safetensors", median_time(save_st, reps), "save_file + fsync")

        def load_onnx():
            model = onnx.load(onnx_path)
            return [numpy_helper.to_array(t) for t in model.graph.initializer]

        report("import onnx", "onnx", median_time(load_onnx, reps),
               "onnx.load of nnkit's file + numpy_helper.to_array of every initializer")
        model = onnx.load(onnx_path)

        def save_onnx():
            onnx.save(model, out + ".onnx")
            fsynced(out + ".onnx")

        report("export onnx", "onnx", median_time(save_onnx, reps), "onnx.save + fsync")
        for path in [st_path, onnx_path, out + ".safetensors", out + ".onnx"]:
            os.remove(path)


main()
