import NNModel

/// A plain-text table with aligned columns, for people reading a terminal.
///
/// ```
/// layer  units  activation  parameters
/// 1          2  sigmoid              6
/// 2          1  sigmoid              3
/// ```
/// Control characters in cells are escaped (`escapedForTerminal(_:keepingBackslashes:)`, keeping
/// backslashes, which the tools' own cells use: `actual \ predicted`); width counts Unicode scalars, which is
/// right for the names these tools print. Scripts should use `--json` instead.
public struct TextTable: Sendable {
  /// How a column's cells line up.
  public enum Alignment: Sendable {
    /// Padded on the right (text).
    case left
    /// Padded on the left (numbers).
    case right
  }

  /// The column titles; an empty array prints no header line.
  public var header: [String]
  /// The alignment of each column; columns beyond this list are left-aligned.
  public var alignments: [Alignment]
  /// The rows; a row may have fewer cells than the header.
  public private(set) var rows: [[String]] = []
  /// The text between two columns.
  public var separator = "  "

  /// Creates an empty table.
  public init(header: [String], alignments: [Alignment] = []) {
    self.header = header
    self.alignments = alignments
  }

  /// Appends a row.
  public mutating func append(_ row: [String]) {
    rows.append(row.map { escapedForTerminal($0, keepingBackslashes: true) })
  }

  /// The table as lines of text, each ending in a line break, trailing spaces trimmed.
  public func render() -> String {
    let all =
      (header.isEmpty ? [] : [header.map { escapedForTerminal($0, keepingBackslashes: true) }])
      + rows
    let columnCount = all.map(\.count).max() ?? 0
    var widths = [Int](repeating: 0, count: columnCount)
    for row in all {
      for (column, cell) in row.enumerated() {
        widths[column] = max(widths[column], cell.unicodeScalars.count)
      }
    }
    var output = ""
    for row in all {
      var line = ""
      for column in 0..<columnCount {
        let cell = column < row.count ? row[column] : ""
        let padding = String(repeating: " ", count: widths[column] - cell.unicodeScalars.count)
        if column > 0 { line += separator }
        let alignment = column < alignments.count ? alignments[column] : .left
        line += alignment == .right ? padding + cell : cell + padding
      }
      while line.hasSuffix(" ") { line.removeLast() }
      output += line + "\n"
    }
    return output
  }
}
