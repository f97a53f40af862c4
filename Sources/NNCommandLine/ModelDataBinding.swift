import NNEngine
import NNModel

/// Matches the columns of a CSV table to a model's inputs and outputs, for `predict` and `eval`.
public enum ModelDataBinding {
  /// The raw input rows for `model` from `table` (one array per record; see
  /// ``inputColumns(table:model:features:)`` for how columns are matched).
  public static func inputs(table: CSVTable, model: Model, features: [String]? = nil)
    throws(ToolError) -> [[Double]]
  {
    let columns = try inputColumns(table: table, model: model, features: features)
    return (0..<table.rowCount).map { row in columns.map { $0[row] } }
  }

  /// The raw inputs for `model` from `table`, one column of numbers per model input, shared
  /// with the table (no copy), so a large file is not held twice.
  ///
  /// Columns are found by the model's feature names, or, when `features` is given, by those
  /// column names in input order. A feature with a unit that has no column of its own name
  /// matches a column named `<feature>_<unit>` (`weight_lb` for feature `weight` in `lb`), the
  /// way training data often spells it. A missing column, or a count that does not match the
  /// model's inputs, is an error naming the file (status 65); so is a non-numeric value,
  /// with its line and column.
  public static func inputColumns(table: CSVTable, model: Model, features: [String]? = nil)
    throws(ToolError) -> [[Double]]
  {
    let names = features ?? model.features.map(\.name)
    guard names.count == model.inputCount else {
      throw ToolError.data(
        "\(table.source): the model takes \(model.inputCount) input"
          + "\(model.inputCount == 1 ? "" : "s") (\(featureList(model))), "
          + "but --features names \(names.count) column\(names.count == 1 ? "" : "s")")
    }
    var indices: [Int] = []
    for (position, name) in names.enumerated() {
      let unit = features == nil ? model.features[position].unit : nil
      guard let index = columnIndex(table: table, name: name, unit: unit) else {
        let alternative = unit.map { " or \(jsonStringLiteral(name + "_" + $0))" } ?? ""
        throw ToolError.data(
          "\(table.source): no column \(jsonStringLiteral(name))\(alternative) for the model's input "
            + "\(position + 1) (the model takes \(featureList(model)); columns: "
            + table.header.map { jsonStringLiteral($0) }.joined(separator: ", ") + ")")
      }
      indices.append(index)
    }
    var columns: [[Double]] = []
    for column in indices { columns.append(try table.numericColumn(column)) }
    return columns
  }

  /// `network`'s outputs for every row of `inputColumns` (as ``inputColumns(table:model:features:)``
  /// returns them), in row order.
  ///
  /// Each row is gathered into one reused array, so a large file's inputs are never held a
  /// second time as one array per record. (`predict(batch:)` measured slower here: it copies
  /// every row twice more to normalize and convert it.) Throws status 65 if `inputColumns` is
  /// not one column per feature.
  public static func outputs(of network: AnyNetwork, inputColumns: [[Double]], rowCount: Int)
    throws(ToolError) -> [[Double]]
  {
    var outputs: [[Double]] = []
    outputs.reserveCapacity(rowCount)
    var row = [Double](repeating: 0, count: inputColumns.count)
    for index in 0..<rowCount {
      for column in inputColumns.indices { row[column] = inputColumns[column][index] }
      outputs.append(try EngineAdapter.outputs(of: network, raw: row))
    }
    return outputs
  }

  /// The column named `name`, else, for a feature with a unit, the column named
  /// `<name>_<unit>`; each by an exact or a unique case-insensitive match.
  static func columnIndex(table: CSVTable, name: String, unit: String?) -> Int? {
    if let index = try? table.columnIndex(named: name) { return index }
    guard let unit, !unit.isEmpty else { return nil }
    return try? table.columnIndex(named: name + "_" + unit)
  }

  /// The target column's name for `model`: `target` if given, else the model's `target`
  /// metadata, else its single output name.
  public static func targetColumn(model: Model, target: String?) -> String? {
    targetColumns(model: model, targets: target.map { [$0] })?.first
  }

  /// The target columns' names for `model`: `targets` if given, else the model's `target`
  /// metadata, else its output names (one per output of a regression model, or a classifier's
  /// single output name).
  public static func targetColumns(model: Model, targets: [String]?) -> [String]? {
    if let targets, !targets.isEmpty { return targets }
    if let stored = model.metadata["target"] { return [stored] }
    if case .regression = model.output.task, !model.output.names.isEmpty,
      model.output.names.count == model.outputCount
    {
      return model.output.names
    }
    if model.output.names.count == 1 { return model.output.names }
    return nil
  }

