import NNModel

/// Words and JSON for the parts of a model, shared by `inspect`, `diff` and the REPL.
public enum ModelDescription {
  /// The task in words: `regression`, `binary (M = 0, F = 1, threshold 0.5)`,
  /// `multiclass (a, b, c)`.
  public static func task(_ task: OutputSpec.Kind) -> String {
    switch task {
    case .regression:
      return "regression"
    case .binary(let threshold, let negative, let positive):
      return
        "binary (\(escapedForTerminal(negative)) = 0, \(escapedForTerminal(positive)) = 1, "
        + "threshold \(NumberFormatting.short(threshold)))"
    case .multiclass(let labels):
      return "multiclass (" + labels.map { escapedForTerminal($0) }.joined(separator: ", ") + ")"
    }
  }

  /// The task's short name: `regression`, `binary` or `multiclass`.
  public static func taskName(_ task: OutputSpec.Kind) -> String {
    switch task {
    case .regression: "regression"
    case .binary: "binary"
    case .multiclass: "multiclass"
    }
  }

  /// The output description as JSON.
  public static func json(_ output: OutputSpec) -> JSONValue {
    var members: [(String, JSONValue)] = [("task", .string(taskName(output.task)))]
    switch output.task {
    case .regression:
      break
    case .binary(let threshold, let negative, let positive):
      members.append(("threshold", .number(threshold)))
      members.append(("negative", .string(negative)))
      members.append(("positive", .string(positive)))
    case .multiclass(let labels):
      members.append(("labels", .array(labels.map { .string($0) })))
    }
    members.append(("names", .array(output.names.map { .string($0) })))
    if !output.normalization.isEmpty {
      members.append(
        (
          "normalization",
          .array(
            output.normalization.map {
              .object([("shift", .number($0.shift)), ("scale", .number($0.scale))])
            })
        ))
    }
    return .object(members)
  }

  /// A feature as JSON.
  public static func json(_ feature: Feature) -> JSONValue {
    .object([
      ("name", .string(feature.name)), ("unit", .optional(feature.unit)),
      ("shift", .number(feature.normalization.shift)),
      ("scale", .number(feature.normalization.scale)),
    ])
  }

  /// The provenance record as JSON (keys in a fixed order, hyper-parameters sorted).
  public static func json(_ provenance: Provenance) -> JSONValue {
    let hyperparameters = provenance.hyperparameters.sorted { $0.key < $1.key }
    return .object([
      ("tool", .optional(provenance.tool)), ("tool_version", .optional(provenance.toolVersion)),
      ("data_file", .optional(provenance.dataFile)),
      ("data_rows", provenance.dataRows.map { .integer($0) } ?? .null),
      ("data_sha256", .optional(provenance.dataSHA256)), ("loss", .optional(provenance.loss)),
      ("optimizer", .optional(provenance.optimizer)),
      ("hyperparameters", .object(hyperparameters.map { ($0.key, .number($0.value)) })),
      ("seed", provenance.seed.map { .string(String($0)) } ?? .null),
      ("rng", .optional(provenance.rng)),
      ("epochs", provenance.epochs.map { .integer($0) } ?? .null),
      ("loss_history", .numbers(provenance.lossHistory)),
      ("validation_loss_history", .numbers(provenance.validationLossHistory)),
      ("created_at", .optional(provenance.createdAt)),
    ])
  }

  /// Metadata as a JSON object with keys in code-point order.
  public static func json(metadata: [String: String]) -> JSONValue {
    .object(sortedMetadata(metadata).map { ($0.key, .string($0.value)) })
  }

  /// Metadata entries in code-point order of their keys.
  public static func sortedMetadata(_ metadata: [String: String]) -> [(key: String, value: String)]
  {
    metadata.sorted {
      Array($0.key.unicodeScalars.map(\.value)).lexicographicallyPrecedes(
        Array($1.key.unicodeScalars.map(\.value)))
    }
  }
}
