import NNEngine
import NNModel

/// The result of running a model over labelled data: the loss, and the usual scores: for
/// regression R², mean absolute error and root mean squared error per output and overall; for
/// a classifier accuracy, log loss, a confusion matrix and per-class precision, recall and F1.
public struct Evaluation: Sendable {
  /// The loss function used.
  public var loss: Loss
  /// The mean loss over the samples, computed on the network's outputs as in training (for a
  /// model with output normalization: against the standardized targets).
  public var meanLoss: Double
  /// The number of samples.
  public var count: Int
  /// Class labels in output order (empty for regression).
  public var labels: [String]
  /// `confusion[actual][predicted]` counts (empty for regression).
  public var confusion: [[Int]]
  /// For a classifier: the mean negative log-likelihood of the true class (probabilities
  /// clipped to [10⁻¹⁵, 1 − 10⁻¹⁵], as scikit-learn does).
  public var logLoss: Double?
  /// For regression: the scores of each output, in the target's units.
  public var outputs: [RegressionScores]
  /// For regression: the names of the outputs (empty when the model names none).
  public var outputNames: [String]

  /// The regression scores of one output (or of all of them together).
  public struct RegressionScores: Sendable, Equatable {
    /// The coefficient of determination `1 − Σ(y − ŷ)² / Σ(y − ȳ)²`: 1 is perfect, 0 is as good
    /// as predicting the mean, below 0 worse (NaN when every target is the same).
    public var r2: Double
    /// The mean absolute error `Σ|y − ŷ| / n`.
    public var meanAbsoluteError: Double
    /// The root mean squared error `√(Σ(y − ŷ)² / n)`.
    public var rootMeanSquaredError: Double
  }

  /// The scores of all outputs together: R² averaged over the outputs (scikit-learn's
  /// `uniform_average`), MAE and RMSE over every value.
  public var overall: RegressionScores? {
    guard !outputs.isEmpty else { return nil }
    let n = Double(outputs.count)
    return RegressionScores(
      r2: outputs.reduce(0) { $0 + $1.r2 } / n,
      meanAbsoluteError: outputs.reduce(0) { $0 + $1.meanAbsoluteError } / n,
      rootMeanSquaredError: (outputs.reduce(0) {
        $0 + $1.rootMeanSquaredError * $1.rootMeanSquaredError
      } / n).squareRoot())
  }

  /// The mean absolute error over every output (nil for a classifier).
  public var meanAbsoluteError: Double? { overall?.meanAbsoluteError }

  /// The fraction of samples classified correctly (nil for regression).
  public var accuracy: Double? {
    guard !labels.isEmpty, count > 0 else { return nil }
    return Double(correct) / Double(count)
  }

  /// The number of samples classified correctly.
  public var correct: Int { confusion.indices.reduce(0) { $0 + confusion[$1][$1] } }

  /// Class `index`'s precision (of the samples predicted as it, the fraction that are),
  /// recall (of the samples that are it, the fraction predicted so), F1 (their harmonic mean)
  /// and support (how many samples are it). A ratio with nothing to divide is 0, as in
  /// scikit-learn's `zero_division=0`.
  public func classScores(_ index: Int) -> (
    precision: Double, recall: Double, f1: Double, support: Int
  ) {
    let truePositives = Double(confusion[index][index])
    let predicted = Double(confusion.reduce(0) { $0 + $1[index] })
    let support = confusion[index].reduce(0, +)
    let precision = predicted > 0 ? truePositives / predicted : 0
    let recall = support > 0 ? truePositives / Double(support) : 0
    let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
    return (precision, recall, f1, support)
  }

  /// The log of the probability the outputs give class `index`: a single sigmoid output is
  /// P(positive); several outputs are normalized to sum to 1 (softmax outputs already do).
  static func logProbability(of index: Int, outputs: UnsafeBufferPointer<Double>) -> Double {
    let epsilon = 1e-15
    let p: Double
    if outputs.count == 1 {
      p = index == 1 ? outputs[0] : 1 - outputs[0]
    } else {
      let sum = outputs.reduce(0) { $0 + max($1, 0) }
      p = sum > 0 ? max(outputs[index], 0) / sum : 0
    }
    return Double.logarithm(min(max(p, epsilon), 1 - epsilon))
  }

  /// The loss a model was trained with (from its provenance), else the usual one for its task:
  /// MSE for regression, binary cross-entropy for binary, cross-entropy for multiclass.
  public static func defaultLoss(for model: Model) -> Loss {
    if let name = model.provenance?.loss, let loss = Loss(rawValue: name) { return loss }
    switch model.output.task {
    case .regression: return .meanSquaredError
    case .binary: return .binaryCrossEntropy
    case .multiclass: return .categoricalCrossEntropy
    }
  }
}

extension Evaluation {
  /// Evaluates the network's `outputs` (one array per sample) against `expected` under
  /// `model`'s task (through ``EvaluationAccumulator``, as `nntool eval` does row by row).
  public init(model: Model, outputs: [[Double]], expected: [ExpectedOutput], loss: Loss) {
    var accumulator = EvaluationAccumulator(model: model, loss: loss)
    for (values, target) in zip(outputs, expected) {
      values.withUnsafeBufferPointer { accumulator.add(outputs: $0, expected: target) }
    }
    self = accumulator.evaluation
  }
}
