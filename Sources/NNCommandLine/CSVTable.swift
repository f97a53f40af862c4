import CSV

/// A CSV file read whole: its header, its records, and where each record starts.
///
/// Parsing is done by the CSV.swift library (RFC 4180: quoted fields, doubled quotes, line
/// breaks inside quotes, CRLF or LF). This type adds what error messages need: the physical
/// line on which each record starts, so that `data.csv:7: …` points at the right line even
/// when an earlier field spans several lines. Blank lines are skipped; a UTF-8 byte-order mark
/// is ignored.
public struct CSVTable: Sendable {
  /// How the file is named in messages: the path as given, or `<stdin>`.
  public let source: String
  /// The column names from the first record.
  public let header: [String]
  /// The data records, each with exactly `header.count` fields.
  public let rows: [[String]]
  /// The 1-based line number on which each record of `rows` starts.
  public let lineNumbers: [Int]
  /// SHA-256 of the file's bytes, as 64 lower-case hex digits.
  public let sha256: String

  /// Reads and parses the file at `path` (`-` for standard input).
  public static func load(path: String) throws(ToolError) -> CSVTable {
    let bytes = try FileAccess.readAll(path: path)
    return try CSVTable(bytes: bytes, source: path == "-" ? "<stdin>" : path)
  }

  /// Parses CSV `bytes`; `source` names them in errors.
  ///
  /// Errors (status 65): an empty file, invalid UTF-8, an unterminated quoted field, a header
  /// with an empty or repeated name, a record whose field count differs from the header's, and
  /// a file with a header but no records.
  public init(bytes: [UInt8], source: String) throws(ToolError) {
    self.source = source
    sha256 = SHA256.hexDigest(of: bytes)
    var content = bytes[...]
    if content.starts(with: [0xEF, 0xBB, 0xBF]) { content = content.dropFirst(3) }
    guard content.contains(where: { !Self.isBlank($0) }) else {
      throw ToolError.data("\(source): the file is empty")
    }
    guard let text = String(validating: content, as: UTF8.self) else {
      let offset = Self.firstInvalidUTF8Offset(bytes)
      throw ToolError.data("\(source): byte offset \(offset): not valid UTF-8")
    }
    if let line = Self.unterminatedQuoteLine(content) {
      throw ToolError.data("\(source):\(line): a quoted field is never closed")
    }
    let reader: CSVReader
    do {
      reader = try CSVReader(string: text, hasHeaderRow: false)
    } catch {
      throw ToolError.data("\(source): cannot parse: \(error)")
    }
    var line = 1
    var header: [String]?
    var rows: [[String]] = []
    var lineNumbers: [Int] = []
    while let record = reader.next() {
      let startLine = line
      line += 1 + record.reduce(0) { $0 + Self.lineBreakCount($1) }
      if record.count == 1 && record[0].allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
      guard let columns = header else {
        try Self.checkHeader(record, source: source, line: startLine)
        header = record.map(Self.trimmed)
        continue
      }
      guard record.count == columns.count else {
        throw ToolError.data(
          "\(source):\(startLine): \(record.count) field\(record.count == 1 ? "" : "s"), "
            + "but the header has \(columns.count)")
      }
      rows.append(record)
      lineNumbers.append(startLine)
    }
    guard let header else { throw ToolError.data("\(source): the file is empty") }
    guard !rows.isEmpty else {
      throw ToolError.data("\(source): no data rows after the header")
    }
    self.header = header
    self.rows = rows
    self.lineNumbers = lineNumbers
  }

  /// The index of the column named `name` (exact match, or a unique case-insensitive match).
  public func columnIndex(named name: String) throws(ToolError) -> Int {
    if let index = header.firstIndex(of: name) { return index }
    let folded = header.indices.filter { header[$0].lowercased() == name.lowercased() }
    if folded.count == 1 { return folded[0] }
    throw ToolError.data(
      "\(source): no column \(Escaping.jsonString(name)) (columns: "
        + header.map(Escaping.jsonString).joined(separator: ", ") + ")")
  }

