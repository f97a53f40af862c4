import NNCommandLine

/// Small caps, so that the caps themselves are reached by inputs of a few KiB.
private let limits = CSVLimits(
  maximumStreamBytes: 1 << 20, maximumRecordBytes: 4_096, maximumColumns: 64)

/// libFuzzer entry point: the input is a candidate CSV file, read with `,` and with `;`.
///
/// Invariants: reading never crashes; an error is one line ending in a `[csv-…]` code or naming
/// a place; a table has one cell per column and record, finite numbers, increasing line
/// numbers; and writing the table back as CSV (every text quoted) reads back to the same
/// header and columns.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  for delimiter in [UInt8(ascii: ","), UInt8(ascii: ";")] {
    let options = CSVReadOptions(delimiter: delimiter, limits: limits, hashing: size < 256)
    let table: CSVTable
    do {
      table = try CSVTable(bytes: bytes, source: "f.csv", options: options)
    } catch {
      guard !error.message.contains("\n"), error.message.hasPrefix("f.csv") else {
        fatalError("invariant: a CSV error is one line naming the file: \(error.message)")
      }
      continue
    }
    check(table)
    let written = write(table, delimiter: delimiter)
    let again: CSVTable
    do {
      again = try CSVTable(
        bytes: written, source: "f.csv",
        options: CSVReadOptions(delimiter: delimiter, limits: nil, hashing: false))
    } catch {
      fatalError("invariant: a written table reads back: \(error.message)")
    }
    guard again.header == table.header, again.columns == table.columns else {
      fatalError("invariant: a table written and read back is the same table")
    }
  }
  return 0
}

private func check(_ table: CSVTable) {
  guard table.columns.count == table.header.count, table.rowCount > 0 else {
    fatalError("invariant: one column per header name, at least one record")
  }
  for column in table.columns {
    switch column {
    case .numbers(let values):
      guard values.count == table.rowCount, values.allSatisfy(\.isFinite) else {
        fatalError("invariant: a numeric column has a finite number per record")
      }
    case .texts(let values):
      guard values.count == table.rowCount else {
        fatalError("invariant: a text column has a cell per record")
      }
    }
  }
  guard zip(table.lineNumbers, table.lineNumbers.dropFirst()).allSatisfy({ $0 < $1 }) else {
    fatalError("invariant: records start on increasing lines")
  }
}

/// The table as CSV: every name and text quoted, numbers in their shortest form.
private func write(_ table: CSVTable, delimiter: UInt8) -> [UInt8] {
  func quoted(_ text: String) -> [UInt8] {
    var out: [UInt8] = [UInt8(ascii: "\"")]
    for byte in text.utf8 {
      out.append(byte)
      if byte == UInt8(ascii: "\"") { out.append(byte) }
    }
    out.append(UInt8(ascii: "\""))
    return out
  }
  var out: [UInt8] = []
  func line(_ cells: [[UInt8]]) {
    for (index, cell) in cells.enumerated() {
      if index > 0 { out.append(delimiter) }
      out += cell
    }
    out.append(0x0A)
  }
  line(table.header.map(quoted))
  for row in 0..<table.rowCount {
    line(
      table.columns.map { column in
        switch column {
        case .numbers(let values): Array(NumberFormatting.roundTrip(values[row]).utf8)
        case .texts(let values): quoted(values[row])
        }
      })
  }
  return out
}
