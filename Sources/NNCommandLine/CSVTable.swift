/// One column of a ``CSVTable``: numbers when every cell is one, else the cells' texts.
public enum CSVColumn: Sendable, Equatable {
  /// Every cell is a decimal number (``NumberFormatting/parseDecimal(_:)``).
  case numbers([Double])
  /// At least one cell is not a number. A cell that is one reads as its shortest round-trip
  /// text (`1.50` as `1.5`); the others as written.
  case texts([String])
}

/// A CSV file read whole into typed columns: its header, its cells, and where each record
/// starts.
///
/// The reader (``CSVRecordScanner``) follows RFC 4180: quoted fields, doubled quotes, line
/// breaks inside quotes, LF, CR LF or CR line ends; a quote inside an unquoted field is an
/// ordinary character (`6'2"`). Blank lines are skipped; a UTF-8 byte-order mark is ignored.
/// Numbers go from the file's bytes straight into columns of `Double` (``columns``), so a
/// numeric file costs about 8 bytes a cell; strings are kept only for columns that need them.
/// Reading is bounded by ``CSVLimits``; every error names the file, the line and (where there
/// is one) the column, and ends with a stable code such as `[csv-unclosed-quote]`.
public struct CSVTable: Sendable {
  /// How the file is named in messages: the path as given, or `<stdin>`.
  public let source: String
  /// The column names from the first record, without surrounding blanks.
  public let header: [String]
  /// The cells, one column per header name, each ``rowCount`` long.
  public let columns: [CSVColumn]
  /// The 1-based line number on which each record starts.
  public let lineNumbers: [Int]
  /// SHA-256 of the file's bytes, as 64 lower-case hex digits; empty when the file was read
  /// with `hashing: false`.
  public let sha256: String
  /// The field delimiter the file was read with.
  public let delimiter: UInt8

  init(
    source: String, header: [String], columns: [CSVColumn], lineNumbers: [Int], sha256: String,
    delimiter: UInt8
  ) {
    self.source = source
    self.header = header
    self.columns = columns
    self.lineNumbers = lineNumbers
    self.sha256 = sha256
    self.delimiter = delimiter
  }

  /// The number of data records.
  public var rowCount: Int { lineNumbers.count }

  /// Reads and parses the file at `path` (`-` for standard input), comma-separated (tab for a
  /// `.tsv` name), with the caps from the environment, hashing the bytes.
  public static func load(path: String) throws(ToolError) -> CSVTable {
    try load(path: path, options: CSVReadOptions())
  }

  /// Reads and parses the file at `path` (`-` for standard input) with `options`.
  ///
  /// A regular file is read in chunks of 1 MiB whatever its size; a pipe, device or terminal
  /// the same, up to ``CSVLimits/maximumStreamBytes``. Errors: status 66 when the file cannot
  /// be opened or read, 65 for its content (see ``init(bytes:source:options:)``), 64 for a bad
  /// cap in the environment.
  public static func load(path: String, options: CSVReadOptions) throws(ToolError) -> CSVTable {
    var limits = CSVLimits.defaults
    if let given = options.limits { limits = given } else { limits = try .fromEnvironment() }
    let delimiter = options.delimiter ?? CSVDelimiter.defaultDelimiter(forPath: path)
    let source = path == "-" ? "<stdin>" : path
    let input = try FileAccess.openForReading(path: path)
    defer { if input.descriptor != 0 { input.close() } }
    var reader = CSVStreamReader(
      source: source, delimiter: delimiter, limits: limits, hashing: options.hashing)
    let table: CSVTable = try reader.read(
      descriptor: input.descriptor, isRegularFile: input.isRegularFile,
      expectedBytes: input.isRegularFile ? input.size : nil)
    return table
  }

  /// Parses CSV `bytes` (comma-separated, default caps, hashed); `source` names them in errors.
  public init(bytes: [UInt8], source: String) throws(ToolError) {
    try self.init(
      bytes: bytes, source: source, options: CSVReadOptions(limits: CSVLimits.defaults))
  }

