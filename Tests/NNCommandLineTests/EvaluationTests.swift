import NNEngine
import NNModel
import Testing

@testable import NNCommandLine

/// The scores of `nntool eval`, against values worked out by hand (and equal to
/// scikit-learn's `r2_score`, `mean_absolute_error`, `precision_recall_fscore_support` and
/// `log_loss` on the same numbers).
@Suite struct EvaluationTests {
  let regression = Model(
    features: [Feature(name: "x")],
    layers: [
      DenseLayer(activation: .identity, inputs: 1, units: 2, weights: [1, 1], biases: [0, 0])
    ],
    output: OutputSpec(
      task: .regression, names: ["a", "b"],
      normalization: [Normalization(shift: 10, scale: 2), .identity]))

  @Test func regressionScoresAreInTheTargetsUnits() {
    // Network outputs 0, 1, 2 map to answers 10, 12, 14 for output a; b is unchanged.
    let evaluation = Evaluation(
      model: regression, outputs: [[0, 1], [1, 2], [2, 3]],
      expected: [.values([10, 1]), .values([13, 2]), .values([14, 5])], loss: .meanSquaredError)
    let a = evaluation.outputs[0]
    // a: errors 0, −1, 0; mean 37/3, Σ(y − ȳ)² = 26/3 → R² = 1 − 1/(26/3).
    #expect(abs(a.r2 - (1 - 3.0 / 26)) < 1e-12)
    #expect(a.meanAbsoluteError == 1.0 / 3)
    #expect(abs(a.rootMeanSquaredError - (1.0 / 3).squareRoot()) < 1e-15)
    let b = evaluation.outputs[1]
    // b: errors 0, 0, −2; mean 8/3, Σ(y − ȳ)² = 26/3 → R² = 1 − 4/(26/3).
    #expect(abs(b.r2 - (1 - 12.0 / 26)) < 1e-12)
    #expect(abs(evaluation.overall!.r2 - (a.r2 + b.r2) / 2) < 1e-15)
    #expect(evaluation.overall!.meanAbsoluteError == 0.5)
    // The loss is the training loss: on the network's outputs and the standardized targets.
    #expect(abs(evaluation.meanLoss - (0 + 0.25 + 4) / 3 / 2) < 1e-15)
    #expect(evaluation.outputNames == ["a", "b"])
    let text = evaluation.text(digits: 4)
    #expect(text.contains("\noutput       R²     MAE    RMSE\na        0.8846  0.3333  0.5774\n"))
    #expect(text.hasSuffix("overall  0.7115     0.5  0.9129\n"))
  }

  @Test func outputNamesAreEscapedOnceInTextAndNotAlteredInJSON() {
    var model = regression
    model.output.names = ["a\\nb", "c\nd"]  // a literal backslash; a real line feed
    let evaluation = Evaluation(
      model: model, outputs: [[0, 1], [1, 2], [2, 3]],
      expected: [.values([10, 1]), .values([13, 2]), .values([14, 5])], loss: .meanSquaredError)
    let text = evaluation.text(digits: 4)
    #expect(text.contains("\na\\\\nb ") && text.contains("\nc\\nd "))
    let json = evaluation.json.render(pretty: false)
    #expect(json.contains(#"{"name":"a\\nb","#) && json.contains(#"{"name":"c\nd","#))
  }

  @Test func perClassScoresAndLogLoss() {
    let classifier = Model(
      features: [Feature(name: "x")],
      layers: [
        DenseLayer(
          activation: .softmax, inputs: 1, units: 3, weights: [1, 1, 1], biases: [0, 0, 0])
      ],
      output: OutputSpec(task: .multiclass(labels: ["a", "b", "c"])))
    let evaluation = Evaluation(
      model: classifier,
      outputs: [[0.8, 0.1, 0.1], [0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [0.1, 0.2, 0.7]],
      expected: [.classIndex(0), .classIndex(1), .classIndex(1), .classIndex(2)],
      loss: .categoricalCrossEntropy)
    #expect(evaluation.confusion == [[1, 0, 0], [1, 1, 0], [0, 0, 1]])
    let a = evaluation.classScores(0)
    #expect(a.precision == 0.5 && a.recall == 1 && abs(a.f1 - 2.0 / 3) < 1e-15 && a.support == 1)
    let b = evaluation.classScores(1)
    #expect(b.precision == 1 && b.recall == 0.5 && b.support == 2)
    let expected =
      -(Double.logarithm(0.8) + .logarithm(0.3) + .logarithm(0.7) + .logarithm(0.7)) / 4
    #expect(abs(evaluation.logLoss! - expected) < 1e-15)
    let text = evaluation.text(digits: 4)
    #expect(text.contains("log loss: 0.5351\n"))
    #expect(text.contains("\na            0.5       1  0.6667        1\n"))
  }

  @Test func binaryLogLossClipsCertainMistakes() {
    let binary = Model(
      features: [Feature(name: "x")],
      layers: [DenseLayer(activation: .sigmoid, inputs: 1, units: 1, weights: [1], biases: [0])],
      output: OutputSpec(task: .binary(threshold: 0.5, negative: "n", positive: "p")))
    let evaluation = Evaluation(
      model: binary, outputs: [[1], [0.25]], expected: [.classIndex(0), .classIndex(0)],
      loss: .binaryCrossEntropy)
    #expect(abs(evaluation.logLoss! - -(Double.logarithm(1e-15) + .logarithm(0.75)) / 2) < 1e-12)
  }

  @Test func labelsFromTheFileAreEscapedInTheReport() {
    let binary = Model(
      features: [Feature(name: "x")],
      layers: [DenseLayer(activation: .sigmoid, inputs: 1, units: 1, weights: [1], biases: [0])],
      output: OutputSpec(task: .binary(threshold: 0.5, negative: "a\\nb", positive: "c\u{1B}")))
    let text = Evaluation(
      model: binary, outputs: [[0.25], [0.75]], expected: [.classIndex(0), .classIndex(1)],
      loss: .binaryCrossEntropy
    ).text(digits: 4)
    // A literal backslash-n is told apart from a line feed; the corner cell keeps its backslash.
    #expect(text.contains("\na\\\\nb "))
    #expect(text.contains("c\\u{1B}"))
    #expect(text.contains("actual \\ predicted"))
    #expect(!text.contains("\u{1B}"))
  }
}
