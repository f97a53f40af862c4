import Testing

@testable import NNCommandLine

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

private func read(_ text: String, _ options: CSVReadOptions = CSVReadOptions()) throws -> CSVTable {
  try CSVTable(bytes: Array(text.utf8), source: "t.csv", options: options)
}

private func failure(_ text: String, _ options: CSVReadOptions = CSVReadOptions()) -> String? {
  do {
    _ = try CSVTable(bytes: Array(text.utf8), source: "t.csv", options: options)
    return nil
  } catch {
    return error.message
  }
}

private func cells(_ table: CSVTable) -> [[String]] { table.rows.map { Array($0) } }

/// Writes `bytes` to a new temporary file and returns its path.
private func temporaryFile(_ bytes: [UInt8], suffix: String = ".csv") -> String {
  var template = Array("/tmp/nnkit-csv-XXXXXX\(suffix)".utf8CString)
  let descriptor = mkstemps(&template, Int32(suffix.utf8.count))
  precondition(descriptor >= 0)
  var written = 0
  while written < bytes.count {
    let count = bytes[written...].withUnsafeBytes {
      write(descriptor, $0.baseAddress, min($0.count, 1 << 20))
    }
    precondition(count > 0)
    written += count
  }
  close(descriptor)
  return String(cString: template.map { $0 })
}

@Suite struct CSVQuotingTests {
  @Test func quotedFieldsDoubledQuotesAndDelimitersInside() throws {
    let table = try read("name,note\n\"Smith, J.\",\"said \"\"hi\"\"\"\n\"\",\"a,b\"\n")
    #expect(cells(table) == [["Smith, J.", "said \"hi\""], ["", "a,b"]])
  }

  @Test func aQuoteInsideAnUnquotedFieldIsLiteral() throws {
    let table = try read("name,height\nBob,6'2\"\nAl,5'9\"\n")
    #expect(cells(table) == [["Bob", "6'2\""], ["Al", "5'9\""]])
    #expect(table.lineNumbers == [2, 3])
  }

  @Test func lineBreaksInsideQuotesKeepLineNumbers() throws {
    let text = "a,b\n\"x\ny\",1\n\"p\r\nq\",2\n\"r\rs\",3\nlast,4\n"
    let table = try read(text)
    #expect(cells(table).map(\.[0]) == ["x\ny", "p\r\nq", "r\rs", "last"])
    #expect(table.lineNumbers == [2, 4, 6, 8])
    #expect(try table.numericColumn(1) == [1, 2, 3, 4])
  }

  @Test func lineEndsBlankLinesAndByteOrderMark() throws {
    let crlf = try read("\u{FEFF}a,b\r\n1,2\r\n\r\n  \r\n3,4")
    #expect(crlf.header == ["a", "b"])
    #expect(crlf.lineNumbers == [2, 5])
    #expect(crlf.columns == [.numbers([1, 3]), .numbers([2, 4])])
    let lonelyCR = try read("a,b\r1,2\r3,4\r")
    #expect(lonelyCR.lineNumbers == [2, 3])
  }

  @Test func blanksAfterAClosingQuoteAreAllowedTextIsNot() throws {
    #expect(cells(try read("a,b\n\"x\"  ,1\n")) == [["x", "1"]])
    #expect(
      failure("a,b\n1,2\n\"x\"y,1\n")
        == "t.csv:3: column 1: text after the closing quote of a quoted field "
        + "(write a quote inside quotes as \"\") [csv-text-after-quote]")
  }

  @Test func unclosedQuoteNamesTheLineAndColumnItOpensOn() {
    #expect(
      failure("a,b\n1,2\n3,\"open\nmore\nstill\n")
        == "t.csv:3: column 2: a quoted field is never closed [csv-unclosed-quote]")
  }
}

