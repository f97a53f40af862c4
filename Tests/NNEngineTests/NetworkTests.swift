import NNModel
import Testing

@testable import NNEngine

@Suite("Network construction, forward passes and losses")
struct NetworkTests {
  @Test("inconsistent models throw a clear EngineError instead of trapping")
  func badModels() {
    var model = tutorialModel(weights: [1, 1, 1, 1, 1, 1], biases: [0, 0, 0])
    model.layers[1].weights = Tensor(shape: [1, 3], values: [1, 1, 1], scalarType: .float64)
    #expect(throws: EngineError.weightShape(layer: 1, expected: [1, 2], found: [1, 3])) {
      try Network<Double>(model: model)
    }
    model = tutorialModel(weights: [1, 1, 1, 1, 1, 1], biases: [0, 0, 0])
    model.layers[0].weights = Tensor(shape: [2, 2], storage: .float64([1, 1, 1]))
    #expect(throws: EngineError.elementCount(layer: 0, tensor: "weights", expected: 4, found: 3)) {
      try AnyNetwork(model: model)
    }
    model = tutorialModel(weights: [1, 1, 1, 1, 1, 1], biases: [0, 0, 0])
    model.layers[0].biases = Tensor(shape: [3], values: [0, 0, 0], scalarType: .float64)
    #expect(throws: EngineError.biasShape(layer: 0, expected: [2], found: [3])) {
      try Network<Float>(model: model)
    }
    model = tutorialModel(weights: [1, 1, 1, 1, 1, 1], biases: [0, 0, 0])
    model.layers[0].activation = .softmax
    #expect(throws: EngineError.softmaxNotLast(layer: 0)) { try Network<Double>(model: model) }
    model.layers = []
    #expect(throws: EngineError.noLayers) { try Network<Double>(model: model) }
    model = tutorialModel(weights: [1, 1, 1, 1, 1, 1], biases: [0, 0, 0])
    model.layers[0].weights = Tensor(shape: [Int.max, 2], storage: .float64([]))
    #expect(throws: EngineError.tooLarge(layer: 0)) { try Network<Double>(model: model) }
    model.layers[0].weights = Tensor(shape: [-1, 2], storage: .float64([]))
    #expect(throws: EngineError.weightShape(layer: 0, expected: [-1, 2], found: [-1, 2])) {
      try Network<Double>(model: model)
    }
    #expect(
      EngineError.weightShape(layer: 1, expected: [1, 2], found: [1, 3]).description
        == "layer 2: weights have shape [1, 3], expected [1, 2] ([units, inputs])")
  }

  @Test("a batch forward pass gives the same bits as one sample at a time")
  func batchMatchesSingle() throws {
    let model = randomModel(
      inputs: 37, sizes: [19, 11, 5], activations: [.relu, .tanh, .softmax], seed: 5, scale: 0.3)
    let network = try Network<Double>(model: model)
    var rng = SplitMix64(seed: 1)
    let inputs = (0..<300).map { _ in (0..<37).map { _ in rng.nextUnitInterval() * 4 - 2 } }
    let batch = try network.forward(batch: inputs)
    for (input, output) in zip(inputs, batch) {
      #expect(try network.forward(input) == output)
      #expect(try network.trace(input).output == output)
    }
    #expect(batch.allSatisfy { abs($0.reduce(0, +) - 1) < 1e-12 })
  }

  @Test("softmax + cross-entropy and sigmoid + BCE stay finite for logits of ±1000")
  func stableLosses() throws {
    // One linear layer whose weights produce logits ±1000 from the input 1.
    let softmax = Model(
      features: [Feature(name: "x")],
      layers: [
        DenseLayer(
          activation: .softmax, inputs: 1, units: 3, weights: [1000, -1000, 0], biases: [0, 0, 0])
      ])
    let network = try AnyNetwork(model: softmax)
    let output = try network.predict(raw: [1])
    #expect(output == [1, 0, 0])
    let right = try network.gradients(raw: [1], target: [1, 0, 0], loss: .categoricalCrossEntropy)
    #expect(right.loss == 0)
    let wrong = try network.gradients(raw: [1], target: [0, 1, 0], loss: .categoricalCrossEntropy)
    #expect(wrong.loss == 2000)
    #expect(wrong.layers[0].db == [1, -1, 0])
    #expect(wrong.layers[0].dW.allSatisfy { $0.isFinite })

    let sigmoid = Model(
      features: [Feature(name: "x")],
      layers: [
        DenseLayer(
          activation: .sigmoid, inputs: 1, units: 2, weights: [1000, -1000], biases: [0, 0])
      ])
    let binary = try AnyNetwork(model: sigmoid)
    #expect(try binary.predict(raw: [1]) == [1, 0])
    let bad = try binary.gradients(raw: [1], target: [0, 1], loss: .binaryCrossEntropy)
    #expect(bad.loss == 1000)
    #expect(bad.layers[0].db == [0.5, -0.5])
    let good = try binary.gradients(raw: [1], target: [1, 0], loss: .binaryCrossEntropy)
    #expect(good.loss == 0)
    let chain = try binary.chainRule(
      raw: [1], target: [0, 1], loss: .binaryCrossEntropy,
      parameter: ParameterID(layer: 0, neuron: 0, input: 0))
    #expect(chain.factors.map(\.label) == ["dL/dz_o1", "dz_o1/dw1"])
    #expect(chain.product == 0.5)
  }

  @Test("losses on predictions: BCE and CE values, 0 · ln 0 counted as 0")
  func lossValues() throws {
    let ln2 = 0.693_147_180_559_945_3
    #expect(
      try abs(Loss.binaryCrossEntropy.value(predicted: [0.5, 0.5], target: [1, 0]) - ln2) < 1e-15)
    #expect(try Loss.binaryCrossEntropy.value(predicted: [1, 0], target: [1, 0]) == 0)
    #expect(
      try abs(
        Loss.categoricalCrossEntropy.value(predicted: [0.25, 0.75], target: [0, 1])
          - 0.287_682_072_451_780_9) < 1e-15)
    #expect(try Loss.categoricalCrossEntropy.value(predicted: [0, 1], target: [0, 1]) == 0)
    #expect(Loss(rawValue: "mse") == .meanSquaredError)
    #expect(Loss(rawValue: "ce") == .categoricalCrossEntropy)
  }

  @Test("writing parameters back keeps the model's metadata and element type")
  func writing() throws {
    var model = tutorialModel(
      weights: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], biases: [1, 2, 3], scalarType: .float32)
    model.name = "gender"
    model.metadata = ["k": "v"]
    var network = try AnyNetwork(model: model)
    #expect(network.scalarType == .float32)
    #expect(network.model == model)
    try network.setParameter(ParameterID(layer: 0, neuron: 0, input: 0), to: 0.7)
    let written = network.model
    #expect(written.name == "gender")
    #expect(written.metadata == ["k": "v"])
    #expect(written.layers[0].weights.storage == .float32([0.7, 0.2, 0.3, 0.4]))
  }

  @Test("forward into a caller's buffer allocates nothing and agrees with forward(_:)")
  func forwardIntoBuffer() throws {
    let network = try Network<Float>(
      model: tutorialModel(weights: [0, 1, 0, 1, 0, 1], biases: [0, 0, 0], scalarType: .float32))
    var output: [Float] = [0]
    let input: [Float] = [2, 3]
    input.withUnsafeBufferPointer { input in
      output.withUnsafeMutableBufferPointer { network.forward(input, into: $0) }
    }
    #expect(try output == network.forward([2, 3]))
    #expect(abs(Double(output[0]) - 0.721_632_560_951_842_1) < 1e-7)
  }
}

