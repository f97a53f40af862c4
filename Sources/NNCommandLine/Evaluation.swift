import NNEngine
import NNModel

/// The result of running a model over labelled data: loss, and for a classifier accuracy and a
/// confusion matrix.
public struct Evaluation: Sendable {
  /// The loss function used.
  public var loss: Loss
  /// The mean loss over the samples.
  public var meanLoss: Double
  /// The number of samples.
  public var count: Int
  /// Class labels in output order (empty for regression).
  public var labels: [String]
  /// `confusion[actual][predicted]` counts (empty for regression).
  public var confusion: [[Int]]
  /// For regression: the mean absolute error.
  public var meanAbsoluteError: Double?

  /// The fraction of samples classified correctly (nil for regression).
  public var accuracy: Double? {
    guard !labels.isEmpty, count > 0 else { return nil }
    return Double(correct) / Double(count)
  }

  /// The number of samples classified correctly.
  public var correct: Int { confusion.indices.reduce(0) { $0 + confusion[$1][$1] } }

  /// Evaluates `outputs` (one array per sample) against `expected` under `model`'s task.
  public init(model: Model, outputs: [[Double]], expected: [ExpectedOutput], loss: Loss) {
    self.loss = loss
    count = outputs.count
    labels = OutputInterpretation.labels(of: model.output.task)
    confusion = Array(repeating: Array(repeating: 0, count: labels.count), count: labels.count)
    var total = 0.0
    var absolute = 0.0
    for (values, target) in zip(outputs, expected) {
      let encoded: [Double]
      switch target {
      case .value(let value):
        encoded = [value]
        absolute += abs((values.first ?? .nan) - value)
      case .classIndex(let index):
        if values.count == 1 {
          encoded = [index == 1 ? 1 : 0]
        } else {
          encoded = (0..<values.count).map { $0 == index ? 1 : 0 }
        }
        if let predicted = OutputInterpretation.classIndex(outputs: values, task: model.output.task)
        {
          confusion[index][predicted] += 1
        }
      }
      total += loss.value(predicted: values, target: encoded)
    }
    meanLoss = count > 0 ? total / Double(count) : .nan
    meanAbsoluteError = labels.isEmpty && count > 0 ? absolute / Double(count) : nil
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

  /// The report for people.
  public func text(digits: Int) -> String {
    let number = { (value: Double) in NumberFormatting.short(value, significantDigits: digits) }
    var out = "samples: \(count)\nloss (\(loss.rawValue)): \(number(meanLoss))\n"
    if let meanAbsoluteError { out += "mean absolute error: \(number(meanAbsoluteError))\n" }
    guard let accuracy else { return out }
    out += "accuracy: \(number(accuracy)) (\(correct)/\(count))\n\n"
    out += "confusion matrix (rows: actual, columns: predicted)\n"
    var table = TextTable(
      header: ["actual \\ predicted"] + labels,
      alignments: [.left] + Array(repeating: .right, count: labels.count))
    for (index, label) in labels.enumerated() {
      table.append([label] + confusion[index].map(String.init))
    }
    return out + table.render()
  }

  /// The report as JSON.
  public var json: JSONValue {
    var members: [(String, JSONValue)] = [
      ("samples", .integer(count)), ("loss_function", .string(loss.rawValue)),
      ("loss", .number(meanLoss)),
    ]
    if let meanAbsoluteError { members.append(("mean_absolute_error", .number(meanAbsoluteError))) }
    if let accuracy {
      members.append(("accuracy", .number(accuracy)))
      members.append(("correct", .integer(correct)))
      members.append(("labels", .array(labels.map { .string($0) })))
      members.append(("confusion", .array(confusion.map { .array($0.map { .integer($0) }) })))
    }
    return .object(members)
  }
}
