import NNEngine
import NNModel
import Testing

@testable import NNInterop

/// A regression model with output normalization (format 1.1) exported to ONNX answers in the
/// targets' units: the map is folded into the last layer.
@Suite struct ONNXOutputNormalizationTests {
  let model = Model(
    features: [Feature(name: "x", normalization: Normalization(shift: 5, scale: 2))],
    layers: [
      DenseLayer(
        activation: .tanh, inputs: 1, units: 3, weights: [1, -2, 0.5], biases: [0, 1, 2]),
      DenseLayer(
        activation: .identity, inputs: 3, units: 2, weights: [1, 2, 3, -1, 0.5, 0.25],
        biases: [0.1, -0.2]),
    ],
    output: OutputSpec(
      task: .regression, names: ["a", "b"],
      normalization: [Normalization(shift: 300, scale: 40), Normalization(shift: -2, scale: 0.5)]
    ))

  @Test func theGraphAnswersInTheTargetsUnits() throws {
    let imported = try ONNX.read(bytes: try ONNX.encode(model)).model
    #expect(imported.output.normalization.isEmpty)  // folded, not carried twice
    let original = try AnyNetwork(model: model)
    let roundTrip = try AnyNetwork(model: imported)
    for x in [-3.0, 0, 5, 12.5] {
      let expected = original.answer(raw: [x])
      let found = roundTrip.answer(raw: [x])
      for (e, f) in zip(expected, found) { #expect(abs(e - f) <= 1e-12 * max(1, abs(e))) }
    }
  }

  @Test func safetensorsHoldsTheFoldedLastLayer() throws {
    let imported = try Safetensors.read(bytes: try Safetensors.encode(model)).model
    #expect(imported.output.normalization.isEmpty)
    let original = try AnyNetwork(model: model)
    let roundTrip = try AnyNetwork(model: imported)
    for x in [-3.0, 0, 5, 12.5] {
      let expected = original.answer(raw: [x])
      let found = roundTrip.answer(raw: [x])
      for (e, f) in zip(expected, found) { #expect(abs(e - f) <= 1e-12 * max(1, abs(e))) }
    }
  }

  @Test func aNonIdentityOutputLayerIsRefused() {
    var sigmoid = model
    sigmoid.layers[1].activation = .sigmoid
    #expect(throws: InteropError.self) { try ONNX.encode(sigmoid) }
  }
}
