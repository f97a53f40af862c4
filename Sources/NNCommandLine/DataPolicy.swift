/// What to do with rows that have a missing value (an empty cell, `NA` or `NaN`) in a column
/// that training uses.
public enum MissingValuePolicy: String, CaseIterable, Sendable {
  /// Refuse the data, naming the first missing cell (the default: nothing is guessed).
  case error
  /// Leave such rows out, and say how many in a note.
  case drop
}

/// How the cells of one CSV column read: numbers, missing markers, or text.
///
/// The strict data policy of `nntool train` rests on it: a column whose cells are mostly text
/// (names, labels) is a text column, left out of the features with a note; a column that is
/// mostly numbers must be all numbers, so one stray value (`abc` among weights) is an error
/// naming its line and column rather than a reason to drop the column.
struct ColumnProfile: Sendable {
  /// Cells that read as finite decimal numbers.
  var numbers = 0
  /// Empty, `NA` or `NaN` cells (case-insensitive, blanks trimmed).
  var missing = 0
  /// Other cells.
  var text = 0
  /// The row of the first text cell.
  var firstText: Int?
  /// The row of the first missing cell.
  var firstMissing: Int?

  /// Reads column `column` of `table` (a column the reader found all numbers costs nothing).
  init(table: CSVTable, column: Int) {
    guard case .texts(let cells) = table.columns[column] else {
      numbers = table.rowCount
      return
    }
    for (row, cell) in cells.enumerated() {
      if NumberFormatting.parseDecimal(cell) != nil {
        numbers += 1
      } else if Self.isMissing(cell) {
        missing += 1
        if firstMissing == nil { firstMissing = row }
      } else {
        text += 1
        if firstText == nil { firstText = row }
      }
    }
  }

  /// Whether the column holds text rather than numbers: more text cells than number cells.
  var isText: Bool { text > numbers }

  /// Whether `cell` marks a missing value: empty, `NA` or `NaN` in any case, blanks trimmed.
  /// (Runs on the UTF-8 bytes without copying: it is asked of every cell in use.)
  static func isMissing(_ cell: String) -> Bool {
    var letters: UInt32 = 0  // up to three bytes, lower-cased, packed
    var count = 0
    for byte in cell.utf8 where byte != 0x20 && byte != 0x09 {
      guard count < 3 else { return false }
      letters = letters << 8 | UInt32(byte | 0x20)  // ASCII lower case; others never match
      count += 1
    }
    return count == 0 || (count == 2 && letters == 0x6E61) || (count == 3 && letters == 0x6E_616E)
  }
}

extension CSVTable {
  /// The error for the missing value in `row`, `column`.
  func missingValue(row: Int, column: Int) -> ToolError {
    let value = cell(row: row, column: column)
    return ToolError.data(
      "\(location(row: row)): column \(column + 1) \(Escaping.jsonString(header[column])): "
        + "the value is missing (\(Escaping.jsonString(value))); give --missing drop to leave "
        + "out rows with missing values")
  }

  /// The numbers of column `column` in `rows`; a cell that is not one is an error naming its
  /// line, column and value.
  func numbers(column: Int, rows selected: [Int]) throws(ToolError) -> [Double] {
    switch columns[column] {
    case .numbers(let values):
      return selected.count == values.count ? values : selected.map { values[$0] }
    case .texts(let cells):
      var values: [Double] = []
      values.reserveCapacity(selected.count)
      for row in selected {
        guard let value = NumberFormatting.parseDecimal(cells[row]) else {
          throw ColumnProfile.isMissing(cells[row])
            ? missingValue(row: row, column: column) : nonNumeric(row: row, column: column)
        }
        values.append(value)
      }
      return values
    }
  }

  /// The first of `textColumns` whose cell in `row` is missing, if any (only text columns
  /// can hold a missing marker: a column the reader found all numbers has none).
  func firstMissing(row: Int, among textColumns: [(index: Int, cells: [String])]) -> Int? {
    textColumns.first { ColumnProfile.isMissing($0.cells[row]) }?.index
  }
}