@Suite("Single-precision kernels")
struct FloatKernelTests {
  @Test("Float batches equal single samples bit for bit and agree with Double gradients")
  func floatMatchesDouble() throws {
    let wide = randomModel(
      inputs: 45, sizes: [33, 17, 10], activations: [.relu, .sigmoid, .softmax], seed: 8,
      scale: 0.3)
    let narrow = try Network<Float>(model: wide)
    let double = try Network<Double>(model: wide)
    var rng = SplitMix64(seed: 2)
    let inputs = (0..<7).map { _ in (0..<45).map { _ in rng.nextUnitInterval() * 2 - 1 } }
    let targets = (0..<7).map { row in (0..<10).map { $0 == row ? 1.0 : 0.0 } }
    let floatInputs = inputs.map { $0.map { Float($0) } }
    let batch = try narrow.forward(batch: floatInputs)
    for (input, output) in zip(floatInputs, batch) { #expect(try narrow.forward(input) == output) }
    for (row, input) in inputs.enumerated() {
      for (a, b) in zip(try double.forward(input), batch[row]) {
        #expect(abs(a - Double(b)) < 1e-5)
      }
    }
    let g32 = try narrow.gradients(
      batch: floatInputs, targets: targets.map { $0.map { Float($0) } },
      loss: .categoricalCrossEntropy)
    let g64 = try double.gradients(batch: inputs, targets: targets, loss: .categoricalCrossEntropy)
    for (l32, l64) in zip(g32.layers, g64.layers) {
      for (a, b) in zip(l32.dW + l32.db, l64.dW + l64.db) { #expect(abs(Double(a) - b) < 1e-5) }
    }
    #expect(abs(g32.loss - g64.loss) < 1e-5)
  }

  @Test("a batch large enough to be split across threads still equals one sample at a time")
  func threadedBatch() throws {
    let model = randomModel(
      inputs: 300, sizes: [200, 10], activations: [.relu, .softmax], seed: 12, scale: 0.1,
      scalarType: .float32)
    let network = try Network<Float>(model: model)
    var rng = SplitMix64(seed: 4)
    let inputs = (0..<40).map { _ in (0..<300).map { _ in Float(rng.nextUnitInterval()) } }
    let batch = try network.forward(batch: inputs)
    for (input, output) in zip(inputs, batch) { #expect(try network.forward(input) == output) }
    let targets = (0..<40).map { row in (0..<10).map { Float($0 == row % 10 ? 1 : 0) } }
    let first = try network.gradients(
      batch: inputs, targets: targets, loss: .categoricalCrossEntropy)
    let again = try network.gradients(
      batch: inputs, targets: targets, loss: .categoricalCrossEntropy)
    #expect(first == again)
  }
}
