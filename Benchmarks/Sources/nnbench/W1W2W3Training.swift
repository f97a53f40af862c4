import NNEngine
import NNModel

/// W1: the tutorial's 2-2-1 network, MSE, SGD lr 0.1, batch 1, 1000 epochs over the four
/// people (4,000 steps), through the same training call the tools use.
func runW1(reps: Int, epochs: Int) throws {
  for scalarType in [ScalarType.float32, .float64] {
    var emily = 0.0
    var frank = 0.0
    let configuration = TrainingConfiguration(
      loss: .meanSquaredError, optimizer: .sgd(learningRate: 0.1), epochs: epochs,
      batchSize: 1, shuffle: false, seed: 1)
    let data = TrainingData(inputs: tutorialInputs, targets: tutorialTargets)
    let seconds = try medianSeconds(reps: reps) {
      try AnyNetwork(model: tutorialModel(scalarType))
    } _: { network in
      _ = try network.train(on: data, configuration: configuration) { _ in .continue }
      emily = network.predict(raw: [128, 63])[0]
      frank = network.predict(raw: [155, 68])[0]
    }
    let impl = scalarType == .float32 ? "nnkit" : "nnkit-f64"
    let note = "AnyNetwork.train; emily=\(short(emily)) frank=\(short(frank))"
    emit(
      "W1", "train 2-2-1, in-process", impl: impl, value: seconds * 1e3, unit: "ms",
      better: "lower", reps: reps, note: note)
    emit(
      "W1", "train 2-2-1 steps/s", impl: impl, value: Double(4 * epochs) / seconds,
      unit: "steps/s", better: "higher", reps: reps, note: note)
  }
}

/// W2: digits 64-32-10, sigmoid hidden, softmax + cross-entropy, SGD lr 0.1, `epochs` epochs in
/// file order, f32, at batch 1 and batch 32.
func runW2(digitsPath: String, reps: Int, epochs: Int) throws {
  let digits = Digits(path: digitsPath)
  let data = TrainingData(inputs: digits.inputs, targets: digits.targets)
  let model = denseModel(
    sizes: [64, 32, 10], hidden: .sigmoid, output: .softmax, scalarType: .float32, seed: 1)
  for batch in [1, 32] {
    let configuration = TrainingConfiguration(
      loss: .categoricalCrossEntropy, optimizer: .sgd(learningRate: 0.1), epochs: epochs,
      batchSize: batch, shuffle: false, seed: 1)
    var trained: AnyNetwork?
    let seconds = try medianSeconds(reps: reps) { try AnyNetwork(model: model) } _: { network in
      _ = try network.train(on: data, configuration: configuration) { _ in .continue }
      trained = network
    }
    let accuracy = trained.map { accuracyOf($0, digits.inputs, digits.targets) } ?? 0
    emit(
      "W2", "digits batch \(batch)", value: Double(digits.inputs.count * epochs) / seconds,
      unit: "samples/s", better: "higher", reps: reps,
      note: "f32, AnyNetwork.train; train accuracy \(short(accuracy))")
  }
  // The same arithmetic as the FANN peer (which has no softmax): sigmoid outputs with MSE.
  let sigmoidModel = denseModel(
    sizes: [64, 32, 10], hidden: .sigmoid, output: .sigmoid, scalarType: .float32, seed: 1)
  let configuration = TrainingConfiguration(
    loss: .meanSquaredError, optimizer: .sgd(learningRate: 0.1), epochs: epochs,
    batchSize: 1, shuffle: false, seed: 1)
  var trained: AnyNetwork?
  let seconds = try medianSeconds(reps: reps) { try AnyNetwork(model: sigmoidModel) } _: {
    network in
    _ = try network.train(on: data, configuration: configuration) { _ in .continue }
    trained = network
  }
  let accuracy = trained.map { accuracyOf($0, digits.inputs, digits.targets) } ?? 0
  emit(
    "W2", "digits batch 1", impl: "nnkit-sigmoid-mse",
    value: Double(digits.inputs.count * epochs) / seconds, unit: "samples/s", better: "higher",
    reps: reps, note: "f32, sigmoid+MSE outputs as FANN; train accuracy \(short(accuracy))")
}

/// W3: 784-256-128-10, ReLU hidden, softmax + cross-entropy, `samples` random samples, batch 64,
/// SGD lr 0.01, f32; one epoch per repetition.
func runW3(reps: Int, samples: Int) throws {
  var random = BenchRandom(state: 11)
  let inputs = (0..<samples).map { _ in (0..<784).map { _ in random.uniform() } }
  let targets = (0..<samples).map { _ in
    var row = [Double](repeating: 0, count: 10)
    row[Int(random.next() % 10)] = 1
    return row
  }
  let data = TrainingData(inputs: inputs, targets: targets)
  let configuration = TrainingConfiguration(
    loss: .categoricalCrossEntropy, optimizer: .sgd(learningRate: 0.01), epochs: 1,
    batchSize: 64, shuffle: false, seed: 1)
  var network = try AnyNetwork(
    model: denseModel(
      sizes: [784, 256, 128, 10], hidden: .relu, output: .softmax, scalarType: .float32, seed: 3))
  let seconds = try medianSeconds(reps: reps) { () } _: { _ in
    _ = try network.train(on: data, configuration: configuration) { _ in .continue }
  }
  emit(
    "W3", "784-256-128-10 batch 64", value: Double(samples) / seconds, unit: "samples/s",
    better: "higher", reps: reps, note: "f32, AnyNetwork.train, one epoch per repetition")
}

private func accuracyOf(_ network: AnyNetwork, _ inputs: [[Double]], _ targets: [[Double]])
  -> Double
{
  var correct = 0
  for (input, target) in zip(inputs, targets) {
    let output = network.predict(raw: input)
    let best = output.indices.max { output[$0] < output[$1] }
    let label = target.indices.max { target[$0] < target[$1] }
    if best == label { correct += 1 }
  }
  return Double(correct) / Double(inputs.count)
}
