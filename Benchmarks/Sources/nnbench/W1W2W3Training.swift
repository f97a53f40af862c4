import NNEngine
import NNModel

#if canImport(Glibc)
  import Glibc
#endif

/// W1: the tutorial's 2-2-1 network, MSE, SGD lr 0.1, batch 1, 1000 epochs over the four
/// people (4,000 steps): through the typed library call `Network<Scalar>.train` (in f32 and
/// f64) and through the dtype-erased `AnyNetwork.train` the tools use (f64, raw inputs).
func runW1(reps: Int, epochs: Int) throws {
  let configuration = TrainingConfiguration(
    loss: .meanSquaredError, optimizer: .sgd(learningRate: 0.1), epochs: epochs, batchSize: 1,
    shuffle: false, seed: 1)
  // The typed API takes normalized inputs: the tutorial's shifted table.
  let shifted = tutorialInputs.map { [$0[0] - 135, $0[1] - 66] }
  let only = getenv("NNBENCH_ONLY").map { String(cString: $0) }
  if only == nil || only == "nnkit" {
    try trainTutorial(Float.self, "nnkit", shifted, configuration, reps: reps, epochs: epochs)
  }
  if only == nil || only == "nnkit-f64" {
    try trainTutorial(Double.self, "nnkit-f64", shifted, configuration, reps: reps, epochs: epochs)
  }
  if only != nil && only != "nnkit-any-f64" { return }

  var emily = 0.0
  var frank = 0.0
  let data = TrainingData(inputs: tutorialInputs, targets: tutorialTargets)
  let seconds = try medianSeconds(reps: reps) {
    try AnyNetwork(model: tutorialModel(.float64))
  } _: { network in
    _ = try network.train(on: data, configuration: configuration) { _ in .continue }
    emily = try network.predict(raw: [128, 63])[0]
    frank = try network.predict(raw: [155, 68])[0]
  }
  let note = "AnyNetwork.train (f64, raw inputs); emily=\(short(emily)) frank=\(short(frank))"
  emitW1("nnkit-any-f64", seconds: seconds, reps: reps, epochs: epochs, note: note)
}

private func trainTutorial<Scalar: NetworkScalar>(
  _: Scalar.Type, _ impl: String, _ shifted: [[Double]], _ configuration: TrainingConfiguration,
  reps: Int, epochs: Int
) throws {
  let data = Dataset<Scalar>(
    inputs: shifted.map { $0.map { Scalar($0) } },
    targets: tutorialTargets.map { $0.map { Scalar($0) } })
  let model = tutorialModel(Scalar.scalarType)
  var trained: Network<Scalar>?
  let seconds = try medianSeconds(reps: reps) {
    try Network<Scalar>(model: model)
  } _: {
    network in
    _ = try network.train(on: data, configuration: configuration)
    trained = network
  }
  guard let trained else { fatalError("W1: no repetition ran") }
  let emily = try trained.forward([-7, -3])[0]
  let frank = try trained.forward([20, 2])[0]
  let note =
    "Network<\(Scalar.self)>.train; emily=\(short(Double(emily))) frank=\(short(Double(frank)))"
  emitW1(impl, seconds: seconds, reps: reps, epochs: epochs, note: note)
}

private func emitW1(_ impl: String, seconds: Double, reps: Int, epochs: Int, note: String) {
  emit(
    "W1", "train 2-2-1, in-process", impl: impl, value: seconds * 1e3, unit: "ms",
    better: "lower", reps: reps, note: note)
  emit(
    "W1", "train 2-2-1 steps/s", impl: impl, value: Double(4 * epochs) / seconds,
    unit: "steps/s", better: "higher", reps: reps, note: note)
}

