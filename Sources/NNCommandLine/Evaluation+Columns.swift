import NNEngine
import NNModel

extension Evaluation {
  /// Rows predicted per call to the engine: large enough that a call's set-up is nothing
  /// beside its rows, small enough that the outputs stay in cache.
  static let rowsPerChunk = 4096

  /// Evaluates `network` on the first `rowCount` rows of `inputColumns` (one column of raw
  /// values per feature, as ``ModelDataBinding/inputColumns(table:model:features:)`` gives them)
  /// against `expected`, under `model`'s task and `loss`.
  ///
  /// The rows go through the engine's batched forward pass a chunk at a time
  /// (``AnyNetwork/predict(columns:rows:into:)``, the same bits as one row at a time) into one
  /// reused buffer, and ``EvaluationAccumulator`` keeps sums, not samples: the result equals
  /// ``init(model:outputs:expected:loss:)`` on every row's outputs, without holding them.
  /// Throws status 65 if `inputColumns` is not one column per feature.
  public static func evaluate(
    network: AnyNetwork, model: Model, inputColumns: [[Double]], expected: ExpectedColumns,
    rowCount: Int, loss: Loss
  ) throws(ToolError) -> Evaluation {
    var accumulator = EvaluationAccumulator(model: model, loss: loss)
    let width = network.outputCount
    var outputs = [Double](repeating: 0, count: min(rowCount, rowsPerChunk) * width)
    var targets = [Double](repeating: 0, count: model.outputCount)
    var start = 0
    while start < rowCount {
      let rows = start..<min(start + rowsPerChunk, rowCount)
      do {
        try outputs.withUnsafeMutableBufferPointer { buffer throws(EngineError) in
          try network.predict(columns: inputColumns, rows: rows, into: buffer)
        }
      } catch {
        throw ToolError.data("\(error)")
      }
      outputs.withUnsafeBufferPointer { outputs in
        for row in rows {
          let sample = UnsafeBufferPointer(
            rebasing: outputs[((row - start) * width)..<((row - start + 1) * width)])
          switch expected {
          case .values(let columns):
            for (index, column) in columns.enumerated() { targets[index] = column[row] }
            targets.withUnsafeBufferPointer {
              accumulator.add(
                outputs: sample,
                targetValues: UnsafeBufferPointer(rebasing: $0[..<columns.count]))
            }
          case .classIndices(let indices):
            accumulator.add(outputs: sample, classIndex: indices[row])
          }
        }
      }
      start = rows.upperBound
    }
    return accumulator.evaluation
  }
}
