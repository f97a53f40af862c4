import NNModel
import Testing

@testable import NNEngine

@Suite struct AnswerTests {
  @Test func answerMapsTheOutputsBackToTheTargetsUnits() throws {
    let model = Model(
      features: [Feature(name: "x")],
      layers: [
        DenseLayer(activation: .identity, inputs: 1, units: 2, weights: [1, -1], biases: [0, 0])
      ],
      output: OutputSpec(
        task: .regression,
        normalization: [Normalization(shift: 100, scale: 10), Normalization(shift: 0, scale: 2)]))
    let network = try AnyNetwork(model: model)
    #expect(try network.predict(raw: [3]) == [3, -3])
    #expect(try network.answer(raw: [3]) == [130, -6])
    var plain = model
    plain.output.normalization = []
    #expect(try AnyNetwork(model: plain).answer(raw: [3]) == [3, -3])
  }
}