  /// Parses CSV `bytes` with `options` (a nil delimiter means comma); `source` names them.
  ///
  /// Errors (status 65, each with its code): an empty file (`csv-empty`), a header without
  /// records (`csv-no-rows`), an unclosed quoted field (`csv-unclosed-quote`), text after a
  /// closing quote (`csv-text-after-quote`), invalid UTF-8 (`csv-invalid-utf8`), a header name
  /// that is empty or repeated (`csv-header-name`), a header that looks split by another
  /// delimiter (`csv-delimiter`), a record whose field count differs from the header's
  /// (`csv-field-count`), and the caps: `csv-record-too-long`, `csv-too-many-columns`,
  /// `csv-input-too-large`.
  public init(bytes: [UInt8], source: String, options: CSVReadOptions) throws(ToolError) {
    var reader = CSVStreamReader(
      source: source, delimiter: options.delimiter ?? UInt8(ascii: ","),
      limits: options.limits ?? CSVLimits.defaults, hashing: options.hashing)
    self = try bytes.withUnsafeBufferPointer { buffer throws(ToolError) in
      try reader.read(buffer: buffer)
    }
  }

  /// The cells of a record, for code that walks the table row by row.
  public struct Row: RandomAccessCollection, Sendable {
    let columns: [CSVColumn]
    let row: Int
    /// The first column index (0).
    public var startIndex: Int { 0 }
    /// The number of columns.
    public var endIndex: Int { columns.count }
    /// The cell in column `column` as text (see ``CSVColumn/texts(_:)``).
    public subscript(column: Int) -> String { CSVTable.text(columns[column], row) }
  }

  /// The records, each a ``Row`` of cell texts; computed on access from ``columns``.
  public struct Rows: RandomAccessCollection, Sendable {
    let columns: [CSVColumn]
    /// The first record index (0).
    public let startIndex = 0
    /// The number of records.
    public let endIndex: Int
    /// The record at `row`.
    public subscript(row: Int) -> Row { Row(columns: columns, row: row) }
  }

  /// The data records as rows of cell texts (see ``CSVColumn/texts(_:)`` for numbers).
  ///
  /// A number's text is formatted on each access (about 0.1 µs): code that walks a large file
  /// should read ``columns`` (or ``numericColumn(_:)``) instead.
  public var rows: Rows { Rows(columns: columns, endIndex: rowCount) }

  /// The cell at `row`, `column` as text.
  public func cell(row: Int, column: Int) -> String { Self.text(columns[column], row) }

  static func text(_ column: CSVColumn, _ row: Int) -> String {
    switch column {
    case .numbers(let values): NumberFormatting.roundTrip(values[row])
    case .texts(let values): values[row]
    }
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
    if case .numbers = columns[index] { return true }
    return false
  }

  /// The values of column `index` as numbers (shared with the table, not copied); the first
  /// that is not one is an error naming its line and column.
  public func numericColumn(_ index: Int) throws(ToolError) -> [Double] {
    switch columns[index] {
    case .numbers(let values):
      return values
    case .texts(let values):
      let row = values.firstIndex { NumberFormatting.parseDecimal($0) == nil } ?? 0
      throw nonNumeric(row: row, column: index)
    }
  }

  /// The error for a value in `row`, `column` that is not a finite number.
  public func nonNumeric(row: Int, column: Int) -> ToolError {
    let value = cell(row: row, column: column)
    let shown = value.unicodeScalars.count > 40 ? String(value.prefix(40)) + "…" : value
    return ToolError.data(
      "\(source):\(lineNumbers[row]): column \(column + 1) "
        + "\(Escaping.jsonString(header[column])): \(Escaping.jsonString(shown)) "
        + (value.isEmpty ? "is empty, expected a number" : "is not a number"))
  }

  /// The place of a record for messages: `data.csv:7`.
  public func location(row: Int) -> String { "\(source):\(lineNumbers[row])" }

  /// The stable codes of the reader's errors, printed at the end of each message.
  enum ErrorCode: String {
    case empty = "csv-empty"
    case noRows = "csv-no-rows"
    case unclosedQuote = "csv-unclosed-quote"
    case textAfterQuote = "csv-text-after-quote"
    case encoding = "csv-invalid-utf8"
    case headerName = "csv-header-name"
    case delimiter = "csv-delimiter"
    case fieldCount = "csv-field-count"
    case recordTooLong = "csv-record-too-long"
    case tooManyColumns = "csv-too-many-columns"
    case inputTooLarge = "csv-input-too-large"
  }

  /// A content error (status 65): `SOURCE[:LINE]: MESSAGE [CODE]`.
  static func error(_ source: String, _ line: Int?, _ message: String, _ code: ErrorCode)
    -> ToolError
  {
    ToolError.data("\(source)\(line.map { ":\($0)" } ?? ""): \(message) [\(code.rawValue)]")
  }

  /// The offset of the first byte that does not start a well-formed UTF-8 sequence.
  static func firstInvalidUTF8Offset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
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
