/// Reading a classifier's outputs as its answer: the one home of the rule the tools print.
extension OutputSpec.Kind {
  /// The class labels in output order (`[negative, positive]` for binary), empty for
  /// regression.
  public var labels: [String] {
    switch self {
    case .regression: []
    case .binary(_, let negative, let positive): [negative, positive]
    case .multiclass(let labels): labels
    }
  }

  /// The index into ``labels`` of the class `outputs` choose, or nil for regression (or no
  /// outputs). Binary: 1 (positive) when the output is at least the threshold, else 0;
  /// multiclass: the first largest output.
  public func classIndex(for outputs: [Double]) -> Int? {
    outputs.withUnsafeBufferPointer { classIndex(for: $0) }
  }

  /// The class index (as for an array of outputs) for outputs in a buffer (an evaluation's
  /// rows).
  public func classIndex(for outputs: UnsafeBufferPointer<Double>) -> Int? {
    switch self {
    case .regression:
      return nil
    case .binary(let threshold, _, _):
      guard let output = outputs.first else { return nil }
      return output >= threshold ? 1 : 0
    case .multiclass:
      guard !outputs.isEmpty else { return nil }
      var best = 0
      for index in outputs.indices where outputs[index] > outputs[best] { best = index }
      return best
    }
  }

  /// The label of the class `outputs` choose (`"F"`), or nil for regression.
  public func label(for outputs: [Double]) -> String? {
    guard let index = classIndex(for: outputs) else { return nil }
    let labels = labels
    return index < labels.count ? labels[index] : nil
  }
}

extension OutputSpec {
  /// The label of the class `outputs` choose (`"F"`), or nil for regression: see
  /// ``Kind/label(for:)``.
  public func label(for outputs: [Double]) -> String? { task.label(for: outputs) }
}