  /// The expected outputs for `model` from column `column` of `table` (see
  /// ``targets(table:model:columns:)``).
  public static func targets(table: CSVTable, model: Model, column: String) throws(ToolError)
    -> [ExpectedOutput]
  {
    try targets(table: table, model: model, columns: [column])
  }

  /// The expected outputs for `model` from `columns` of `table`: for a regression model, one
  /// number per output from one column each (in output order); for a classifier, class
  /// indices (0 = negative, 1 = positive for binary) from its single column. A label the model
  /// does not know, or a cell that is not a number, is an error naming its line.
  public static func targets(table: CSVTable, model: Model, columns: [String]) throws(ToolError)
    -> [ExpectedOutput]
  {
    switch try expectedColumns(table: table, model: model, columns: columns) {
    case .values(let values):
      return (0..<table.rowCount).map { row in .values(values.map { $0[row] }) }
    case .classIndices(let indices):
      return indices.map { .classIndex($0) }
    }
  }

  /// The expected outputs of ``targets(table:model:columns:)`` by column, nothing per row: the
  /// table's numeric columns themselves for a regression model, or one class index per row.
  public static func expectedColumns(table: CSVTable, model: Model, columns: [String])
    throws(ToolError) -> ExpectedColumns
  {
    switch model.output.task {
    case .regression:
      guard columns.count == model.outputCount else {
        throw ToolError.usage(
          "the model has \(model.outputCount) output\(model.outputCount == 1 ? "" : "s"), "
            + "but \(columns.count) target column\(columns.count == 1 ? " is" : "s are") named ("
            + columns.map { jsonStringLiteral($0) }.joined(separator: ", ") + ")")
      }
      var values: [[Double]] = []
      for column in columns {
        values.append(try table.numericColumn(try table.columnIndex(named: column)))
      }
      return .values(values)
    case .binary(_, let negative, let positive):
      guard columns.count == 1 else { throw oneClassColumn(columns) }
      return .classIndices(
        try classIndices(
          table: table, column: try table.columnIndex(named: columns[0]),
          labels: [negative, positive]))
    case .multiclass(let labels):
      guard columns.count == 1 else { throw oneClassColumn(columns) }
      return .classIndices(
        try classIndices(
          table: table, column: try table.columnIndex(named: columns[0]), labels: labels))
    }
  }

  private static func oneClassColumn(_ columns: [String]) -> ToolError {
    ToolError.usage(
      "a classifier takes one target column, not \(columns.count) ("
        + columns.map { jsonStringLiteral($0) }.joined(separator: ", ") + ")")
  }

  private static func classIndices(table: CSVTable, column: Int, labels: [String])
    throws(ToolError) -> [Int]
  {
    var result: [Int] = []
    for (row, record) in table.rows.enumerated() {
      let value = LabeledDataset.trimmed(record[column])
      if let index = labels.firstIndex(of: value) {
        result.append(index)
        continue
      }
      // Numeric labels may be written differently ("1.0" for "1").
      if let number = NumberFormatting.parseDecimal(value),
        let index = labels.firstIndex(where: { NumberFormatting.parseDecimal($0) == number })
      {
        result.append(index)
        continue
      }
      throw ToolError.data(
        "\(table.location(row: row)): column \(column + 1) "
          + "\(jsonStringLiteral(table.header[column])): \(jsonStringLiteral(value)) is not "
          + "one of the model's labels ("
          + labels.map { jsonStringLiteral($0) }.joined(separator: ", ")
          + ")")
    }
    return result
  }

  /// The model's features for messages: `weight [lb], height [in]`.
  public static func featureList(_ model: Model) -> String {
    model.features.map { feature in
      escapedForTerminal(feature.name)
        + (feature.unit.map { " [\(escapedForTerminal($0))]" } ?? "")
    }.joined(separator: ", ")
  }
}

/// One expected output of an evaluation sample.
public enum ExpectedOutput: Sendable, Equatable {
  /// A regression target: one value per output.
  case values([Double])
  /// The index of the true class in the model's labels.
  case classIndex(Int)
}

/// The expected outputs of a table's rows, by column (see
/// ``ModelDataBinding/expectedColumns(table:model:columns:)``).
public enum ExpectedColumns: Sendable {
  /// Regression targets: one column of numbers per output.
  case values([[Double]])
  /// The index of each row's true class in the model's labels.
  case classIndices([Int])
}
