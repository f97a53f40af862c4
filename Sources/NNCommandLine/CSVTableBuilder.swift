import NNModel

/// Turns scanned records into a ``CSVTable``'s columns: numbers go straight from the bytes into
/// a column of `Double`s; a column keeps strings only once it meets a cell that is not a number.
struct CSVTableBuilder {
  let source: String
  let delimiter: UInt8
  private(set) var header: [String]?
  /// Per column: the numbers so far, while every cell has been one.
  private(set) var numbers: [[Double]] = []
  /// Per column: the texts, once a cell was not a number (then `numbers` is empty).
  private(set) var texts: [[String]?] = []
  private(set) var lineNumbers: [Int] = []
  /// The line on which the next record starts.
  private(set) var line = 1
  /// How many columns hold texts (while none does, a record takes the all-numbers path).
  private var textColumnCount = 0
  /// Unescaped bytes of a quoted field with doubled quotes.
  private var scratch: [UInt8] = []
  /// Numbers of all-number records not yet appended to `numbers`: column `c`'s at
  /// `c · stagedRows ..< c · stagedRows + staged`. Appending a block per column instead of one
  /// value at a time removes the nested arrays' uniqueness check per cell, which was a tenth of
  /// reading a large file (W9, `docs/benchmarks.md`).
  private var staging: [Double] = []
  private var staged = 0
  /// Records staged at most: 64, fewer for a wide file, so that `staging` stays within 16,384
  /// numbers (128 KiB) whatever the header holds.
  private var stagedRows = 1

  init(source: String, delimiter: UInt8) {
    self.source = source
    self.delimiter = delimiter
  }

  /// The table, or an error for an input without a header or without rows.
  mutating func finish(sha256: String) throws(ToolError) -> CSVTable {
    appendStaged()
    guard let header else { throw CSVTable.error(source, nil, "the file is empty", .empty) }
    guard !lineNumbers.isEmpty else {
      throw CSVTable.error(source, nil, "no data rows after the header", .noRows)
    }
    let columns: [CSVColumn] = header.indices.map { index in
      texts[index].map(CSVColumn.texts) ?? .numbers(numbers[index])
    }
    return CSVTable(
      source: source, header: header, columns: columns, lineNumbers: lineNumbers,
      sha256: sha256, delimiter: delimiter)
  }

  /// The input's size when known (a regular file), to reserve the columns' room once instead
  /// of growing them (each growth copies and faults in fresh pages).
  var expectedBytes: Int?

  /// Adds the record the scanner just scanned from `bytes`, whose first byte is at
  /// `baseOffset` in the file; it took `recordBytes` bytes.
  mutating func add(
    _ fields: UnsafeBufferPointer<CSVFieldSpan>, lineBreaks: Int, bytes: UnsafePointer<UInt8>,
    baseOffset: Int, recordBytes: Int
  ) throws(ToolError) {
    let startLine = line
    line += lineBreaks
    if fields.count == 1 && isBlank(fields[0], bytes) { return }
    guard let header else {
      try readHeader(fields, line: startLine, bytes: bytes, baseOffset: baseOffset)
      return
    }
    guard fields.count == header.count else {
      throw CSVTable.error(
        source, startLine,
        "\(fields.count) field\(fields.count == 1 ? "" : "s"), but the header has \(header.count)",
        .fieldCount)
    }
    if lineNumbers.isEmpty, let expectedBytes {
      // Room for the rows the file holds if they are as long as the first, and a little more;
      // pages of room never written are never touched. A short first record must not make a
      // large file reserve more than twice its size (what a file of short records would need).
      let rowBytes = 8 * (numbers.count + 1)
      let estimate = min(
        expectedBytes / max(recordBytes, 1) * 11 / 10 + 16, 2 * expectedBytes / rowBytes + 16)
      lineNumbers.reserveCapacity(estimate)
      for column in numbers.indices {
        numbers[column].reserveCapacity(estimate)
        // The columns of a large file are its largest allocation, touched once row by row.
        let bytes = numbers[column].capacity * MemoryLayout<Double>.stride
        numbers[column].withUnsafeMutableBufferPointer { column in
          if let start = column.baseAddress { adviseHugePages(start, byteCount: bytes) }
        }
      }
    }
    if textColumnCount == 0 {
      let row = staged
      let rows = stagedRows
      let allNumbers = staging.withUnsafeMutableBufferPointer { staging in
        for (column, field) in fields.enumerated() {
          // Not counted as staged: the general path below adds the record again.
          guard let value = field.number ?? Self.plainNumber(field, bytes), !field.escaped else {
            return false
          }
          staging[column * rows + row] = value
        }
        return true
      }
      if allNumbers {
        staged += 1
        lineNumbers.append(startLine)
        if staged == stagedRows { appendStaged() }
        return
      }
      appendStaged()
    }
    for (column, field) in fields.enumerated() {
      if texts[column] == nil {
        if let value = number(field, bytes) {
          numbers[column].append(value)
          continue
        }
        texts[column] = numbers[column].map(NumberFormatting.roundTrip)
        numbers[column] = []
        textColumnCount += 1
      }
      let text = try cellText(
        field, bytes, place: (startLine, column, baseOffset), canonicalNumbers: true)
      texts[column]?.append(text)  // set above when the column turned out to be text
    }
    lineNumbers.append(startLine)
  }