/// W2: digits 64-32-10, sigmoid hidden, softmax + cross-entropy, SGD lr 0.1, `epochs` epochs in
/// file order, f32, at batch 1 and batch 32; and, at batch 1, sigmoid outputs with MSE (the same
/// arithmetic as the FANN peer, which has no softmax).
func runW2(digitsPath: String, reps: Int, epochs: Int) throws {
  let digits = Digits(path: digitsPath)
  let data = Dataset<Float>(
    inputs: digits.inputs.map { $0.map(Float.init) },
    targets: digits.targets.map { $0.map(Float.init) })
  let cases: [(impl: String, batch: Int, output: Activation, loss: Loss)] = [
    ("nnkit", 1, .softmax, .categoricalCrossEntropy),
    ("nnkit", 32, .softmax, .categoricalCrossEntropy),
    ("nnkit-sigmoid-mse", 1, .sigmoid, .meanSquaredError),
  ]
  for (impl, batch, output, loss) in cases {
    let model = denseModel(
      sizes: [64, 32, 10], hidden: .sigmoid, output: output, scalarType: .float32, seed: 1)
    let configuration = TrainingConfiguration(
      loss: loss, optimizer: .sgd(learningRate: 0.1), epochs: epochs, batchSize: batch,
      shuffle: false, seed: 1)
    var trained: Network<Float>?
    let seconds = try medianSeconds(reps: reps) {
      try Network<Float>(model: model)
    } _: {
      network in
      _ = try network.train(on: data, configuration: configuration)
      trained = network
    }
    guard let trained else { fatalError("W2: no repetition ran") }
    let accuracy = try accuracyOf(trained, digits.inputs, digits.targets)
    let what = output == .softmax ? "softmax+CE" : "sigmoid+MSE outputs as FANN"
    emit(
      "W2", "digits batch \(batch)", impl: impl,
      value: Double(digits.inputs.count * epochs) / seconds, unit: "samples/s",
      better: "higher", reps: reps,
      note: "f32 Network.train, \(what); train accuracy \(short(accuracy))")
  }
}

/// W3: 784-256-128-10, ReLU hidden, softmax + cross-entropy, `samples` random samples, batch 64,
/// SGD lr 0.01, f32; one epoch per repetition.
func runW3(reps: Int, samples: Int) throws {
  var random = BenchRandom(state: 11)
  let inputs = (0..<samples * 784).map { _ in Float(random.uniform()) }
  var targets = [Float](repeating: 0, count: samples * 10)
  for row in 0..<samples { targets[row * 10 + Int(random.next() % 10)] = 1 }
  let data = Dataset<Float>(inputs: inputs, targets: targets, count: samples)
  let configuration = TrainingConfiguration(
    loss: .categoricalCrossEntropy, optimizer: .sgd(learningRate: 0.01), epochs: 1,
    batchSize: 64, shuffle: false, seed: 1)
  var network = try Network<Float>(
    model: denseModel(
      sizes: [784, 256, 128, 10], hidden: .relu, output: .softmax, scalarType: .float32, seed: 3))
  // Warm-up: one short pass (as the numpy peer does).
  let warmup = Dataset<Float>(
    inputs: Array(inputs[0..<640 * 784]), targets: Array(targets[0..<6400]), count: 640)
  _ = try network.train(on: warmup, configuration: configuration)
  let seconds = try medianSeconds(reps: reps) {
    ()
  } _: { _ in
    _ = try network.train(on: data, configuration: configuration)
  }
  emit(
    "W3", "784-256-128-10 batch 64", value: Double(samples) / seconds, unit: "samples/s",
    better: "higher", reps: reps, note: "f32 Network.train, one epoch per repetition")
}

private func accuracyOf(_ network: Network<Float>, _ inputs: [[Double]], _ targets: [[Double]])
  throws -> Double
{
  var correct = 0
  for (input, target) in zip(inputs, targets) {
    let output = try network.forward(input.map(Float.init))
    let best = output.indices.max { output[$0] < output[$1] }
    let label = target.indices.max { target[$0] < target[$1] }
    if best == label { correct += 1 }
  }
  return Double(correct) / Double(inputs.count)
}

/// Trains the tutorial network as W1 does (f64, AnyNetwork) and writes it as a binary model
/// file: the model that W6 queries.
func saveTutorial(path: String) throws {
  var network = try AnyNetwork(model: tutorialModel(.float64))
  let configuration = TrainingConfiguration(
    loss: .meanSquaredError, optimizer: .sgd(learningRate: 0.1), epochs: 1000, batchSize: 1,
    shuffle: false, seed: 1)
  _ = try network.train(
    on: TrainingData(inputs: tutorialInputs, targets: tutorialTargets),
    configuration: configuration)
  try network.model.write(to: FilePath(path))
}
