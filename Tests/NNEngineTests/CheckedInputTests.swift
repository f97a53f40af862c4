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

/// `loss(on:loss:)` is unchecked by signature but stops on rows of the wrong length instead of
/// reading past the engine's buffers.
@Test func lossOnRowsOfTheWrongLengthStops() async {
  await #expect(processExitsWith: .failure) {
    let network = try AnyNetwork(
      model: tutorialModel(weights: [1, 1, 1, 1, 1, 1], biases: [0, 0, 0]))
    _ = network.loss(on: TrainingData(inputs: [[1]], targets: [[1]]), loss: .meanSquaredError)
  }
  await #expect(processExitsWith: .failure) {
    let network = try AnyNetwork(
      model: tutorialModel(weights: [1, 1, 1, 1, 1, 1], biases: [0, 0, 0]))
    _ = network.loss(on: TrainingData(inputs: [[1, 2]], targets: []), loss: .meanSquaredError)
  }
}