  /// Moves the staged numbers to the end of their columns.
  private mutating func appendStaged() {
    guard staged > 0 else { return }
    let count = staged
    let rows = stagedRows
    let staging = self.staging
    staging.withUnsafeBufferPointer { staging in
      for column in numbers.indices {
        let start = column * rows
        numbers[column].append(
          contentsOf: UnsafeBufferPointer(rebasing: staging[start..<(start + count)]))
      }
    }
    staged = 0
  }

  private mutating func readHeader(
    _ fields: UnsafeBufferPointer<CSVFieldSpan>, line: Int, bytes: UnsafePointer<UInt8>,
    baseOffset: Int
  ) throws(ToolError) {
    var names: [String] = []
    var seen: Set<String> = []
    for (index, field) in fields.enumerated() {
      let name = Self.trimmed(
        try cellText(field, bytes, place: (line, index, baseOffset), canonicalNumbers: false))
      guard !name.isEmpty else {
        throw CSVTable.error(
          source, line, "column \(index + 1) of the header has no name", .headerName)
      }
      guard seen.insert(name).inserted else {
        throw CSVTable.error(
          source, line,
          "column \(index + 1): the name \(jsonStringLiteral(name)) appears twice in the header",
          .headerName)
      }
      names.append(name)
    }
    if names.count == 1 {
      for candidate: UInt8 in [UInt8(ascii: ";"), 0x09, UInt8(ascii: "|")]
      where candidate != delimiter && names[0].utf8.contains(candidate) {
        throw CSVTable.error(
          source, line,
          "the header is one column, \(jsonStringLiteral(names[0])), split by "
            + "\(CSVDelimiter.name(candidate)) rather than \(CSVDelimiter.name(delimiter)): "
            + "try --delimiter \(candidate == 0x09 ? "tab" : CSVDelimiter.name(candidate))",
          .delimiter)
      }
    }
    header = names
    numbers = Array(repeating: [], count: names.count)
    texts = Array(repeating: nil, count: names.count)
    stagedRows = max(1, min(64, 16384 / max(names.count, 1)))
    staging = Array(repeating: 0, count: names.count * stagedRows)
  }

  private func isBlank(_ field: CSVFieldSpan, _ bytes: UnsafePointer<UInt8>) -> Bool {
    (field.start..<field.end).allSatisfy { bytes[$0] == 0x20 || bytes[$0] == 0x09 }
  }

  /// The cell as a number, parsed from the file's bytes (or the unescaped copy).
  @inline(__always)
  private mutating func number(_ field: CSVFieldSpan, _ bytes: UnsafePointer<UInt8>) -> Double? {
    if let number = field.number { return number }
    if field.escaped {
      unescape(field, bytes)
      return scratch.withUnsafeBufferPointer { NumberText.decimal($0) }
    }
    return Self.plainNumber(field, bytes)
  }

  /// A field without doubled quotes as a number, parsed in place.
  @inline(__always)
  private static func plainNumber(_ field: CSVFieldSpan, _ bytes: UnsafePointer<UInt8>) -> Double? {
    NumberText.decimal(
      UnsafeBufferPointer(start: bytes + field.start, count: field.end - field.start))
  }

  /// The cell as text: a number as its shortest round-trip form when `canonicalNumbers` (so a
  /// column reads the same whichever of its cells came first), anything else as written.
  private mutating func cellText(
    _ field: CSVFieldSpan, _ bytes: UnsafePointer<UInt8>,
    place: (line: Int, column: Int, baseOffset: Int), canonicalNumbers: Bool
  ) throws(ToolError) -> String {
    if canonicalNumbers, let value = number(field, bytes) {
      return NumberFormatting.roundTrip(value)
    }
    let decoded: (text: String?, invalidAt: Int)
    if field.escaped {
      unescape(field, bytes)
      decoded = scratch.withUnsafeBufferPointer(Self.decode)
    } else {
      decoded = Self.decode(
        UnsafeBufferPointer(start: bytes + field.start, count: field.end - field.start))
    }
    if let text = decoded.text { return text }
    // Offsets in an unescaped copy are close enough: the doubled quotes are ASCII.
    let offset = place.baseOffset + field.start + decoded.invalidAt
    throw CSVTable.error(
      source, place.line, "column \(place.column + 1): byte offset \(offset): not valid UTF-8",
      .encoding)
  }

  private static func decode(_ content: UnsafeBufferPointer<UInt8>) -> (String?, Int) {
    if let text = String(validating: content, as: UTF8.self) { return (text, 0) }
    return (nil, CSVTable.firstInvalidUTF8Offset(content))
  }

  private mutating func unescape(_ field: CSVFieldSpan, _ bytes: UnsafePointer<UInt8>) {
    scratch.removeAll(keepingCapacity: true)
    var index = field.start
    while index < field.end {
      scratch.append(bytes[index])
      index += bytes[index] == UInt8(ascii: "\"") ? 2 : 1
    }
  }

  static func trimmed(_ text: String) -> String {
    var slice = text[...]
    while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
    while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
    return String(slice)
  }
}
