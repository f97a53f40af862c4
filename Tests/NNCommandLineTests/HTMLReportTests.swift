import NNEngine
import NNModel
import Testing

@testable import NNCommandLine

@Suite struct HTMLReportTests {
  private func hostileModel() -> Model {
    Model(
      name: "</title><script>alert(1)</script>", description: "a & b <img src=x>",
      features: [Feature(name: "<b>w</b>", unit: "\"lb\""), Feature(name: "h'", unit: "in")],
      layers: [
        DenseLayer(activation: .sigmoid, inputs: 2, units: 1, weights: [1, -1], biases: [0])
      ],
      output: OutputSpec(task: .binary(threshold: 0.5, negative: "<no>", positive: "yes&")))
  }

  @Test func namesFromTheFileAreEscapedAndNothingIsFetched() throws {
    let model = hostileModel()
    let loaded = LoadedModel(
      path: "m<1>.nnm", model: model, encoding: .binary, formatVersion: "1.0", byteCount: 1)
    let network = try AnyNetwork(model: model)
    let evaluation = Evaluation(
      model: model, outputs: [[0.9], [0.2]], expected: [.classIndex(1), .classIndex(1)],
      loss: .meanSquaredError)
    let map = try DecisionMapSetup.map(
      model: model, network: network, table: nil, options: .init())
    let html = try HTMLReport(loaded: loaded, evaluation: evaluation, decisionMap: map)
      .render(network: network)
    #expect(!html.contains("<script"))
    #expect(!html.contains("<img"))
    #expect(!html.contains("<b>w"))
    #expect(html.contains("&lt;/title&gt;&lt;script&gt;"))
    #expect(html.contains("a &amp; b &lt;img src=x&gt;"))
    #expect(!html.contains("http"))
    // The confusion matrix: one right, one wrong, coloured cells.
    #expect(html.contains("<th>yes&amp;</th>"))
    #expect(html.contains(">1</td>"))
  }

  @Test func perClassScoresFollowTheConfusionMatrix() throws {
    var evaluation = Evaluation(
      model: hostileModel(), outputs: [], expected: [], loss: .meanSquaredError)
    evaluation.confusion = [[3, 1], [2, 4]]
    let scores = ClassScores.of(evaluation)
    #expect(scores[0].precision == 3.0 / 5)
    #expect(scores[0].recall == 3.0 / 4)
    #expect(scores[1].precision == 4.0 / 5)
    #expect(scores[1].recall == 4.0 / 6)
    #expect(scores[1].support == 6)
    let f1 = try #require(scores[0].f1)
    #expect(abs(f1 - 2 * 0.6 * 0.75 / 1.35) < 1e-12)
    evaluation.confusion = [[0, 0], [0, 2]]
    #expect(ClassScores.of(evaluation)[0].precision == nil)
    #expect(ClassScores.of(evaluation)[0].f1 == nil)
  }
}