@Suite struct CSVColumnTests {
  @Test func numericColumnsAreNumbersOthersKeepTheirText() throws {
    let table = try read("name,x,label\nAda,1.50,\"2\"\nBo, -3 ,yes\nCy,1e3,2.0\n")
    #expect(table.columns[1] == .numbers([1.5, -3, 1000]))
    #expect(table.isNumericColumn(1))
    #expect(!table.isNumericColumn(2))
    // Numbers in a text column read as their shortest form, whichever cell came first.
    #expect(table.columns[2] == .texts(["2", "yes", "2"]))
    #expect(table.cell(row: 0, column: 1) == "1.5")
    #expect(table.rowCount == 3)
    #expect(
      table.nonNumeric(row: 1, column: 2).message
        == "t.csv:3: column 3 \"label\": \"yes\" is not a number")
    #expect(
      (try? table.numericColumn(2)) == nil)
  }

  @Test func hashingIsOptional() throws {
    #expect(try read("a\n1\n").sha256 == SHA256.hexDigest(of: Array("a\n1\n".utf8)))
    #expect(try read("a\n1\n", CSVReadOptions(hashing: false)).sha256 == "")
  }

  @Test func invalidUTF8NamesLineColumnAndByteOffset() {
    var bytes = Array("a,b\n1,\"x".utf8)
    bytes.append(0xC3)
    bytes += Array("\"\n".utf8)
    do {
      _ = try CSVTable(bytes: bytes, source: "t.csv")
      Issue.record("expected an error")
    } catch {
      #expect(
        error.message == "t.csv:2: column 2: byte offset 8: not valid UTF-8 [csv-invalid-utf8]")
    }
  }
}

@Suite struct CSVDelimiterTests {
  @Test func semicolonTabAndPipe() throws {
    let semicolon = try read("a;b\n1,5;\"x;y\"\n", CSVReadOptions(delimiter: UInt8(ascii: ";")))
    #expect(cells(semicolon) == [["1,5", "x;y"]])
    let tab = try read("a\tb\n1\t\"q\" \n", CSVReadOptions(delimiter: 0x09))
    #expect(tab.header == ["a", "b"])
    #expect(cells(tab) == [["1", "q"]])
    #expect(
      failure("a\tb\n1\t\"q\"\t\n", CSVReadOptions(delimiter: 0x09))?.contains("3 fields") == true)
    let pipe = try read("a|b\n1|2\n", CSVReadOptions(delimiter: UInt8(ascii: "|")))
    #expect(pipe.columns == [.numbers([1]), .numbers([2])])
  }

  @Test func parsingTheOptionAndTheDefaultForTSVFiles() throws {
    #expect(try CSVDelimiter.parse("tab") == 0x09)
    #expect(try CSVDelimiter.parse("\\t") == 0x09)
    #expect(try CSVDelimiter.parse(";") == UInt8(ascii: ";"))
    #expect(throws: ToolError.self) { try CSVDelimiter.parse("ab") }
    #expect(CSVDelimiter.defaultDelimiter(forPath: "x/Data.TSV") == 0x09)
    #expect(CSVDelimiter.defaultDelimiter(forPath: "data.csv") == UInt8(ascii: ","))
    let path = temporaryFile(Array("a\tb\n1\t2\n".utf8), suffix: ".tsv")
    defer { unlink(path) }
    #expect(try CSVTable.load(path: path).header == ["a", "b"])
  }

  @Test func aHeaderOfOneColumnSaysWhichDelimiterToTry() throws {
    #expect(
      failure("a;b;c\n1;2;3\n")
        == "t.csv:1: the header is one column, \"a;b;c\", split by ';' rather than ',': "
        + "try --delimiter ';' [csv-delimiter]")
    #expect(failure("a\tb\n1\t2\n")?.hasSuffix("try --delimiter tab [csv-delimiter]") == true)
    #expect(try read("single\n1\n").header == ["single"])
  }
}

@Suite struct CSVLimitTests {
  let small = CSVLimits(maximumStreamBytes: 1 << 20, maximumRecordBytes: 64, maximumColumns: 4)

