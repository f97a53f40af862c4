import NNModel

/// How the CSV reader reads a file: the delimiter, the caps that bound its memory, and whether
/// it hashes the bytes.
public struct CSVReadOptions: Sendable, Equatable {
  /// The field delimiter byte; nil chooses by file name: tab for `.tsv`, else comma.
  public var delimiter: UInt8?
  /// The caps; nil reads them from the environment (``CSVLimits/fromEnvironment()``).
  public var limits: CSVLimits?
  /// Whether to compute ``CSVTable/sha256`` (training records it; `eval` and `predict` need not
  /// pay for it).
  public var hashing: Bool

  /// Options with the given delimiter, caps and hashing.
  public init(delimiter: UInt8? = nil, limits: CSVLimits? = nil, hashing: Bool = true) {
    self.delimiter = delimiter
    self.limits = limits
    self.hashing = hashing
  }
}

/// The caps of the CSV reader, so that no input makes it hold more memory than the data it
/// returns justifies: endless devices, pipes that never close, a line of a gigabyte and ten
/// million columns each stop with an error after at most a cap's worth of reading.
///
/// | cap | default | environment variable |
/// |---|---|---|
/// | bytes read from a pipe, device or terminal (a regular file has none) | 1 GiB | `NNKIT_CSV_MAX_INPUT` |
/// | bytes in one record | 16 MiB | `NNKIT_CSV_MAX_RECORD` |
/// | fields in one record | 100,000 | `NNKIT_CSV_MAX_COLUMNS` |
///
/// The variables take a number of bytes (or fields) with an optional `K`, `M` or `G` suffix
/// (powers of 1024 for bytes).
public struct CSVLimits: Sendable, Equatable {
  /// The most bytes read from an input that is not a regular file.
  public var maximumStreamBytes: Int
  /// The most bytes in one record, its line breaks included.
  public var maximumRecordBytes: Int
  /// The most fields in one record.
  public var maximumColumns: Int

  /// Caps with the given values.
  public init(maximumStreamBytes: Int, maximumRecordBytes: Int, maximumColumns: Int) {
    self.maximumStreamBytes = maximumStreamBytes
    self.maximumRecordBytes = maximumRecordBytes
    self.maximumColumns = maximumColumns
  }

  /// The default caps.
  public static let defaults = CSVLimits(
    maximumStreamBytes: 1 << 30, maximumRecordBytes: 16 << 20, maximumColumns: 100_000)

  /// The environment variables that raise or lower each cap.
  public static let environmentNames = (
    stream: "NNKIT_CSV_MAX_INPUT", record: "NNKIT_CSV_MAX_RECORD", columns: "NNKIT_CSV_MAX_COLUMNS"
  )

  /// The defaults, overridden by the environment variables that are set; a value that is not
  /// a positive whole number is a usage error (status 64).
  public static func fromEnvironment() throws(ToolError) -> CSVLimits {
    var limits = defaults
    let names = environmentNames
    if let value = try environmentSize(names.stream) { limits.maximumStreamBytes = value }
    if let value = try environmentSize(names.record) { limits.maximumRecordBytes = value }
    if let value = try environmentSize(names.columns) { limits.maximumColumns = value }
    return limits
  }

  /// `text` as a positive size: digits with an optional `K`, `M` or `G` (×1024 each).
  static func parseSize(_ text: String) -> Int? {
    var digits = Substring(text)
    var scale = 1
    switch digits.last {
    case "K", "k": scale = 1 << 10
    case "M", "m": scale = 1 << 20
    case "G", "g": scale = 1 << 30
    default: break
    }
    if scale != 1 { digits = digits.dropLast() }
    guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let value = Int(digits), value > 0,
      value <= Int.max / scale / 2
    else { return nil }
    return value * scale
  }

  private static func environmentSize(_ name: String) throws(ToolError) -> Int? {
    guard let text = Terminal.environment(name) else { return nil }
    guard let value = parseSize(text) else {
      throw ToolError.usage(
        "\(name)=\(jsonStringLiteral(text)): expected a positive number, such as 64M")
    }
    return value
  }
}

/// The CSV field delimiters the tools accept.
public enum CSVDelimiter {
  /// The byte for a `--delimiter` value: `,`, `;`, `|`, or a tab written as `tab`, `\t` or a
  /// tab character.
  public static func parse(_ text: String) throws(ToolError) -> UInt8 {
    switch text {
    case ",": return UInt8(ascii: ",")
    case ";": return UInt8(ascii: ";")
    case "|": return UInt8(ascii: "|")
    case "tab", "\\t", "\t", "TAB": return 0x09
    default:
      throw ToolError.usage(
        "--delimiter \(jsonStringLiteral(text)): expected ',', ';', '|' or 'tab'")
    }
  }

  /// The delimiter for a file when none is given: tab for a `.tsv` name, else comma.
  public static func defaultDelimiter(forPath path: String) -> UInt8 {
    path.lowercased().hasSuffix(".tsv") ? 0x09 : UInt8(ascii: ",")
  }

  /// How messages name a delimiter: `','`, `';'`, `tab`.
  public static func name(_ delimiter: UInt8) -> String {
    delimiter == 0x09 ? "tab" : "'\(Character(Unicode.Scalar(delimiter)))'"
  }
}
