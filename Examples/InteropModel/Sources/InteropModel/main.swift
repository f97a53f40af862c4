import NNEngine
import NNInterop
import NNModel

#if canImport(Glibc)
  import Glibc
#endif

// 1. A .nnm model out to ONNX and safetensors, and back: the same model.
let arguments = CommandLine.arguments
guard arguments.count == 3 else {
  print("usage: InteropModel MODEL.nnm STATE_DICT.safetensors")
  exit(64)
}
do {
  let model = try Model(contentsOf: FilePath(arguments[1]))  // paths are FilePaths
  let onnx = try ONNX.encode(model)  // or ONNX.write(model, to: "model.onnx")
  let weights = try Safetensors.encode(model)
  let fromONNX = try ONNX.read(bytes: onnx).model
  let fromSafetensors = try Safetensors.read(bytes: weights).model
  print("ONNX: \(onnx.count) bytes, same model back: \(fromONNX == model)")
  print("safetensors: \(weights.count) bytes, same model back: \(fromSafetensors == model)")
  print("PyTorch module: \(Safetensors.pytorchModule(model))")
  guard fromONNX == model, fromSafetensors == model else { exit(1) }

  // 2. A state dict from PyTorch: the activations and labels come from the options.
  let options = ImportOptions(
    features: ["sepal_length", "sepal_width", "petal_length", "petal_width"],
    labels: ["setosa", "versicolor", "virginica"], task: .multiclass, activation: .relu)
  let imported = try Safetensors.read(contentsOf: FilePath(arguments[2]), options: options)
  for note in imported.notes { print("note: \(note)") }
  let network = try AnyNetwork(model: imported.model)
  let outputs = try network.predict(raw: [6.4, 3.2, 4.5, 1.5])
  guard let best = outputs.indices.max(by: { outputs[$0] < outputs[$1] }) else {
    print("the model has no outputs")
    exit(1)
  }
  print("6.4 3.2 4.5 1.5 → \(["setosa", "versicolor", "virginica"][best])")
  if best != 1 { exit(1) }
} catch let error as InteropError {
  print("error: \(error)")  // one line: place, problem, [code]
  exit(65)
} catch {
  print("error: \(error)")
  exit(65)
}
