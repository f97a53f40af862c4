import NNModel

extension AnyNetwork {
  /// The network's own outputs (as ``predict(raw:)`` gives them, before any output
  /// normalization) for the rows `rows` of raw input columns, written row-major into `output`:
  /// row `r`'s outputs start at `(r − rows.lowerBound) · outputCount`.
  ///
  /// `columns` holds one column of raw values per feature, in feature order (a CSV file's
  /// columns, shared rather than copied into rows). The rows are normalized into the network's
  /// precision and run through the batched forward pass, up to 256 at a time through one
  /// workspace, so nothing is allocated per row; the outputs are bit for bit those of
  /// ``predict(raw:)`` on each row alone (a batch gives its samples' bits).
  ///
  /// - Throws: ``EngineError/inputCount(expected:found:row:)`` unless there is one column per
  ///   feature.
  /// - Precondition: every column has at least `rows.upperBound` values and `output` holds at
  ///   least `rows.count · outputCount`.
  public func predict(
    columns: [[Double]], rows: Range<Int>, into output: UnsafeMutableBufferPointer<Double>
  ) throws(EngineError) {
    guard columns.count == inputCount else {
      throw .inputCount(expected: inputCount, found: columns.count)
    }
    precondition(
      columns.allSatisfy { $0.count >= rows.upperBound } && rows.lowerBound >= 0,
      "a column is shorter than the rows asked for")
    precondition(output.count >= rows.count * outputCount, "the output buffer is too small")
    guard !rows.isEmpty else { return }
    storage.predict(
      columns: columns, rows: rows, features: features, into: output.nonEmptyBaseAddress)
  }
}

extension Network {
  /// See ``AnyNetwork/predict(columns:rows:into:)``; the checks are done there.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func predict(
    columns: [[Double]], rows: Range<Int>, features: [Feature],
    into output: UnsafeMutablePointer<Double>
  ) {
    let chunk = min(rows.count, 256)
    let workspace = makeWorkspace(batchCapacity: chunk)
    // Its buffers are used through raw pointers below; keep it alive until the end.
    defer { withExtendedLifetime(workspace) {} }
    let input = workspace.buffers.input
    var start = rows.lowerBound
    while start < rows.upperBound {
      let count = min(chunk, rows.upperBound - start)
      for (feature, column) in columns.enumerated() {
        let normalization = features[feature].normalization
        column.withUnsafeBufferPointer { values in
          for row in 0..<count {
            input[row * inputCount + feature] = Scalar(
              normalization.apply(values[start + row]))
          }
        }
      }
      forward(batch: UnsafePointer(input), rows: count, workspace: workspace)
      let result = workspace.output
      let destination = output + (start - rows.lowerBound) * outputCount
      for index in 0..<(count * outputCount) {
        destination[index] = Double(result[index])
      }
      start += count
    }
  }
}
