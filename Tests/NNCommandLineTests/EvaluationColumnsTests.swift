import NNEngine
import NNModel
import Testing

@testable import NNCommandLine

/// `Evaluation.evaluate(network:…)` (what `nntool eval` runs: batched predictions, sums kept
/// per output, nothing held per row) gives bit for bit the scores of the straightforward
/// computation it replaced: one `predict(raw:)` per row, every output and target kept, R²'s
/// mean taken before its spread. The reference below is that computation.
@Suite struct EvaluationColumnsTests {
  static func model(
    task: OutputSpec.Kind, outputs: Int, last: Activation, seed: UInt64, scalarType: ScalarType
  ) -> Model {
    var random = SplitMix64(seed: seed)
    func values(_ count: Int) -> [Double] {
      (0..<count).map { _ in random.nextUnitInterval() - 0.5 }
    }
    let normalization: [Normalization] =
      task == .regression
      ? (0..<outputs).map { Normalization(shift: 3 + Double($0), scale: 0.25 + Double($0)) } : []
    return Model(
      features: (0..<3).map {
        Feature(name: "x\($0)", normalization: Normalization(shift: 1, scale: 2 + Double($0)))
      },
      layers: [
        DenseLayer(
          activation: .tanh, inputs: 3, units: 5, weights: values(15), biases: values(5),
          scalarType: scalarType),
        DenseLayer(
          activation: last, inputs: 5, units: outputs, weights: values(5 * outputs),
          biases: values(outputs), scalarType: scalarType),
      ],
      output: OutputSpec(task: task, normalization: normalization))
  }

  /// The evaluation as it was computed before: every row's outputs and targets kept.
  static func reference(model: Model, outputs: [[Double]], expected: [ExpectedOutput], loss: Loss)
    throws -> (meanLoss: Double, logLoss: Double?, confusion: [[Int]], scores: [[Double]])
  {
    let labels = model.output.task.labels
    var confusion = Array(repeating: Array(repeating: 0, count: labels.count), count: labels.count)
    var total = 0.0
    var logLikelihood = 0.0
    var answers: [[Double]] = []
    var targets: [[Double]] = []
    for (values, target) in zip(outputs, expected) {
      let encoded: [Double]
      switch target {
      case .values(let numbers):
        encoded = model.output.normalized(numbers)
        answers.append(model.output.denormalized(values))
        targets.append(numbers)
      case .classIndex(let index):
        encoded =
          values.count == 1 ? [index == 1 ? 1 : 0] : (0..<values.count).map { $0 == index ? 1 : 0 }
        if let predicted = model.output.task.classIndex(for: values) {
          confusion[index][predicted] += 1
        }
        let p: Double
        if values.count == 1 {
          p = index == 1 ? values[0] : 1 - values[0]
        } else {
          let sum = values.reduce(0) { $0 + max($1, 0) }
          p = sum > 0 ? max(values[index], 0) / sum : 0
        }
        logLikelihood += Double.logarithm(min(max(p, 1e-15), 1 - 1e-15))
      }
      total += try loss.value(predicted: values, target: encoded)
    }
    let n = Double(outputs.count)
    var scores: [[Double]] = []
    if labels.isEmpty, let width = targets.first?.count {
      for output in 0..<width {
        let actual = targets.map { $0[output] }
        let predicted = answers.map { $0[output] }
        let mean = actual.reduce(0, +) / n
        var squared = 0.0
        var absolute = 0.0
        var spread = 0.0
        for (p, y) in zip(predicted, actual) {
          squared += (y - p) * (y - p)
          absolute += abs(y - p)
          spread += (y - mean) * (y - mean)
        }
        scores.append([1 - squared / spread, absolute / n, (squared / n).squareRoot()])
      }
    }
    return (total / n, labels.isEmpty ? nil : -logLikelihood / n, confusion, scores)
  }

  @Test(arguments: [0, 1, 2])
  func columnsGiveTheReferenceBits(kind: Int) throws {
    let model: Model
    let loss: Loss
    switch kind {
    case 0:
      model = Self.model(
        task: .regression, outputs: 2, last: .identity, seed: 1,
        scalarType: .float32)
      loss = .meanSquaredError
    case 1:
      model = Self.model(
        task: .binary(threshold: 0.5, negative: "n", positive: "p"), outputs: 1,
        last: .sigmoid, seed: 2, scalarType: .float64)
      loss = .binaryCrossEntropy
    default:
      model = Self.model(
        task: .multiclass(labels: ["a", "b", "c"]), outputs: 3, last: .softmax, seed: 3,
        scalarType: .float32)
      loss = .categoricalCrossEntropy
    }
    let network = try AnyNetwork(model: model)
    var random = SplitMix64(seed: 11)
    // More rows than one chunk of the engine calls, and not a multiple of it.
    let rowCount = Evaluation.rowsPerChunk + 1000
    let inputs = (0..<3).map { _ in (0..<rowCount).map { _ in 10 * random.nextUnitInterval() - 5 } }
    let expectedColumns: ExpectedColumns
    let expected: [ExpectedOutput]
    if kind == 0 {
      let targets = (0..<2).map { _ in (0..<rowCount).map { _ in 8 * random.nextUnitInterval() } }
      expectedColumns = .values(targets)
      expected = (0..<rowCount).map { row in .values(targets.map { $0[row] }) }
    } else {
      let classes = (0..<rowCount).map { _ in Int(random.next(below: kind == 1 ? 2 : 3)) }
      expectedColumns = .classIndices(classes)
      expected = classes.map { .classIndex($0) }
    }
    let evaluation = try Evaluation.evaluate(
      network: network, model: model, inputColumns: inputs, expected: expectedColumns,
      rowCount: rowCount, loss: loss)
    let outputs = try (0..<rowCount).map { row in try network.predict(raw: inputs.map { $0[row] }) }
    let reference = try Self.reference(
      model: model, outputs: outputs, expected: expected, loss: loss)
    #expect(evaluation.count == rowCount)
    #expect(evaluation.meanLoss.bitPattern == reference.meanLoss.bitPattern)
    #expect(evaluation.logLoss?.bitPattern == reference.logLoss?.bitPattern)
    #expect(evaluation.confusion == reference.confusion)
    #expect(
      evaluation.outputs.map {
        [$0.r2, $0.meanAbsoluteError, $0.rootMeanSquaredError].map(\.bitPattern)
      } == reference.scores.map { $0.map(\.bitPattern) })
    // The arrays-of-outputs initializer agrees too, report text and JSON included.
    let fromArrays = Evaluation(model: model, outputs: outputs, expected: expected, loss: loss)
    #expect(fromArrays.text(digits: 17) == evaluation.text(digits: 17))
    #expect(fromArrays.json == evaluation.json)
  }
}
