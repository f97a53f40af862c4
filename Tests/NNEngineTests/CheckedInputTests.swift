import NNModel
import Testing

@testable import NNEngine

/// Inputs from a user: the wrong count or a wrong name is a typed error, not a trap.
@Suite struct CheckedInputTests {
  let network: AnyNetwork

  init() throws {
    network = try AnyNetwork(
      model: tutorialModel(
        weights: [0.5, -0.25, 0.75, 1, -1.5, 2], biases: [0.1, -0.2, 0.3],
        normalization: [Normalization(shift: 135, scale: 1), Normalization(shift: 66, scale: 1)]))
  }

  @Test func positionalInputsAreCounted() throws {
    #expect(try network.predict([128, 63]) == network.predict(raw: [128, 63]))
    #expect(throws: EngineError.inputCount(expected: 2, found: 1)) {
      try network.predict([128])
    }
    #expect(throws: EngineError.inputCount(expected: 2, found: 3)) {
      try network.predict([128, 63, 1])
    }
    // The network-output and answer forms check the same count (one comparison).
    #expect(throws: EngineError.inputCount(expected: 2, found: 1)) {
      try network.predict(raw: [128])
    }
    #expect(throws: EngineError.inputCount(expected: 2, found: 3)) {
      try network.predict(raw: [128, 63, 1])
    }
    #expect(throws: EngineError.inputCount(expected: 2, found: 0)) {
      try network.answer(raw: [])
    }
    #expect(
      EngineError.inputCount(expected: 2, found: 3).description
        == "expected 2 inputs (one per feature), got 3")
  }

  @Test func namedInputsAreMatchedToFeatures() throws {
    let byName = try network.predict(["height": 63, "weight": 128])
    #expect(try byName == network.predict(raw: [128, 63]))
    #expect(throws: EngineError.missingFeature(name: "height")) {
      try network.predict(["weight": 128])
    }
    #expect(throws: EngineError.unknownFeature(name: "age", features: ["weight", "height"])) {
      try network.predict(["weight": 128, "height": 63, "zone": 1, "age": 3])
    }
    #expect(
      EngineError.unknownFeature(name: "Weight", features: ["weight", "height"]).description
        == "no feature named \"Weight\" (features: weight, height)")
  }

  @Test func theLabelOfAnOutput() throws {
    let outputs = try network.predict(["weight": 128, "height": 63])
    let expected = outputs[0] >= 0.5 ? "F" : "M"
    #expect(network.label(for: outputs) == expected)
    #expect(network.label(for: [0.5]) == "F")
    #expect(network.label(for: [0.2]) == "M")
    #expect(network.features.map(\.name) == ["weight", "height"])
    #expect(network.output.task.labels == ["M", "F"])
  }
}

/// Every public entry that takes rows sized by its caller throws a typed error naming the
/// expected and found counts and, in a batch or data set, the row (from 0): none traps.
@Suite struct CheckedRowTests {
  let network: AnyNetwork
  let typed: Network<Double>

  init() throws {
    let model = tutorialModel(weights: [1, 1, 1, 1, 1, 1], biases: [0, 0, 0])
    network = try AnyNetwork(model: model)
    typed = try Network<Double>(model: model)
  }

