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
        let alternative = unit.map { " or \(Escaping.jsonString(name + "_" + $0))" } ?? ""
        throw ToolError.data(
          "\(table.source): no column \(Escaping.jsonString(name))\(alternative) for the model's input "
            + "\(position + 1) (the model takes \(featureList(model)); columns: "
            + table.header.map(Escaping.jsonString).joined(separator: ", ") + ")")
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
  /// every row twice more to normalize and convert it.)
  public static func outputs(of network: AnyNetwork, inputColumns: [[Double]], rowCount: Int)
    -> [[Double]]
  {
    var outputs: [[Double]] = []
    outputs.reserveCapacity(rowCount)
    var row = [Double](repeating: 0, count: inputColumns.count)
    for index in 0..<rowCount {
      for column in inputColumns.indices { row[column] = inputColumns[column][index] }
      outputs.append(network.predict(raw: row))
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
    if let target { return target }
    if let stored = model.metadata["target"] { return stored }
    if model.output.names.count == 1 { return model.output.names[0] }
    return nil
  }

  /// The expected outputs for `model` from column `column` of `table`: numbers for a
  /// regression model, class indices (0 = negative, 1 = positive for binary) for a classifier.
  /// A label the model does not know is an error naming its line.
  public static func targets(table: CSVTable, model: Model, column: String) throws(ToolError)
    -> [ExpectedOutput]
  {
    let index = try table.columnIndex(named: column)
    switch model.output.task {
    case .regression:
      guard model.outputCount == 1 else {
        throw ToolError.usage(
          "the model has \(model.outputCount) outputs; eval of a regression model takes one")
      }
      return try table.numericColumn(index).map { .value($0) }
    case .binary(_, let negative, let positive):
      return try classIndices(table: table, column: index, labels: [negative, positive])
    case .multiclass(let labels):
      return try classIndices(table: table, column: index, labels: labels)
    }
  }

  private static func classIndices(table: CSVTable, column: Int, labels: [String])
    throws(ToolError) -> [ExpectedOutput]
  {
    var result: [ExpectedOutput] = []
    for (row, record) in table.rows.enumerated() {
      let value = LabeledDataset.trimmed(record[column])
      if let index = labels.firstIndex(of: value) {
        result.append(.classIndex(index))
        continue
      }
      // Numeric labels may be written differently ("1.0" for "1").
      if let number = NumberFormatting.parseDecimal(value),
        let index = labels.firstIndex(where: { NumberFormatting.parseDecimal($0) == number })
      {
        result.append(.classIndex(index))
        continue
      }
      throw ToolError.data(
        "\(table.location(row: row)): column \(column + 1) "
          + "\(Escaping.jsonString(table.header[column])): \(Escaping.jsonString(value)) is not "
          + "one of the model's labels (" + labels.map(Escaping.jsonString).joined(separator: ", ")
          + ")")
    }
    return result
  }

  /// The model's features for messages: `weight [lb], height [in]`.
  public static func featureList(_ model: Model) -> String {
    model.features.map { feature in
      Escaping.singleLine(feature.name)
        + (feature.unit.map { " [\(Escaping.singleLine($0))]" } ?? "")
    }.joined(separator: ", ")
  }
}

/// One expected output of an evaluation sample.
public enum ExpectedOutput: Sendable, Equatable {
  /// A regression target.
  case value(Double)
  /// The index of the true class in the model's labels.
  case classIndex(Int)
}
