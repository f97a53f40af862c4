// The tutorial in code, with nnkit's libraries:
//
//   1. describe the inputs (raw pounds and inches, shifted by 135 and 66 as in the tutorial)
//      and make the 2-2-1 sigmoid network with seeded random weights;
//   2. look at the tutorial's hand-set network (every weight 1, every bias 0): Alice's output
//      and the chain rule for dL/dw1;
//   3. train on the four people: MSE, SGD with learning rate 0.1, 1000 epochs, one sample at a
//      time in order;
//   4. write the model atomically, read it back, and ask about Emily and Frank.
//
//   TrainModel [out.nnm]        (default: a file in a new temporary directory)
//
// Exits with status 1 on any error, or if Emily is not F or Frank is not M.
import NNEngine
import NNModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Prints `message` on standard error and exits with status 1.
func fail(_ message: String) -> Never {
  var line = "TrainModel: \(message)\n"
  line.withUTF8 { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
  exit(1)
}

/// `value` with `digits` decimals (no Foundation needed).
func rounded(_ value: Double, _ digits: Int = 4) -> String {
  var buffer = [CChar](repeating: 0, count: 64)
  _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, "%.\(digits)f", $0) }
  return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

// The tutorial's table in raw units; F is 1, M is 0.
let people: [(name: String, weight: Double, height: Double, female: Bool)] = [
  ("Alice", 133, 65, true), ("Bob", 160, 72, false),
  ("Charlie", 152, 70, false), ("Diana", 120, 60, true),
]
let data = TrainingData(
  inputs: people.map { [$0.weight, $0.height] }, targets: people.map { [$0.female ? 1 : 0] })

do {
  // 1. The model: what the inputs are and how to shift them, the layers, how to read the
  //    output. The normalization travels with the model, so callers pass raw values.
  let features = [
    Feature(name: "weight", unit: "lb", normalization: Normalization(shift: 135, scale: 1)),
    Feature(name: "height", unit: "in", normalization: Normalization(shift: 66, scale: 1)),
  ]
  let output = OutputSpec(task: .binary(threshold: 0.5, negative: "M", positive: "F"))
  var model = try initializedModel(
    features: features, layerSizes: [2, 1], activations: [.sigmoid, .sigmoid], output: output,
    initialization: .normal, seed: 1)
  model.name = "gender"

  // 2. The tutorial's backpropagation example: every weight 1, every bias 0, Alice alone.
  var handSet = try AnyNetwork(model: model)
  for id in handSet.parameterIDs { try handSet.setParameter(id, to: id.isBias ? 0 : 1) }
  let alice = [133.0, 65.0]
  let aliceOutput = try handSet.predict(raw: alice)[0]
  print("all weights 1: Alice -> \(rounded(aliceOutput, 3))")  // 0.524
  guard let w1 = ParameterID(name: "w1", in: handSet.model) else { fail("no w1") }
  let chain = try handSet.chainRule(raw: alice, target: [1], loss: .meanSquaredError, parameter: w1)
  let factors = chain.factors.map { "\($0.label) = \(rounded($0.value))" }
  print("dL/dw1 = " + factors.joined(separator: " * ") + " = \(rounded(chain.product))")

  // 3. Train from the seeded random start, as the tutorial's code does.
  var network = try AnyNetwork(model: model)
  let configuration = TrainingConfiguration(
    loss: .meanSquaredError, optimizer: .sgd(learningRate: 0.1), epochs: 1000, batchSize: 1,
    shuffle: false, seed: 1)
  let report = try network.train(on: data, configuration: configuration) { epoch in
    if epoch.epoch % 250 == 0 { print("epoch \(epoch.epoch) loss \(rounded(epoch.loss))") }
    return .continue
  }
  print("trained \(report.epochsRun) epochs")

  // 4. Write (binary; atomically: temporary file, fsync, rename), read back, predict.
  var trained = network.model
  trained.metadata["trained_by"] = "Examples/TrainModel"
  var path = FilePath(CommandLine.arguments.dropFirst().first ?? "")
  if path.isEmpty {
    var template = Array("/tmp/TrainModel-XXXXXX".utf8CString)
    guard let directory = mkdtemp(&template) else { fail("cannot create a directory") }
    path = FilePath(String(cString: directory)).appending("gender.nnm")
  }
  try trained.write(to: path)
  let loaded = try Model(contentsOf: path)
  guard loaded == trained else { fail("the model read back differs") }
  let reader = try AnyNetwork(model: loaded)
  guard case .binary(let threshold, let negative, let positive) = loaded.output.task else {
    fail("not a binary classifier")
  }
  var answers: [String] = []
  for (name, input) in [("Emily", [128.0, 63.0]), ("Frank", [155.0, 68.0])] {
    let y = try reader.predict(raw: input)[0]
    let label = y >= threshold ? positive : negative
    answers.append(label)
    print("\(name) \(Int(input[0])) lb \(Int(input[1])) in -> \(rounded(y, 3)) \(label)")
  }
  print("wrote \(path)")
  guard answers == ["F", "M"] else { fail("expected Emily F and Frank M, got \(answers)") }
} catch let error as ModelFileError {
  fail(error.description)
} catch {
  fail("\(error)")
}