  @Test func anyNetworkRowsAreCounted() throws {
    #expect(throws: EngineError.inputCount(expected: 2, found: 1, row: 2)) {
      try network.predict(batch: [[1, 2], [3, 4], [5]])
    }
    #expect(try network.predict(batch: []) == [])
    #expect(throws: EngineError.inputCount(expected: 2, found: 3)) {
      try network.trace(raw: [1, 2, 3])
    }
    #expect(throws: EngineError.inputCount(expected: 2, found: 1)) {
      try network.normalize(raw: [1])
    }
    #expect(throws: EngineError.inputCount(expected: 2, found: 1)) {
      try network.predict(normalized: [1])
    }
    #expect(throws: EngineError.inputCount(expected: 2, found: 0)) {
      try network.gradients(raw: [], target: [1], loss: .meanSquaredError)
    }
    #expect(throws: EngineError.targetCount(expected: 1, found: 2)) {
      try network.gradients(raw: [1, 2], target: [1, 0], loss: .meanSquaredError)
    }
    let w1 = try #require(network.parameterID(named: "w1"))
    #expect(throws: EngineError.targetCount(expected: 1, found: 0)) {
      try network.chainRule(raw: [1, 2], target: [], loss: .meanSquaredError, parameter: w1)
    }
    #expect(throws: EngineError.inputCount(expected: 2, found: 1)) {
      try network.chainRule(raw: [1], target: [1], loss: .meanSquaredError, parameter: w1)
    }
    let missing = ParameterID(layer: 1, neuron: 0, input: 5)
    #expect(throws: EngineError.unknownParameter(missing)) {
      try network.chainRule(raw: [1, 2], target: [1], loss: .meanSquaredError, parameter: missing)
    }
  }

  @Test func dataSetsAreCheckedRowByRow() throws {
    #expect(throws: EngineError.inputCount(expected: 2, found: 1, row: 1)) {
      try network.loss(
        on: TrainingData(inputs: [[1, 2], [1]], targets: [[1], [1]]), loss: .meanSquaredError)
    }
    #expect(throws: EngineError.targetCount(expected: 1, found: 2, row: 0)) {
      try network.loss(
        on: TrainingData(inputs: [[1, 2]], targets: [[1, 2]]), loss: .meanSquaredError)
    }
    #expect(throws: EngineError.rowCountMismatch(inputs: 1, targets: 0)) {
      try network.loss(on: TrainingData(inputs: [[1, 2]], targets: []), loss: .meanSquaredError)
    }
    #expect(
      try network.loss(on: TrainingData(inputs: [], targets: []), loss: .meanSquaredError) == 0)
    // Training reports the same check as invalid data, naming the set.
    var student = network
    let configuration = TrainingConfiguration(
      loss: .meanSquaredError, optimizer: .sgd(learningRate: 0.1), epochs: 1, batchSize: 1,
      shuffle: false, seed: 1)
    #expect(
      throws: TrainingError.invalidData(
        "validation: row 2: expected 2 inputs (one per feature), got 3")
    ) {
      try student.train(
        on: TrainingData(inputs: [[1, 2]], targets: [[1]]),
        validation: TrainingData(inputs: [[1, 2], [1, 2, 3]], targets: [[1], [1]]),
        configuration: configuration)
    }
  }

  @Test func typedNetworkRowsAreCounted() throws {
    #expect(throws: EngineError.inputCount(expected: 2, found: 1)) { try typed.forward([1]) }
    #expect(throws: EngineError.inputCount(expected: 2, found: 3, row: 1)) {
      try typed.forward(batch: [[1, 2], [1, 2, 3]])
    }
    #expect(throws: EngineError.inputCount(expected: 2, found: 0)) { try typed.trace([]) }
    #expect(throws: EngineError.inputCount(expected: 2, found: 1)) {
      try typed.gradients(input: [1], target: [1], loss: .meanSquaredError)
    }
    #expect(throws: EngineError.targetCount(expected: 1, found: 0)) {
      try typed.gradients(input: [1, 2], target: [], loss: .meanSquaredError)
    }
    #expect(throws: EngineError.rowCountMismatch(inputs: 2, targets: 1)) {
      try typed.gradients(batch: [[1, 2], [3, 4]], targets: [[1]], loss: .meanSquaredError)
    }
    #expect(throws: EngineError.emptyBatch) {
      try typed.gradients(batch: [], targets: [], loss: .meanSquaredError)
    }
    #expect(throws: EngineError.targetCount(expected: 1, found: 3, row: 1)) {
      try typed.gradients(
        batch: [[1, 2], [3, 4]], targets: [[1], [1, 2, 3]], loss: .meanSquaredError)
    }
    #expect(throws: EngineError.inputCount(expected: 2, found: 1, row: 0)) {
      try typed.gradients(batch: [[1], [3, 4]], targets: [[1], [1]], loss: .meanSquaredError)
    }
    // A flat data set is read through pointers: its sizes are checked before.
    #expect(throws: EngineError.datasetSize(part: "inputs", expected: 4, found: 3)) {
      try typed.meanLoss(
        on: Dataset(inputs: [1, 2, 3], targets: [1, 1], count: 2), loss: .meanSquaredError)
    }
    #expect(throws: EngineError.datasetSize(part: "targets", expected: 2, found: 1)) {
      try typed.meanLoss(
        on: Dataset(inputs: [1, 2, 3, 4], targets: [1], count: 2), loss: .meanSquaredError)
    }
    #expect(throws: EngineError.targetCount(expected: 2, found: 1)) {
      try Loss.meanSquaredError.value(predicted: [1, 2], target: [1])
    }
  }

  @Test func messagesNameTheRowFromOne() {
    #expect(
      EngineError.inputCount(expected: 2, found: 1, row: 2).description
        == "row 3: expected 2 inputs (one per feature), got 1")
    #expect(
      EngineError.targetCount(expected: 1, found: 2).description
        == "expected 1 target (one per output), got 2")
    #expect(
      EngineError.rowCountMismatch(inputs: 1, targets: 0).description
        == "1 input row but 0 target rows")
    #expect(EngineError.emptyBatch.description == "the batch has no samples")
    #expect(
      EngineError.unknownParameter(ParameterID(layer: 1, neuron: 0, input: 5)).description
        == "the network has no parameter L2.n1.w6")
  }
}