  @Test func recordAndColumnCaps() {
    let long = "a,b\n1," + String(repeating: "9", count: 100) + "\n"
    #expect(
      failure(long, CSVReadOptions(limits: small))
        == "t.csv:2: column 2: the record is longer than 64 bytes "
        + "(NNKIT_CSV_MAX_RECORD raises the cap) [csv-record-too-long]")
    #expect(
      failure("a,b,c,d,e\n", CSVReadOptions(limits: small))
        == "t.csv:1: column 5: more than 4 columns (NNKIT_CSV_MAX_COLUMNS raises the cap) "
        + "[csv-too-many-columns]")
  }

  @Test func sizesInTheEnvironmentSyntax() {
    #expect(CSVLimits.parseSize("64M") == 64 << 20)
    #expect(CSVLimits.parseSize("12") == 12)
    #expect(CSVLimits.parseSize("2g") == 2 << 30)
    #expect(CSVLimits.parseSize("0") == nil)
    #expect(CSVLimits.parseSize("-5") == nil)
    #expect(CSVLimits.parseSize("M") == nil)
  }

  @Test func aRecordLongerThanTheBufferStreamsInChunks() throws {
    // A file of several MiB read through 1 MiB chunks must give what the in-memory reader
    // gives: records, quotes and CR LF cut at every chunk boundary.
    var text = "id,text,value\r\n"
    var row = 0
    while text.utf8.count < 3 << 20 {
      text += "\(row),\"line \(row)\r\nwith \"\"quotes\"\", and commas\",\(Double(row) / 8)\r\n"
      row += 1
    }
    text += "long," + String(repeating: "x", count: 1_500_000) + ",1\n"
    let bytes = Array(text.utf8)
    let path = temporaryFile(bytes)
    defer { unlink(path) }
    let streamed = try CSVTable.load(path: path)
    let whole = try CSVTable(bytes: bytes, source: path)
    #expect(streamed.rowCount == row + 1)
    #expect(streamed.columns == whole.columns)
    #expect(streamed.lineNumbers == whole.lineNumbers)
    #expect(streamed.lineNumbers[1] == 4)
    #expect(streamed.sha256 == SHA256.hexDigest(of: bytes))
  }
}

@Suite struct DecimalParsingTests {
  @Test func grammar() {
    let accepted: [(String, Double)] = [
      ("0", 0), (" 5 ", 5), ("5.", 5), (".5", 0.5), ("+1", 1), ("-2.5e-3", -0.0025),
      ("1E+2", 100), ("\t7\t", 7), ("0.1", 0.1),
      ("1.7976931348623157e308", .greatestFiniteMagnitude),
      ("4.9e-324", .leastNonzeroMagnitude), ("12345678901234567890123", 1.2345678901234568e22),
      ("000000000000000000000000001.5", 1.5), ("1e-400", 0),
    ]
    for (text, value) in accepted {
      #expect(NumberFormatting.parseDecimal(text) == value, "\(text)")
    }
    // Exactly halfway between two doubles (rounded to even), and the edges of the 128-bit
    // product path (19 digits, 10^-22).
    let halfway: [(String, Double)] = [
      ("9007199254740993.0", 9_007_199_254_740_992), ("9007199254740995.0", 9_007_199_254_740_996),
      ("4503599627370496.5", 4_503_599_627_370_496), ("4503599627370497.5", 4_503_599_627_370_498),
      ("1844674407370955161.5", 1_844_674_407_370_955_161.5), ("0.0000000000000000000001", 1e-22),
      ("9.999999999999999999", 10), ("0.30000000000000004", 0.30000000000000004),
    ]
    for (text, value) in halfway {
      #expect(NumberFormatting.parseDecimal(text) == value, "\(text)")
      #expect(NumberFormatting.parseDecimal(text) == Double(text), "\(text)")
    }
    #expect(NumberFormatting.parseDecimal("-0")?.sign == .minus)
    #expect(NumberFormatting.parseDecimal("-0.0")?.sign == .minus)
    for text in [
      "", " ", ".", "-", "1e", "e5", "1 2", "0x10", "nan", "inf", "1e400", "1..2", "1,5", "--1",
    ] {
      #expect(NumberFormatting.parseDecimal(text) == nil, "\(text)")
    }
  }

  @Test func agreesWithTheStandardLibraryOnRandomNumbers() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<20_000 {
      let digits = Int.random(in: 1...24, using: &generator)
      var text = Bool.random(using: &generator) ? "-" : ""
      for position in 0..<digits {
        if position == Int.random(in: 0..<digits, using: &generator) / 2 && !text.contains(".") {
          text += "."
        }
        text += String(Int.random(in: 0...9, using: &generator))
      }
      if Bool.random(using: &generator) {
        text += "e\(Int.random(in: -330...310, using: &generator))"
      }
      let expected = Double(text).flatMap { $0.isFinite ? $0 : nil }
      #expect(NumberFormatting.parseDecimal(text) == expected, "\(text)")
    }
  }
}
