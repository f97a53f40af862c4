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
  /// The target column names, in output order (several only for regression).
  public var targetNames: [String]
  /// Raw (unnormalized) feature values, one array per sample.
  public var inputs: [[Double]]
  /// Encoded targets, one array per sample: the values (regression), 0/1 (binary), or one-hot.
  public var targets: [[Double]]
  /// The kind of target.
  public var kind: TargetKind
  /// The class labels: `[negative, positive]` for binary, in output order for multiclass,
  /// empty for regression.
  public var labels: [String]
  /// The CSV line of each sample, for messages.
  public var lineNumbers: [Int]
  /// One-line notes for the user about choices made on the data (columns left out, rows
  /// dropped, a likely classification target), printed on standard error by `train`.
  public var notes: [String] = []

  /// Creates a dataset from its parts.
  public init(
    featureNames: [String], targetNames: [String], inputs: [[Double]], targets: [[Double]],
    kind: TargetKind, labels: [String], lineNumbers: [Int]
  ) {
    self.featureNames = featureNames
    self.targetNames = targetNames
    self.inputs = inputs
    self.targets = targets
    self.kind = kind
    self.labels = labels
    self.lineNumbers = lineNumbers
  }

  /// The target column's name (the names joined by `,` when there are several).
  public var targetName: String { targetNames.joined(separator: ",") }

  /// The model's output description for this target.
  public var outputSpec: OutputSpec {
    switch kind {
    case .regression:
      return OutputSpec(task: .regression, names: targetNames)
    case .binary:
      return OutputSpec(
        task: .binary(threshold: 0.5, negative: labels[0], positive: labels[1]),
        names: targetNames)
    case .multiclass:
      return OutputSpec(task: .multiclass(labels: labels), names: labels)
    }
  }

  /// The number of output units the target needs.
  public var outputCount: Int { kind == .multiclass ? labels.count : targetNames.count }

  /// Builds a training set from `table` with one target column.
  public static func make(
    table: CSVTable, features: [String]?, target: String, kind: TargetKind? = nil,
    classesPreferred: Bool = false, oneHot: Bool = false, positive: String? = nil,
    missing: MissingValuePolicy = .error
  ) throws(ToolError) -> LabeledDataset {
    try make(
      table: table, features: features, targets: [target], kind: kind,
      classesPreferred: classesPreferred, oneHot: oneHot, positive: positive, missing: missing)
  }

  /// Builds a training set from `table`, applying the strict data policy.
  ///
  /// - A column whose cells are mostly text (such as names) is left out of the default
  ///   features, with a note naming it; in a column that is mostly numbers, a cell that is not
  ///   a number is an error naming its line, column and value.
  /// - A missing value (an empty cell, `NA` or `NaN`) in a feature or target is an error, unless
  ///   `missing` is `.drop`: then the row is left out, and a note counts the rows dropped.
  /// - A constant regression target is refused; a regression target with a few distinct
  ///   integer values gets a note suggesting `--task multiclass` (or `binary`).
  ///
  /// - Parameters:
  ///   - table: the CSV table to read.
  ///   - features: feature column names; nil means every numeric column except the targets.
  ///   - targets: the target columns' names: one, or several numeric ones (regression with
  ///     several outputs).
  ///   - kind: the target's kind; nil guesses it: a text column holds labels (2 → binary, more
  ///     → multiclass), a numeric column is a regression target unless `classesPreferred`
  ///     (the loss is `bce` or `ce`), when its values are labels.
  ///   - classesPreferred: read a numeric target's values as labels (see `kind`).
  ///   - oneHot: encode two labels as two softmax outputs (for `--loss ce`).
  ///   - positive: for a binary target, the label that maps to 1; default: the last label in
  ///     sorted order (so `1` over `0`, `yes` over `no`, `M` over `F`).
  ///   - missing: what a missing value does: an error, or the row is dropped.
  /// - Returns: the inputs, the encoded targets, the labels and the notes for the user.
  /// - Throws: ``ToolError`` for an unknown or repeated column, a stray text cell, a missing
  ///   value (unless dropped), or a target there is nothing to learn from.
  public static func make(
    table: CSVTable, features: [String]?, targets: [String], kind: TargetKind? = nil,
    classesPreferred: Bool = false, oneHot: Bool = false, positive: String? = nil,
    missing: MissingValuePolicy = .error
  ) throws(ToolError) -> LabeledDataset {
    guard !targets.isEmpty else { throw ToolError.usage("--target names no column") }
    var targetIndices: [Int] = []
    for name in targets {
      let index = try table.columnIndex(named: name)
      guard !targetIndices.contains(index) else {
        throw ToolError.usage("--target names column \(jsonStringLiteral(name)) twice")
      }
      targetIndices.append(index)
    }
    var notes: [String] = []
    let targetProfiles = targetIndices.map { ColumnProfile(table: table, column: $0) }
    let classes: Bool
    if let kind {
      classes = kind != .regression
    } else {
      classes = classesPreferred || targetProfiles.contains(where: \.isText)
    }
    if classes && targets.count > 1 {
      throw ToolError.usage(
        "a classifier takes one target column, not \(targets.count) ("
          + targets.map { jsonStringLiteral($0) }.joined(separator: ", ")
          + "); several targets are for regression")
    }
    let featureIndices = try Self.featureColumns(
      table: table, features: features, targets: targetIndices, notes: &notes)
    // Rows with a missing value in a column in use: an error, or left out with a note.
    var kept: [Int] = []
    kept.reserveCapacity(table.rowCount)
    let textColumns = (featureIndices + targetIndices).compactMap {
      index -> (index: Int, cells: [String])? in
      guard case .texts(let cells) = table.columns[index] else { return nil }
      return (index, cells)
    }
    for row in 0..<table.rowCount {
      let missingColumn = table.firstMissing(row: row, among: textColumns)
      guard let column = missingColumn else {
        kept.append(row)
        continue
      }
      if missing == .error { throw table.missingValue(row: row, column: column) }
    }
    if kept.count < table.rowCount {
      let dropped = table.rowCount - kept.count
      guard !kept.isEmpty else {
        throw ToolError.data(
          "\(table.source): every row has a missing value; nothing is left to train on")
      }
      notes.append(
        "left out \(dropped) row\(dropped == 1 ? "" : "s") with missing values "
          + "(--missing drop); \(kept.count) remain")
    }
    var inputs = [[Double]](repeating: [], count: kept.count)
    for column in featureIndices {
      let values = try table.numbers(column: column, rows: kept)
      for row in values.indices { inputs[row].append(values[row]) }
    }
    var dataset = LabeledDataset(
      featureNames: featureIndices.map { table.header[$0] },
      targetNames: targetIndices.map { table.header[$0] }, inputs: inputs, targets: [],
      kind: classes ? .binary : .regression, labels: [],
      lineNumbers: kept.map { table.lineNumbers[$0] })
    if classes {
      try dataset.encodeLabels(
        table: table, column: targetIndices[0], rows: kept,
        numeric: !targetProfiles[0].isText && targetProfiles[0].text == 0,
        explicitKind: kind, oneHot: oneHot, positive: positive)
    } else {
      var columns: [[Double]] = []
      for column in targetIndices {
        let values = try table.numbers(column: column, rows: kept)
        try Self.checkRegressionTarget(
          values, name: table.header[column], table: table, notes: &notes)
        columns.append(values)
      }
      dataset.targets = kept.indices.map { row in columns.map { $0[row] } }
    }
    dataset.notes = notes
    return dataset
  }

  /// The feature columns: the named ones, or every column but the targets that is not text
  /// (each text column left out gets a note).
  private static func featureColumns(
    table: CSVTable, features: [String]?, targets: [Int], notes: inout [String]
  ) throws(ToolError) -> [Int] {
    if let features {
      guard !features.isEmpty else { throw ToolError.usage("--features names no columns") }
      var indices: [Int] = []
      for name in features {
        let index = try table.columnIndex(named: name)
        guard !targets.contains(index) else {
          throw ToolError.usage(
            "column \(jsonStringLiteral(name)) is the target and cannot also be a feature")
        }
        indices.append(index)
      }
      return indices
    }
    var indices: [Int] = []
    var text: [String] = []
    for index in table.header.indices where !targets.contains(index) {
      if ColumnProfile(table: table, column: index).isText {
        text.append(table.header[index])
      } else {
        indices.append(index)
      }
    }
    if !text.isEmpty {
      notes.append(
        "column\(text.count == 1 ? "" : "s") "
          + text.map { jsonStringLiteral($0) }.joined(separator: ", ")
          + " \(text.count == 1 ? "holds" : "hold") text, not numbers; left out of the features")
    }
    guard !indices.isEmpty else {
      throw ToolError.data(
        "\(table.source): no numeric column besides the target "
          + targets.map { jsonStringLiteral(table.header[$0]) }.joined(separator: ", "))
    }
    return indices
  }

  /// Refuses a constant regression target; notes one that looks like class labels.
  private static func checkRegressionTarget(
    _ values: [Double], name: String, table: CSVTable, notes: inout [String]
  ) throws(ToolError) {
    let distinct = Set(values)
    if distinct.count < 2 {
      throw ToolError.data(
        "\(table.source): the target \(jsonStringLiteral(name)) is "
          + "\(NumberFormatting.short(values.first ?? 0)) in every row; there is nothing to learn")
    }
    let integers = distinct.allSatisfy { $0 == $0.rounded() && abs($0) < 1e6 }
    if integers && distinct.count <= 20 && distinct.count * 2 <= values.count,
      let lowest = distinct.min(), let highest = distinct.max()
    {
      let task = distinct.count == 2 ? "binary" : "multiclass"
      notes.append(
        "the target \(jsonStringLiteral(name)) has only \(distinct.count) distinct integer "
          + "values (\(NumberFormatting.short(lowest)) to \(NumberFormatting.short(highest))"
          + "), trained as regression; if they are classes, give --task \(task)")
    }
  }

  private mutating func encodeLabels(
    table: CSVTable, column: Int, rows: [Int], numeric: Bool, explicitKind: TargetKind?,
    oneHot: Bool, positive: String?
  ) throws(ToolError) {
    let values = rows.map { LabeledDataset.trimmed(table.cell(row: $0, column: column)) }
    var labels = Array(Set(values))
    // A numeric column's labels all parse; they sort by value, others by their bytes.
    let numbered =
      numeric
      ? labels.compactMap { label in NumberFormatting.parseDecimal(label).map { (label, $0) } } : []
    if numeric && numbered.count == labels.count {
      labels = numbered.sorted { $0.1 < $1.1 }.map { $0.0 }
    } else {
      labels.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }
    guard labels.count >= 2 else {
      throw ToolError.data(
        "\(table.source): the target \(jsonStringLiteral(targetName)) has only one class "
          + "(\(jsonStringLiteral(labels.first ?? ""))); a classifier needs at least two")
    }
    if explicitKind == .binary && labels.count != 2 {
      throw ToolError.data(
        "\(table.source): the target \(jsonStringLiteral(targetName)) has \(labels.count) "
          + "classes; a binary task needs exactly two")
    }
    if let positive {
      guard labels.contains(positive) else {
        throw ToolError.usage(
          "--positive \(jsonStringLiteral(positive)) is not a label of the target "
            + "(labels: " + labels.map { jsonStringLiteral($0) }.joined(separator: ", ") + ")")
      }
      if labels.count == 2 { labels = labels.filter { $0 != positive } + [positive] }
    }
    if labels.count > 2 || oneHot || explicitKind == .multiclass {
      kind = .multiclass
      let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
      targets = values.map { value in
        var row = [Double](repeating: 0, count: labels.count)
        guard let k = index[value] else {
          preconditionFailure("the labels are the distinct values, so each value has one")
        }
        row[k] = 1
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
