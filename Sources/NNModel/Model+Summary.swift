/// `print(model)` shows a one-line summary instead of every weight.
///
/// (The summary is the debug description because ``Model/description`` is the model's own
/// description text; `print` and string interpolation fall back to it.)
extension Model: CustomDebugStringConvertible {
  /// One line: name, inputs, layers, output and size, such as
  /// `Model "gender": 2 inputs (weight, height) → 2 sigmoid → 1 sigmoid, binary M/F, f64,
  /// 9 parameters`. Names from the file are escaped (``escapedForTerminal(_:keepingBackslashes:)``).
  public var debugDescription: String {
    var text = "Model"
    if let name { text += " \"\(escapedForTerminal(name))\"" }
    let names = features.map { escapedForTerminal($0.name) }.joined(separator: ", ")
    text += ": \(inputCount) input\(inputCount == 1 ? "" : "s") (\(names))"
    for layer in layers { text += " → \(layer.units) \(layer.activation.rawValue)" }
    text += ", \(output.task.summary), \(scalarType.rawValue), \(parameterCount) parameters"
    return text
  }
}

extension OutputSpec.Kind {
  /// `regression`, `binary M/F` (negative/positive) or `3 classes`.
  var summary: String {
    switch self {
    case .regression: "regression"
    case .binary(_, let negative, let positive):
      "binary \(escapedForTerminal(negative))/\(escapedForTerminal(positive))"
    case .multiclass(let labels): "\(labels.count) classes"
    }
  }
}
