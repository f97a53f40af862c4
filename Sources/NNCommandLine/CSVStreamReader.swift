#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Feeds bytes — a file descriptor read in chunks, or a buffer in memory — through the record
/// scanner into a table builder, enforcing the caps.
///
/// Memory stays at the table being built plus one buffer that holds the record in hand: 1 MiB,
/// grown (for a longer record) up to the record cap. The file's text is never kept.
struct CSVStreamReader {
  static let chunkSize = 1 << 20
  let source: String
  let limits: CSVLimits
  private var scanner: CSVRecordScanner
  private var builder: CSVTableBuilder
  private var hasher: SHA256?

  init(source: String, delimiter: UInt8, limits: CSVLimits, hashing: Bool) {
    self.source = source
    self.limits = limits
    scanner = CSVRecordScanner(delimiter: delimiter, maximumColumns: limits.maximumColumns)
    builder = CSVTableBuilder(source: source, delimiter: delimiter)
    hasher = hashing ? SHA256() : nil
  }

  /// Reads a whole buffer.
  mutating func read(buffer: UnsafeBufferPointer<UInt8>) throws(ToolError) -> CSVTable {
    hasher?.update(UnsafeRawBufferPointer(buffer))
    guard let base = buffer.baseAddress, buffer.count > 0 else {
      return try builder.finish(sha256: digest())
    }
    builder.expectedBytes = buffer.count
    let start = Self.hasByteOrderMark(base, buffer.count) ? 3 : 0
    _ = try parse(base, count: buffer.count, from: start, baseOffset: 0, atEnd: true)
    return try builder.finish(sha256: digest())
  }

  /// Reads `descriptor` to its end; only a regular file may exceed the stream cap.
  mutating func read(descriptor: Int32, isRegularFile: Bool, expectedBytes: Int?)
    throws(ToolError) -> CSVTable
  {
    builder.expectedBytes = expectedBytes
    var capacity = Self.chunkSize
    var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    defer { buffer.deallocate() }
    var filled = 0
    var consumed = 0
    var baseOffset = 0
    var totalRead = 0
    var atEnd = false
    var checkedByteOrderMark = false
    while true {
      if !checkedByteOrderMark && (filled >= 3 || atEnd) {
        if Self.hasByteOrderMark(buffer, filled) { consumed = 3 }
        checkedByteOrderMark = true
      }
      if checkedByteOrderMark {
        consumed = try parse(
          buffer, count: filled, from: consumed, baseOffset: baseOffset, atEnd: atEnd)
      }
      if atEnd { break }
      if filled - consumed > limits.maximumRecordBytes { throw recordTooLong() }
      if consumed > 0 {
        (buffer + 0).update(from: buffer + consumed, count: filled - consumed)
        baseOffset += consumed
        filled -= consumed
        consumed = 0
      }
      if filled == capacity {
        capacity = min(capacity * 2, max(limits.maximumRecordBytes + 1, Self.chunkSize))
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        larger.update(from: buffer, count: filled)
        buffer.deallocate()
        buffer = larger
      }
      // Cannot happen (the record check above leaves room), but a zero-length read would
      // look like the end of the input.
      guard filled < capacity else { throw recordTooLong() }
      let count = readDescriptor(descriptor, buffer + filled, capacity - filled)
      if count < 0 {
        if errno == EINTR { continue }
        throw ToolError.noInput("\(source): cannot read: \(FileAccess.systemMessage(errno))")
      }
      if count == 0 {
        atEnd = true
        continue
      }
      hasher?.update(UnsafeRawBufferPointer(start: buffer + filled, count: count))
      filled += count
      totalRead += count
      if !isRegularFile && totalRead > limits.maximumStreamBytes {
        throw CSVTable.error(
          source, builder.line,
          "more than \(Self.size(limits.maximumStreamBytes)) from a pipe or device "
            + "(\(CSVLimits.environmentNames.stream) raises the cap)", .inputTooLarge)
      }
    }
    return try builder.finish(sha256: digest())
  }

  /// Adds every complete record in `bytes[start..<count]`; returns where the unread rest starts.
  private mutating func parse(
    _ bytes: UnsafePointer<UInt8>, count: Int, from start: Int, baseOffset: Int, atEnd: Bool
  ) throws(ToolError) -> Int {
    var position = start
    while position < count {
      let next: Int?
      do {
        next = try scanner.scan(bytes, count: count, from: position, atEnd: atEnd)
      } catch {
        throw scanError(error)
      }
      guard let next else { break }
      if next - position > limits.maximumRecordBytes { throw recordTooLong() }
      try builder.add(
        scanner.fields.fields, lineBreaks: scanner.lineBreaks, bytes: bytes,
        baseOffset: baseOffset, recordBytes: next - position)
      position = next
    }
    return position
  }

  private func recordTooLong() -> ToolError {
    CSVTable.error(
      source, builder.line,
      "column \(max(scanner.fields.count, 1)): the record is longer than "
        + "\(Self.size(limits.maximumRecordBytes)) (\(CSVLimits.environmentNames.record) "
        + "raises the cap)", .recordTooLong)
  }

  private func scanError(_ failure: CSVScanFailure) -> ToolError {
    let line = builder.line + failure.lineOffset
    switch failure.kind {
    case .unclosedQuote:
      return CSVTable.error(
        source, line, "column \(failure.column): a quoted field is never closed",
        .unclosedQuote)
    case .textAfterQuote:
      return CSVTable.error(
        source, line,
        "column \(failure.column): text after the closing quote of a quoted field "
          + "(write a quote inside quotes as \"\")", .textAfterQuote)
    case .tooManyColumns:
      return CSVTable.error(
        source, line,
        "column \(failure.column): more than \(limits.maximumColumns) columns "
          + "(\(CSVLimits.environmentNames.columns) raises the cap)", .tooManyColumns)
    }
  }

  private func digest() -> String { hasher?.finalizeHex() ?? "" }

  private static func hasByteOrderMark(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
  }

  /// `1 GiB`, `16 MiB`, or bytes.
  static func size(_ bytes: Int) -> String {
    if bytes >= 1 << 30 && bytes % (1 << 30) == 0 { return "\(bytes >> 30) GiB" }
    if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
    if bytes >= 1 << 10 && bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
    return "\(bytes) bytes"
  }
}

private func readDescriptor(
  _ descriptor: Int32, _ buffer: UnsafeMutablePointer<UInt8>, _ count: Int
)
  -> Int
{
  read(descriptor, buffer, count)
}