  /// Whether every value in column `index` is a decimal number.
  public func isNumericColumn(_ index: Int) -> Bool {
    rows.allSatisfy { NumberFormatting.parseDecimal($0[index]) != nil }
  }

  /// The values of column `index` as numbers; the first that is not one is an error naming
  /// its line and column.
  public func numericColumn(_ index: Int) throws(ToolError) -> [Double] {
    var values: [Double] = []
    values.reserveCapacity(rows.count)
    for (row, record) in rows.enumerated() {
      guard let value = NumberFormatting.parseDecimal(record[index]) else {
        throw nonNumeric(row: row, column: index)
      }
      values.append(value)
    }
    return values
  }

  /// The error for a value in `row`, `column` that is not a finite number.
  public func nonNumeric(row: Int, column: Int) -> ToolError {
    let value = rows[row][column]
    let shown = value.unicodeScalars.count > 40 ? String(value.prefix(40)) + "…" : value
    return ToolError.data(
      "\(source):\(lineNumbers[row]): column \(column + 1) "
        + "\(Escaping.jsonString(header[column])): \(Escaping.jsonString(shown)) "
        + (value.isEmpty ? "is empty, expected a number" : "is not a number"))
  }

  /// The place of a record for messages: `data.csv:7`.
  public func location(row: Int) -> String { "\(source):\(lineNumbers[row])" }

  private static func checkHeader(_ record: [String], source: String, line: Int) throws(ToolError) {
    var seen: Set<String> = []
    for (index, rawName) in record.enumerated() {
      let name = trimmed(rawName)
      guard !name.isEmpty else {
        throw ToolError.data("\(source):\(line): column \(index + 1) of the header has no name")
      }
      guard seen.insert(name).inserted else {
        throw ToolError.data(
          "\(source):\(line): column \(index + 1): the name \(Escaping.jsonString(name)) "
            + "appears twice in the header")
      }
    }
  }

  private static func trimmed(_ text: String) -> String {
    var slice = text[...]
    while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
    while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
    return String(slice)
  }

  private static func isBlank(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
  }

  /// Line breaks inside a field: LF, CR LF and a lone CR each count once.
  private static func lineBreakCount(_ field: String) -> Int {
    var count = 0
    var previousWasCR = false
    for scalar in field.unicodeScalars {
      if scalar == "\n" {
        if !previousWasCR { count += 1 }
        previousWasCR = false
      } else if scalar == "\r" {
        count += 1
        previousWasCR = true
      } else {
        previousWasCR = false
      }
    }
    return count
  }

  /// The line on which an unclosed quoted field starts, if the quotes do not balance.
  private static func unterminatedQuoteLine(_ bytes: ArraySlice<UInt8>) -> Int? {
    var line = 1
    var inQuotes = false
    var openedOn = 1
    var previous: UInt8 = 0
    for byte in bytes {
      if byte == UInt8(ascii: "\"") {
        if !inQuotes { openedOn = line }
        inQuotes.toggle()
      } else if byte == 0x0A {
        if previous != 0x0D { line += 1 }
      } else if byte == 0x0D {
        line += 1
      }
      previous = byte
    }
    return inQuotes ? openedOn : nil
  }

  /// The offset of the first byte that does not start a well-formed UTF-8 sequence.
  private static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int {
    var offset = 0
    while offset < bytes.count {
      let lead = bytes[offset]
      let length: Int
      var low: UInt8 = 0x80
      var high: UInt8 = 0xBF
      switch lead {
      case 0x00...0x7F: length = 1
      case 0xC2...0xDF: length = 2
      case 0xE0:
        length = 3
        low = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: length = 3
      case 0xED:
        length = 3
        high = 0x9F
      case 0xF0:
        length = 4
        low = 0x90
      case 0xF1...0xF3: length = 4
      case 0xF4:
        length = 4
        high = 0x8F
      default: return offset
      }
      guard offset + length <= bytes.count else { return offset }
      for index in 1..<max(1, length) {
        let byte = bytes[offset + index]
        let (minimum, maximum) = index == 1 ? (low, high) : (0x80, 0xBF)
        if byte < minimum || byte > maximum { return offset }
      }
      offset += length
    }
    return offset
  }
}
