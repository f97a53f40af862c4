import NNModel

/// Where one field of a CSV record lies in the scanned bytes.
struct CSVFieldSpan: Sendable {
  /// The first byte of the field's content (after the opening quote of a quoted field).
  var start: Int
  /// One past the last byte of the content (before the closing quote).
  var end: Int
  /// Whether the content contains doubled quotes (`""`) that stand for one quote each.
  var escaped: Bool
  /// The field's number when the scanner parsed it on the way (an unquoted field that is
  /// exactly a number), else nil.
  var number: Double?
}

/// The field spans of the record in hand, in a buffer reused from record to record (an array
/// append per field showed in the profile).
final class CSVFieldBuffer {
  private(set) var spans: UnsafeMutablePointer<CSVFieldSpan>
  private(set) var capacity: Int
  /// The number of fields.
  var count = 0

  init() {
    capacity = 64
    spans = .allocate(capacity: capacity)
  }

  deinit { spans.deallocate() }

  /// The fields as a buffer, valid until the next scan.
  var fields: UnsafeBufferPointer<CSVFieldSpan> { UnsafeBufferPointer(start: spans, count: count) }

  @inline(__always) func append(_ span: CSVFieldSpan) {
    if count == capacity { grow() }
    spans[count] = span
    count += 1
  }

  private func grow() {
    let larger = UnsafeMutablePointer<CSVFieldSpan>.allocate(capacity: capacity * 2)
    larger.initialize(from: spans, count: count)
    spans.deallocate()
    spans = larger
    capacity *= 2
  }
}

/// Why a record cannot be scanned; the driver turns it into a ``ToolError`` with the place.
struct CSVScanFailure: Error {
  enum Kind {
    /// A quoted field runs to the end of the input.
    case unclosedQuote
    /// A closing quote is followed by something other than a delimiter or a line end.
    case textAfterQuote
    /// The record has more fields than the column cap.
    case tooManyColumns
  }
  var kind: Kind
  /// The 1-based field number.
  var column: Int
  /// Line breaks between the record's first line and the place of the failure.
  var lineOffset: Int
}

/// Splits bytes into CSV records (RFC 4180), one record per call, without copying.
///
/// A field that starts with `"` is quoted: it runs to the next lone `"`, may hold delimiters
/// and line breaks, and writes a quote as `""`; blanks may follow the closing quote. A quote
/// anywhere else is an ordinary character (`6'2"` is a field). Records end at LF, CR LF or a
/// lone CR, or at the end of the input.
struct CSVRecordScanner {
  let delimiter: UInt8
  let maximumColumns: Int
  /// The fields of the last record scanned (also of an incomplete one, up to where it stopped).
  let fields = CSVFieldBuffer()
  /// The line breaks the last complete record spans, its terminator included.
  private(set) var lineBreaks = 0

  init(delimiter: UInt8, maximumColumns: Int) {
    self.delimiter = delimiter
    self.maximumColumns = maximumColumns
  }

  /// Scans the record starting at `start` of `bytes[0..<count]` and returns where the next
  /// one starts, or nil when the record may continue past `count` (only when `!atEnd`).
  mutating func scan(
    _ bytes: UnsafePointer<UInt8>, count: Int, from start: Int, atEnd: Bool
  ) throws(CSVScanFailure) -> Int? {
    let quote = UInt8(ascii: "\"")
    let lineFeed: UInt8 = 0x0A
    let carriageReturn: UInt8 = 0x0D
    let delimiter = self.delimiter
    // Bytes above this are never special outside quotes: one comparison for most bytes.
    let highestSpecial = max(delimiter, carriageReturn)
    fields.count = 0
    var lines = 0
    var index = start
    while true {
      guard fields.count < maximumColumns else {
        throw CSVScanFailure(kind: .tooManyColumns, column: fields.count + 1, lineOffset: lines)
      }
      if index < count && bytes[index] == quote {
        let openedOn = lines
        index += 1
        let contentStart = index
        var escaped = false
        while true {
          guard index < count else {
            if atEnd {
              throw CSVScanFailure(
                kind: .unclosedQuote, column: fields.count + 1, lineOffset: openedOn)
            }
            return nil
          }
          let byte = bytes[index]
          if byte == quote {
            if index + 1 < count {
              if bytes[index + 1] != quote { break }
              escaped = true
              index += 2
              continue
            }
            if atEnd { break }
            return nil
          }
          if byte == lineFeed {
            lines += 1
          } else if byte == carriageReturn {
            if index + 1 < count {
              if bytes[index + 1] != lineFeed { lines += 1 }
            } else if !atEnd {
              return nil
            } else {
              lines += 1
            }
          }
          index += 1
        }
        fields.append(CSVFieldSpan(start: contentStart, end: index, escaped: escaped, number: nil))
        index += 1
        while index < count, bytes[index] == 0x20 || bytes[index] == 0x09,
          bytes[index] != delimiter
        {
          index += 1
        }
        if index < count, bytes[index] != delimiter, bytes[index] != lineFeed,
          bytes[index] != carriageReturn
        {
          throw CSVScanFailure(kind: .textAfterQuote, column: fields.count, lineOffset: lines)
        }
      } else {
        // Most cells of a data file are numbers: parse one while finding its end, and keep it
        // when a delimiter or line end follows (not at the end of a chunk: it may go on).
        let fieldStart = index
        var number: Double?
        if let (value, end) = NumberText.decimalPrefix(
          UnsafeBufferPointer(start: bytes, count: count), from: index)
        {
          if end < count
            ? (bytes[end] == delimiter || bytes[end] == lineFeed || bytes[end] == carriageReturn)
            : atEnd
          {
            number = value
            index = end
          }
        }
        while number == nil && index < count {
          let byte = bytes[index]
          if byte <= highestSpecial
            && (byte == delimiter || byte == lineFeed || byte == carriageReturn)
          {
            break
          }
          index += 1
        }
        fields.append(
          CSVFieldSpan(start: fieldStart, end: index, escaped: false, number: number))
      }
      guard index < count else {
        if !atEnd { return nil }
        lineBreaks = lines
        return index
      }
      let byte = bytes[index]
      index += 1
      if byte == delimiter { continue }
      // A line end: CR LF counts once; a CR at the end of the bytes read so far may be
      // followed by its LF.
      if byte == carriageReturn {
        if index < count {
          if bytes[index] == lineFeed { index += 1 }
        } else if !atEnd {
          return nil
        }
      }
      lineBreaks = lines + 1
      return index
    }
  }
}
