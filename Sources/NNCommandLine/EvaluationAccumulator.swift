import NNEngine
import NNModel

/// Builds an ``Evaluation`` one sample at a time, keeping sums rather than the samples: the
/// loss, the log-likelihood and the confusion counts of a classifier, and for regression the
/// per-output sums of squared and absolute errors and of the targets. Adding a sample allocates
/// nothing (a regression target's values are also appended to one flat array, which R²'s
/// spread around the mean needs after the mean is known).
///
/// Every sum runs in sample order with the arithmetic of the per-sample code it replaces, so an
/// evaluation built here is bit for bit the one built from arrays of outputs.
public struct EvaluationAccumulator {
  let model: Model
  let loss: Loss
  let labels: [String]
  /// The number of samples added.
  public private(set) var count = 0
  var totalLoss = 0.0
  var logLikelihood = 0.0
  /// `confusion[actual · labels.count + predicted]`.
  var confusion: [Int]
  /// The number of values of a regression target (nil before the first one).
  var targetWidth: Int?
  var squaredErrors: [Double] = []
  var absoluteErrors: [Double] = []
  var targetSums: [Double] = []
  /// Every regression target value, row-major (`count × targetWidth`).
  var targets: [Double] = []
  /// Room for one sample's encoded target and its answer.
  var encoded: [Double] = []
  var answer: [Double] = []

  /// An empty evaluation of `model`'s outputs under `loss`.
  public init(model: Model, loss: Loss) {
    self.model = model
    self.loss = loss
    labels = OutputInterpretation.labels(of: model.output.task)
    confusion = Array(repeating: 0, count: labels.count * labels.count)
  }

  /// Adds a sample whose expected output is class `index` of the model's labels.
  public mutating func add(outputs: UnsafeBufferPointer<Double>, classIndex index: Int) {
    count += 1
    if encoded.count != outputs.count { encoded = Array(repeating: 0, count: outputs.count) }
    if outputs.count == 1 {
      encoded[0] = index == 1 ? 1 : 0
    } else {
      for position in encoded.indices { encoded[position] = position == index ? 1 : 0 }
    }
    if let predicted = model.output.task.classIndex(for: outputs) {
      confusion[index * labels.count + predicted] += 1
    }
    logLikelihood += Evaluation.logProbability(of: index, outputs: outputs)
    totalLoss += encoded.withUnsafeBufferPointer { loss.value(predicted: outputs, target: $0) }
  }

  /// Adds a regression sample: the network's `outputs` against the target `values` in the
  /// target's units (one per output).
  public mutating func add(
    outputs: UnsafeBufferPointer<Double>, targetValues values: UnsafeBufferPointer<Double>
  ) {
    count += 1
    let normalization = model.output.normalization
    let mapped = normalization.count == values.count
    if encoded.count != values.count { encoded = Array(repeating: 0, count: values.count) }
    for index in 0..<values.count {
      encoded[index] = mapped ? normalization[index].apply(values[index]) : values[index]
    }
    totalLoss += encoded.withUnsafeBufferPointer { loss.value(predicted: outputs, target: $0) }
    let answerMapped = normalization.count == outputs.count
    if answer.count != outputs.count { answer = Array(repeating: 0, count: outputs.count) }
    for index in 0..<outputs.count {
      let normalized = outputs[index]
      answer[index] =
        answerMapped
        ? normalized * normalization[index].scale + normalization[index].shift : normalized
    }
    if targetWidth == nil {
      targetWidth = values.count
      squaredErrors = Array(repeating: 0, count: values.count)
      absoluteErrors = squaredErrors
      targetSums = squaredErrors
    }
    for output in 0..<(targetWidth ?? 0) {
      let y = values[output]
      let p = answer[output]
      squaredErrors[output] += (y - p) * (y - p)
      absoluteErrors[output] += abs(y - p)
      targetSums[output] += y
      targets.append(y)
    }
  }

  /// Adds a sample with its expected output.
  public mutating func add(outputs: UnsafeBufferPointer<Double>, expected: ExpectedOutput) {
    switch expected {
    case .values(let values):
      values.withUnsafeBufferPointer { add(outputs: outputs, targetValues: $0) }
    case .classIndex(let index):
      add(outputs: outputs, classIndex: index)
    }
  }

  /// The evaluation of the samples added so far.
  public var evaluation: Evaluation {
    var regression: [Evaluation.RegressionScores] = []
    var names: [String] = []
    if labels.isEmpty && count > 0, let width = targetWidth {
      let n = Double(count)
      regression = (0..<width).map { output in
        let mean = targetSums[output] / n
        var spread = 0.0
        for row in 0..<count {
          let y = targets[row * width + output]
          spread += (y - mean) * (y - mean)
        }
        let squared = squaredErrors[output]
        return Evaluation.RegressionScores(
          r2: spread > 0 ? 1 - squared / spread : .nan,
          meanAbsoluteError: absoluteErrors[output] / n,
          rootMeanSquaredError: (squared / n).squareRoot())
      }
      if model.output.names.count == width { names = model.output.names }
    }
    let size = labels.count
    return Evaluation(
      loss: loss, meanLoss: count > 0 ? totalLoss / Double(count) : .nan, count: count,
      labels: labels,
      confusion: (0..<size).map { row in Array(confusion[(row * size)..<((row + 1) * size)]) },
      logLoss: labels.isEmpty || count == 0 ? nil : -logLikelihood / Double(count),
      outputs: regression, outputNames: names)
  }
}
