// Reads a .nnm model, prints its architecture and one prediction, edits its metadata, writes it
// atomically as binary and as JSON, and reads both files back to check that nothing changed.
//
//   ReadWriteModel [model.nnm [input ...]]
//
// Without a path it first writes the tutorial's 2-2-1 network (every weight 1, every bias 0)
// and runs it on Alice (133 lb, 65 in). Exits with status 1 on any error or mismatch.
import NNEngine
import NNModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The tutorial's network before training: weight and height shifted by 135 lb and 66 in,
/// two sigmoid neurons, one sigmoid output read as F (≥ 0.5) or M.
func tutorialModel() -> Model {
  Model(
    name: "gender",
    description: "the tutorial's 2-2-1 network before training",
    features: [
      Feature(name: "weight", unit: "lb", normalization: Normalization(shift: 135, scale: 1)),
      Feature(name: "height", unit: "in", normalization: Normalization(shift: 66, scale: 1)),
    ],
    layers: [
      DenseLayer(
        activation: .sigmoid, inputs: 2, units: 2, weights: [1, 1, 1, 1], biases: [0, 0]),
      DenseLayer(activation: .sigmoid, inputs: 2, units: 1, weights: [1, 1], biases: [0]),
    ],
    output: OutputSpec(task: .binary(threshold: 0.5, negative: "M", positive: "F")))
}

/// Prints `message` on standard error and exits with status 1.
func fail(_ message: String) -> Never {
  var line = "ReadWriteModel: \(message)\n"
  line.withUTF8 { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
  exit(1)
}

// A fresh directory for the files this program writes.
var template = Array("/tmp/ReadWriteModel-XXXXXX".utf8CString)
guard let created = mkdtemp(&template) else { fail("cannot create a temporary directory") }
let directory = FilePath(String(cString: created))  // paths are FilePaths (from NNModel)

let arguments = CommandLine.arguments.dropFirst()
var path = arguments.first.map { FilePath($0) } ?? directory.appending("gender.nnm")
do {
  // 1. Read. ModelReader detects the encoding (binary or JSON) from the content and checks
  //    every checksum and every rule of the format before it returns the model.
  if arguments.isEmpty { try tutorialModel().write(to: path) }
  let file = try ModelReader().read(contentsOf: path)
  var model = file.model
  print("\(path): \(file.encoding.rawValue) encoding, format \(file.version)")

  // 2. Architecture. Names come from the file: escape them before printing.
  let name = escapedForTerminal(model.name ?? "model")
  print("\(name): \(model.parameterCount) parameters, \(model.scalarType.rawValue)")
  for feature in model.features {
    let (shift, scale) = (feature.normalization.shift, feature.normalization.scale)
    let unit = feature.unit.map { " [\(escapedForTerminal($0))]" } ?? ""
    print("  input \(escapedForTerminal(feature.name))\(unit): x' = (x - \(shift)) / \(scale)")
  }
  for (k, layer) in model.layers.enumerated() {
    print("  layer \(k + 1): \(layer.inputs) -> \(layer.units) \(layer.activation.rawValue)")
  }

  // 3. One prediction, from raw (unnormalized) inputs: the arguments, Alice for the tutorial's
  //    network, else each feature's shift (the input the network sees as all zeros).
  var input = arguments.isEmpty ? [133, 65] : model.features.map(\.normalization.shift)
  if arguments.count > 1 {
    input = arguments.dropFirst().map { Double($0) ?? .nan }
    if input.contains(where: \.isNaN) { fail("inputs must be numbers: \(arguments.dropFirst())") }
  }
  guard input.count == model.inputCount else {
    fail("the model takes \(model.inputCount) inputs, got \(input.count)")
  }
  let output = try AnyNetwork(model: model).predict(raw: input)
  var answer = ""
  switch model.output.task {
  case .regression: break
  case .binary(let threshold, let negative, let positive):
    answer = " -> " + escapedForTerminal(output[0] >= threshold ? positive : negative)
  case .multiclass(let labels):
    let best = output.indices.max { output[$0] < output[$1] } ?? 0  // never empty: one per label
    answer = " -> " + escapedForTerminal(labels[best])
  }
  print("predict \(input) = \(output)\(answer)")

  // 4. Edit the free-form metadata (validated again when written).
  model.metadata["edited_by"] = "ReadWriteModel"

  // 5. Write atomically (temp file, fsync, rename): a crash leaves no half-written model.
  let binaryPath = directory.appending("edited.nnm")
  let jsonPath = directory.appending("edited.json")
  try model.write(to: binaryPath)
  try model.write(to: jsonPath, encoding: .json)

  // 6. Read both back: the same model, and the JSON twin gives the binary file byte for byte.
  path = binaryPath
  let fromBinary = try Model(contentsOf: binaryPath)
  path = jsonPath
  let fromJSON = try Model(contentsOf: jsonPath)
  guard fromBinary == model, fromJSON == model else { fail("a model read back differs") }
  guard try fromJSON.binaryEncoded() == model.binaryEncoded() else {
    fail("binary -> JSON -> binary changed the bytes")
  }
  print("wrote \(binaryPath) and \(jsonPath); both read back identical")
} catch let error as ModelFileError {
  fail(error.message(file: path.string))
} catch {
  fail("\(error)")
}
