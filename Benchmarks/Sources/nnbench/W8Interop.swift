import NNInterop
import NNModel

#if canImport(Glibc)
  import Glibc
#endif

/// W8: export (atomic write: temp file, fsync, rename) and import (read, parse, check, build a
/// valid model) of the W5 models as ONNX and safetensors, warm page cache. The files are left
/// in `directory` for the Python peers (peers/python/w8_interop.py), which read the same files.
func runW8(directory: String, reps: Int, sizes: [Int]) throws {
  mkdir(directory, 0o755)
  for count in sizes {
    let model = ioModel(count: count)
    let bytes = Double(count * 4)
    func report(_ name: String, _ seconds: Double, _ note: String) {
      emit(
        "W8", "\(name) \(label(count))", value: seconds * 1e3, unit: "ms", better: "lower",
        reps: reps, note: "\(short(bytes / seconds / 1e9)) GB/s; " + note)
    }
    for format in ["onnx", "safetensors"] {
      let path = "\(directory)/w8-\(label(count)).\(format)"
      let isONNX = format == "onnx"
      report(
        "export \(format)",
        try medianSeconds(reps: reps) {
          ()
        } _: { _ in
          if isONNX {
            try ONNX.write(model, to: FilePath(path))
          } else {
            try Safetensors.write(model, to: FilePath(path))
          }
        },
        isONNX
          ? "ONNX.write: encode, temp file, fsync, rename"
          : "Safetensors.write: encode, temp file, fsync, rename")
      var imported: Model?
      report(
        "import \(format)",
        try medianSeconds(reps: reps) {
          imported = nil
        } _: { _ in
          imported =
            isONNX
            ? try ONNX.read(contentsOf: FilePath(path)).model
            : try Safetensors.read(contentsOf: FilePath(path)).model
        },
        (isONNX ? "ONNX.read" : "Safetensors.read") + "(contentsOf:): parse, check, valid Model")
      precondition(imported == model, "nnbench: W8 \(format) round trip changed the model")
    }
  }
}
