import NNModel
import Testing

@testable import NNCommandLine

@Suite struct PredictionOutputTests {
  let binary = Model(
    features: [Feature(name: "x"), Feature(name: "y")],
    layers: [DenseLayer(activation: .sigmoid, inputs: 2, units: 1, weights: [1, 1], biases: [0])],
    output: OutputSpec(task: .binary(threshold: 0.5, negative: "no, never", positive: "p\\n")))

  @Test func csvLinesCarryTheLabelAsAField() {
    let text = PredictionOutput.render(
      outputs: [[0.25], [0.75]], model: binary, json: false, single: false, header: true,
      digits: 3)
    // A label with a comma is quoted; a backslash is escaped, not taken for a line break.
    #expect(text == "output,label\n0.25,\"no, never\"\n0.75,p\\\\n\n")
  }

  @Test func jsonIsOneObjectForOneSample() {
    let text = PredictionOutput.render(
      outputs: [[0.75]], model: binary, json: true, single: true, header: false, digits: 3)
    #expect(text.hasPrefix("{") && text.contains("\"label\": \"p\\\\n\""))
  }

  @Test func inputsAreOneNumberPerFeature() throws {
    #expect(try PredictionOutput.parseInput("1, 2.5", model: binary) == [1, 2.5])
    #expect(throws: ToolError.self) { try PredictionOutput.parseInput("1", model: binary) }
    #expect(throws: ToolError.self) { try PredictionOutput.parseInput("1,x", model: binary) }
  }
}
