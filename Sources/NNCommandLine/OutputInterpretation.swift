import NNModel

/// Turns a model's outputs into its answer, as `predict` prints it.
public enum OutputInterpretation {
  /// The index of the chosen class, or nil for a regression model
  /// (``OutputSpec/Kind/classIndex(for:)``).
  public static func classIndex(outputs: [Double], task: OutputSpec.Kind) -> Int? {
    task.classIndex(for: outputs)
  }

  /// The label of the chosen class, or nil for a regression model.
  public static func label(outputs: [Double], task: OutputSpec.Kind) -> String? {
    task.label(for: outputs)
  }

  /// The class labels of a classifier in output order (`[negative, positive]` for binary).
  public static func labels(of task: OutputSpec.Kind) -> [String] { task.labels }

  /// The names of the output columns `predict` prints before the label: the model's output
  /// names, else `output` (one output) or `output1`, `output2`, … For a multiclass model, the
  /// labels.
  public static func outputColumnNames(_ model: Model) -> [String] {
    if case .multiclass(let labels) = model.output.task, labels.count == model.outputCount {
      return labels
    }
    if case .binary = model.output.task { return ["output"] }
    if model.output.names.count == model.outputCount { return model.output.names }
    return model.outputCount == 1
      ? ["output"] : (1...max(1, model.outputCount)).map { "output\($0)" }
  }
}
