import NNModel

/// What `nntool predict` reads from `--input` and prints: one home for the command and its
/// fast path (`PredictFastPath`), and for `draw --input`.
public enum PredictionOutput {
  /// The text `predict` prints: CSV lines (with a header line when `header`), or JSON (one
  /// object when `single`, else an array). `outputs` are the network's; a model with output
  /// normalization answers in its targets' units.
  public static func render(
    outputs networkOutputs: [[Double]], model: Model, json: Bool, single: Bool, header: Bool,
    digits: Int
  ) -> String {
    let outputs = networkOutputs.map(model.output.denormalized)
    let task = model.output.task
    if json {
      let items: [JSONValue] = outputs.map { values in
        .object([
          ("outputs", .numbers(values)),
          ("label", .optional(OutputInterpretation.label(outputs: values, task: task))),
        ])
      }
      return (single ? items[0] : .array(items)).render() + "\n"
    }
    var text = ""
    let labelled = OutputInterpretation.classIndex(outputs: [0.5], task: task) != nil
    if header {
      let names = OutputInterpretation.outputColumnNames(model) + (labelled ? ["label"] : [])
      text += names.map({ Escaping.csvField($0) }).joined(separator: ",") + "\n"
    }
    for values in outputs {
      var fields = values.map { NumberFormatting.short($0, significantDigits: digits) }
      if let label = OutputInterpretation.label(outputs: values, task: task) {
        fields.append(Escaping.csvField(label))
      }
      text += fields.joined(separator: ",") + "\n"
    }
    return text
  }

  /// Parses `--input 128,63`: exactly one finite number per model input.
  public static func parseInput(_ text: String, model: Model) throws(ToolError) -> [Double] {
    let fields = text.split(separator: ",", omittingEmptySubsequences: false)
    guard fields.count == model.inputCount else {
      throw ToolError.data(
        "--input \(jsonStringLiteral(text)): \(fields.count) value\(fields.count == 1 ? "" : "s"), "
          + "but the model takes \(model.inputCount) (\(ModelDataBinding.featureList(model)))")
    }
    var values: [Double] = []
    for (index, field) in fields.enumerated() {
      guard let value = NumberFormatting.parseDecimal(field) else {
        throw ToolError.data(
          "--input \(jsonStringLiteral(text)): value \(index + 1) "
            + "\(jsonStringLiteral(String(field))) is not a number")
      }
      values.append(value)
    }
    return values
  }
}
