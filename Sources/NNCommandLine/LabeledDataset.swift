import NNModel

/// What a training target column holds, which decides the output layer, the loss and how the
/// targets are encoded.
public enum TargetKind: String, CaseIterable, Sendable {
  /// Numbers to predict: one output, identity activation, MSE by default.
  case regression
  /// Two class labels: one output in (0, 1), sigmoid; 1 means the positive label.
  case binary
  /// Two or more class labels: one output per class, softmax, one-hot targets.
  case multiclass
}

/// Samples read from a CSV table: raw feature values and encoded targets.
public struct LabeledDataset: Sendable {
  /// The feature column names, in input order.
  public var featureNames: [String]
  /// The target column's name.
  public var targetName: String
  /// Raw (unnormalized) feature values, one array per sample.
  public var inputs: [[Double]]
  /// Encoded targets, one array per sample: the value (regression), 0/1 (binary), or one-hot.
  public var targets: [[Double]]
  /// The kind of target.
  public var kind: TargetKind
  /// The class labels: `[negative, positive]` for binary, in output order for multiclass,
  /// empty for regression.
  public var labels: [String]
  /// The CSV line of each sample, for messages.
  public var lineNumbers: [Int]

  /// The model's output description for this target.
  public var outputSpec: OutputSpec {
    switch kind {
    case .regression:
      return OutputSpec(task: .regression, names: [targetName])
    case .binary:
      return OutputSpec(
        task: .binary(threshold: 0.5, negative: labels[0], positive: labels[1]),
        names: [targetName])
    case .multiclass:
      return OutputSpec(task: .multiclass(labels: labels), names: labels)
    }
  }

  /// The number of output units the target needs.
  public var outputCount: Int { kind == .multiclass ? labels.count : 1 }

  /// Builds a training set from `table`.
  ///
  /// - Parameters:
  ///   - features: feature column names; nil means every numeric column except the target.
  ///   - target: the target column's name.
  ///   - kind: the target's kind; nil guesses it: a column with any non-numeric value holds
  ///     labels (2 → binary, more → multiclass), a numeric column is a regression target unless
  ///     `classesPreferred` (the loss is `bce` or `ce`), when its integer values are labels.
  ///   - oneHot: encode two labels as two softmax outputs (for `--loss ce`).
  ///   - positive: for a binary target, the label that maps to 1; default: the last label in
  ///     sorted order (so `1` over `0`, `yes` over `no`, `M` over `F`).
  public static func make(
    table: CSVTable, features: [String]?, target: String, kind: TargetKind? = nil,
    classesPreferred: Bool = false, oneHot: Bool = false, positive: String? = nil
  ) throws(ToolError) -> LabeledDataset {
    let targetIndex = try table.columnIndex(named: target)
    let featureIndices: [Int]
    if let features {
      guard !features.isEmpty else { throw ToolError.usage("--features names no columns") }
      var indices: [Int] = []
      for name in features {
        let index = try table.columnIndex(named: name)
        guard index != targetIndex else {
          throw ToolError.usage(
            "column \(Escaping.jsonString(name)) is the target and cannot also be a feature")
        }
        indices.append(index)
      }
      featureIndices = indices
    } else {
      featureIndices = table.header.indices.filter {
        $0 != targetIndex && table.isNumericColumn($0)
      }
      guard !featureIndices.isEmpty else {
        throw ToolError.data(
          "\(table.source): no numeric column besides the target \(Escaping.jsonString(target))"
        )
      }
    }
    var inputs = [[Double]](repeating: [], count: table.rows.count)
    for column in featureIndices {
      let values = try table.numericColumn(column)
      for row in values.indices { inputs[row].append(values[row]) }
    }
    let numericTarget = table.isNumericColumn(targetIndex)
    let resolvedKind: TargetKind
    if let kind {
      resolvedKind = kind
    } else if !numericTarget || classesPreferred {
      resolvedKind = .binary
    } else {
      resolvedKind = .regression
    }
    var dataset = LabeledDataset(
      featureNames: featureIndices.map { table.header[$0] }, targetName: table.header[targetIndex],
      inputs: inputs, targets: [], kind: resolvedKind, labels: [],
      lineNumbers: table.lineNumbers)
    if resolvedKind == .regression {
      dataset.targets = try table.numericColumn(targetIndex).map { [$0] }
      return dataset
    }
    try dataset.encodeLabels(
      table: table, column: targetIndex, numeric: numericTarget,
      explicitKind: kind, oneHot: oneHot, positive: positive)
    return dataset
  }

  private mutating func encodeLabels(
    table: CSVTable, column: Int, numeric: Bool, explicitKind: TargetKind?, oneHot: Bool,
    positive: String?
  ) throws(ToolError) {
    let values = table.rows.map { LabeledDataset.trimmed($0[column]) }
    for (row, value) in values.enumerated() where value.isEmpty {
      throw ToolError.data(
        "\(table.location(row: row)): column \(column + 1) \(Escaping.jsonString(targetName)): "
          + "the label is empty")
    }
    var labels = Array(Set(values))
    if numeric {
      labels.sort { NumberFormatting.parseDecimal($0)! < NumberFormatting.parseDecimal($1)! }
    } else {
      labels.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }
    guard labels.count >= 2 else {
      throw ToolError.data(
        "\(table.source): the target \(Escaping.jsonString(targetName)) has only one class "
          + "(\(Escaping.jsonString(labels.first ?? ""))); a classifier needs at least two")
    }
    if explicitKind == .binary && labels.count != 2 {
      throw ToolError.data(
        "\(table.source): the target \(Escaping.jsonString(targetName)) has \(labels.count) "
          + "classes; a binary task needs exactly two")
    }
    if let positive {
      guard labels.contains(positive) else {
        throw ToolError.usage(
          "--positive \(Escaping.jsonString(positive)) is not a label of the target "
            + "(labels: " + labels.map(Escaping.jsonString).joined(separator: ", ") + ")")
      }
      if labels.count == 2 { labels = labels.filter { $0 != positive } + [positive] }
    }
    if labels.count > 2 || oneHot || explicitKind == .multiclass {
      kind = .multiclass
      let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
      targets = values.map { value in
        var row = [Double](repeating: 0, count: labels.count)
        row[index[value]!] = 1
        return row
      }
    } else {
      kind = .binary
      targets = values.map { [$0 == labels[1] ? 1 : 0] }
    }
    self.labels = labels
  }

  static func trimmed(_ text: String) -> String {
    var slice = text[...]
    while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
    while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
    return String(slice)
  }
}
