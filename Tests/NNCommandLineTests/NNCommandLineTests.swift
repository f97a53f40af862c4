import NNModel
import Testing

@testable import NNCommandLine

private func table(_ text: String, source: String = "t.csv") throws -> CSVTable {
  try CSVTable(bytes: Array(text.utf8), source: source)
}

private func error(_ body: () throws -> Void) -> ToolError? {
  do {
    try body()
    return nil
  } catch let error as ToolError {
    return error
  } catch {
    return nil
  }
}

@Suite struct SHA256Tests {
  @Test func knownDigests() {
    #expect(
      SHA256.hexDigest(of: [UInt8]())
        == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(
      SHA256.hexDigest(of: Array("abc".utf8))
        == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    // Two blocks of padding (FIPS 180-4 example).
    #expect(
      SHA256.hexDigest(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    #expect(
      SHA256.hexDigest(of: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000))
        == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
  }
}

@Suite struct CSVTableTests {
  @Test func readsHeaderQuotedFieldsAndLineNumbers() throws {
    let csv = try table(
      "Name,Weight,Height,Gender\r\n\"Alice, A.\",133,65,F\n\n\"Bob\nsecond line\",160,72,M\n")
    #expect(csv.header == ["Name", "Weight", "Height", "Gender"])
    #expect(csv.rows.count == 2)
    #expect(Array(csv.rows[0]) == ["Alice, A.", "133", "65", "F"])
    #expect(csv.rows[1][0] == "Bob\nsecond line")
    #expect(csv.lineNumbers == [2, 4])
    #expect(csv.isNumericColumn(1))
    #expect(!csv.isNumericColumn(0))
    #expect(try csv.numericColumn(2) == [65, 72])
  }

  @Test func raggedRowNamesLine() {
    let failure = error { _ = try table("a,b\n1,2\n3\n") }
    #expect(failure?.message == "t.csv:3: 1 field, but the header has 2 [csv-field-count]")
    #expect(failure?.status == .dataError)
  }

  @Test func emptyAndHeaderOnlyFiles() {
    #expect(error { _ = try table("") }?.message == "t.csv: the file is empty [csv-empty]")
    #expect(error { _ = try table(" \n\n") }?.message == "t.csv: the file is empty [csv-empty]")
    #expect(
      error { _ = try table("a,b\n") }?.message
        == "t.csv: no data rows after the header [csv-no-rows]")
  }

  @Test func nonNumericValueNamesLineAndColumn() throws {
    let csv = try table("w,h\n1,2\n3,abc\n")
    let failure = error { _ = try csv.numericColumn(1) }
    #expect(failure?.message == "t.csv:3: column 2 \"h\": \"abc\" is not a number")
    let empty = try table("w,h\n1,\n")
    #expect(
      error { _ = try empty.numericColumn(1) }?.message
        == "t.csv:2: column 2 \"h\": \"\" is empty, expected a number")
  }

  @Test func badQuotesEncodingAndHeader() {
    #expect(
      error { _ = try table("a,b\n1,\"2\n3,4\n") }?.message
        == "t.csv:2: column 2: a quoted field is never closed [csv-unclosed-quote]")
    #expect(
      error { _ = try CSVTable(bytes: [0x61, 0x0A, 0x31, 0xFF], source: "t.csv") }?.message
        == "t.csv:2: column 1: byte offset 3: not valid UTF-8 [csv-invalid-utf8]")
    #expect(
      error { _ = try table("a,a\n1,2\n") }?.message
        == "t.csv:1: column 2: the name \"a\" appears twice in the header [csv-header-name]")
    #expect(
      error { _ = try table("a,\n1,2\n") }?.message
        == "t.csv:1: column 2 of the header has no name [csv-header-name]")
  }

  @Test func unknownColumn() throws {
    let csv = try table("w,h\n1,2\n")
    #expect(try csv.columnIndex(named: "H") == 1)
    #expect(
      error { _ = try csv.columnIndex(named: "x") }?.message
        == "t.csv: no column \"x\" (columns: \"w\", \"h\")")
  }

  @Test func hashesTheBytes() throws {
    #expect(try table("a\n1\n").sha256 == SHA256.hexDigest(of: Array("a\n1\n".utf8)))
  }
}

@Suite struct DatasetTests {
  let tutorial = """
    Name,Weight,Height,Gender
    Alice,133,65,F
    Bob,160,72,M
    Charlie,152,70,M
    Diana,120,60,F

    """

  @Test func stringLabelsBecomeBinaryClasses() throws {
    let data = try LabeledDataset.make(table: table(tutorial), features: nil, target: "Gender")
    #expect(data.featureNames == ["Weight", "Height"])
    #expect(data.kind == .binary)
    #expect(data.labels == ["F", "M"])
    #expect(data.targets == [[0], [1], [1], [0]])
    #expect(data.inputs[1] == [160, 72])
    let tutorialEncoding = try LabeledDataset.make(
      table: table(tutorial), features: nil, target: "Gender", positive: "F")
    #expect(tutorialEncoding.labels == ["M", "F"])
    #expect(tutorialEncoding.targets == [[1], [0], [0], [1]])
    #expect(
      tutorialEncoding.outputSpec
        == OutputSpec(
          task: .binary(threshold: 0.5, negative: "M", positive: "F"), names: ["Gender"]))
  }

  @Test func oneHotAndMulticlass() throws {
    let data = try LabeledDataset.make(
      table: table("x,y\n1,b\n2,a\n3,c\n"), features: ["x"], target: "y")
    #expect(data.kind == .multiclass)
    #expect(data.labels == ["a", "b", "c"])
    #expect(data.targets == [[0, 1, 0], [1, 0, 0], [0, 0, 1]])
    let twoHot = try LabeledDataset.make(
      table: table(tutorial), features: nil, target: "Gender", oneHot: true)
    #expect(twoHot.kind == .multiclass)
    #expect(twoHot.targets[0] == [1, 0])
  }

  @Test func numericTargets() throws {
    let regression = try LabeledDataset.make(
      table: table("x,y\n1,0.5\n2,10\n"), features: nil, target: "y")
    #expect(regression.kind == .regression)
    #expect(regression.targets == [[0.5], [10]])
    let classes = try LabeledDataset.make(
      table: table("x,y\n1,10\n2,2\n3,10\n"), features: nil, target: "y", classesPreferred: true)
    #expect(classes.labels == ["2", "10"])
    #expect(classes.targets == [[1], [0], [1]])
  }

  @Test func oneClassAndBadFeatures() throws {
    let single = try table("x,y\n1,a\n2,a\n")
    #expect(
      error { _ = try LabeledDataset.make(table: single, features: nil, target: "y") }?.message
        == "t.csv: the target \"y\" has only one class (\"a\"); a classifier needs at least two")
    let mixed = try table("x,y\n1,a\nz,b\n")
    #expect(
      error { _ = try LabeledDataset.make(table: mixed, features: ["x"], target: "y") }?.message
        == "t.csv:3: column 1 \"x\": \"z\" is not a number")
    #expect(
      error { _ = try LabeledDataset.make(table: mixed, features: nil, target: "y") }?.message
        == "t.csv:3: column 1 \"x\": \"z\" is not a number")
    let names = try table("name,y\nAnn,a\nBob,b\n")
    #expect(
      error { _ = try LabeledDataset.make(table: names, features: nil, target: "y") }?.message
        == "t.csv: no numeric column besides the target \"y\"")
  }
}

@Suite struct NormalizationTests {
  @Test func methods() {
    let weights: [Double] = [133, 160, 152, 120]
    #expect(NormalizationMethod.none.fit(weights) == .identity)
    #expect(NormalizationMethod.shift.fit(weights) == Normalization(shift: 141.25, scale: 1))
    let standard = NormalizationMethod.standard.fit(weights)
    #expect(standard.shift == 141.25)
    #expect(standard.scale == 246.6875.squareRoot())  // population σ of the tutorial's weights
    #expect(NormalizationMethod.minmax.fit(weights) == Normalization(shift: 120, scale: 40))
    #expect(NormalizationMethod.standard.fit([3, 3]) == Normalization(shift: 3, scale: 1))
  }
}

@Suite struct FormattingTests {
  @Test func numbers() {
    #expect(NumberFormatting.short(0.951_234_5) == "0.9512")
    #expect(NumberFormatting.short(0.038_953) == "0.03895")
    #expect(NumberFormatting.short(12) == "12")
    #expect(NumberFormatting.short(-0.0) == "0")
    #expect(NumberFormatting.short(1_234_567) == "1.235e+06")
    #expect(NumberFormatting.short(.nan) == "nan")
    #expect(NumberFormatting.fixed(0.12345, decimals: 3) == "0.123")
    #expect(NumberFormatting.roundTrip(0.1) == "0.1")
    #expect(NumberFormatting.roundTrip(5) == "5")
    #expect(NumberFormatting.roundTrip(0.7216325609518421) == "0.7216325609518421")
    #expect(NumberFormatting.exactIfShort(141.25) == "141.25")
    #expect(NumberFormatting.exactIfShort(66.75) == "66.75")
    #expect(NumberFormatting.exactIfShort(135) == "135")
    #expect(NumberFormatting.exactIfShort(-0.0) == "0")
    #expect(NumberFormatting.exactIfShort(0.000_012_5) == "1.25e-05")
    #expect(NumberFormatting.exactIfShort(12_345.678) == "12345.678")
    #expect(NumberFormatting.exactIfShort(15.126_466_871_017_833) == "15.13")
    #expect(
      NumberFormatting.exactIfShort(15.126_466_871_017_833, significantDigits: 6) == "15.1265")
    #expect(NumberFormatting.json(.infinity) == "null")
    #expect(NumberFormatting.parseDecimal(" 1.5e2 ") == 150)
    #expect(NumberFormatting.parseDecimal("0x10") == nil)
    #expect(NumberFormatting.parseDecimal("nan") == nil)
    #expect(NumberFormatting.parseDecimal("1e999") == nil)
    #expect(NumberFormatting.parseDecimal("-") == nil)
    #expect(NumberFormatting.parseDecimal("1 2") == nil)
    #expect(NumberFormatting.parseDecimal("\t-2.5 \t") == -2.5)
    #expect(NumberFormatting.parseDecimal("  ") == nil)
    #expect(NumberFormatting.parseDecimal("1e") == nil)
    #expect(NumberFormatting.parseDecimal("133"[...]) == 133)
  }

  /// Leading zeros are not significant digits: a cell of more than 19 digits with at most 19
  /// after its leading zeros is converted exactly, as are the 19- and 20-digit boundaries
  /// (Swift's own correctly rounded parser is the reference).
  @Test func decimalDigitsAreCountedWithoutLeadingZeros() {
    let texts = [
      "0000000000000000000000012345", "0.00000000000000000001234567", "000000000000000000001.5",
      "12345678901234567890", "1234567890123456789", "0.12345678901234567890",
      "9007199254740993", "00000000000000000009007199254740993", "-0.5", "00.00",
      "0.000000000000000000000000000000000000001", "-00000000000000000000000.25e1",
    ]
    for text in texts {
      #expect(NumberFormatting.parseDecimal(text) == Double(text), "\(text)")
    }
  }

  @Test func escaping() {
    #expect(Escaping.csvField("a,b") == "\"a,b\"")
    #expect(Escaping.csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
    #expect(Escaping.csvField("back\\slash\n") == "\"back\\\\slash\\n\"")
    // A message's escaped parts are not escaped again; its control characters are.
    let error = ToolError.usage("a \\ b \u{1B}")
    #expect(error.message == "a \\ b \\u{1B}")
  }

  @Test func table() {
    var table = TextTable(header: ["layer", "units"], alignments: [.left, .right])
    table.append(["1", "2"])
    table.append(["output\n", "10"])
    #expect(table.render() == "layer     units\n1             2\noutput\\n     10\n")
  }

  @Test func sparkline() {
    #expect(Sparkline.render([4, 3, 2, 1, 0]) == "█▆▅▃▁")
    #expect(Sparkline.render([1, 1]) == "▁▁")
    #expect(Sparkline.render([]) == "")
    #expect(Sparkline.render([8, 8, 0, 0], width: 2) == "█▁")
  }

  @Test func json() {
    let document = JSONValue.object([
      ("name", .string("gender")), ("values", .numbers([0.1, 2])), ("empty", .array([])),
      ("nested", .object([("ok", .bool(true)), ("none", .null)])),
    ])
    #expect(
      document.render(pretty: false)
        == "{\"name\":\"gender\",\"values\":[0.1,2],\"empty\":[],\"nested\":{\"ok\":true,\"none\":null}}"
    )
    #expect(
      document.render()
        == "{\n  \"name\": \"gender\",\n  \"values\": [0.1, 2],\n  \"empty\": [],\n  \"nested\": {\n    \"ok\": true,\n    \"none\": null\n  }\n}"
    )
  }

  @Test func terminalDecisions() {
    let terminal = Terminal(
      stdoutIsTerminal: true, stderrIsTerminal: true, plainRequested: false, width: 80)
    #expect(terminal.showsProgressBar)
    let noColor = Terminal(
      stdoutIsTerminal: true, stderrIsTerminal: true, plainRequested: true, width: 80)
    #expect(!noColor.showsProgressBar && !noColor.stdoutColor)
    let piped = Terminal(
      stdoutIsTerminal: false, stderrIsTerminal: false, plainRequested: false, width: 80)
    #expect(!piped.showsProgressBar)
    #expect(Style.red.apply("x", enabled: true) == "\u{1B}[31mx\u{1B}[0m")
    #expect(Style.red.apply("x", enabled: false) == "x")
  }

  @Test func progressLines() {
    var written: [String] = []
    let piped = Terminal(
      stdoutIsTerminal: false, stderrIsTerminal: false, plainRequested: false, width: 80)
    let progress = TrainingProgress(totalEpochs: 25, every: 10, terminal: piped) {
      written.append($0)
    }
    for epoch in 1...25 {
      progress.epochEnded(epoch: epoch, loss: 1 / Double(epoch), validationLoss: nil)
    }
    progress.finish()
    #expect(
      written == ["Epoch 10 loss: 0.100\n", "Epoch 20 loss: 0.050\n", "Epoch 25 loss: 0.040\n"])
    #expect(
      TrainingProgress.line(epoch: 3, loss: 0.5, validationLoss: 0.25)
        == "Epoch 3 loss: 0.500 validation loss: 0.250")
    #expect(TrainingProgress.duration(185) == "3m05s")
  }

  @Test func interpretation() {
    let binary = OutputSpec.Kind.binary(threshold: 0.5, negative: "M", positive: "F")
    #expect(OutputInterpretation.label(outputs: [0.951], task: binary) == "F")
    #expect(OutputInterpretation.label(outputs: [0.039], task: binary) == "M")
    #expect(
      OutputInterpretation.label(
        outputs: [0.1, 0.7, 0.2], task: .multiclass(labels: ["a", "b", "c"])) == "b")
    #expect(OutputInterpretation.label(outputs: [3], task: .regression) == nil)
  }

  @Test func interruptFlag() {
    Interrupt.reset()
    #expect(!Interrupt.requested)
    Interrupt.simulate()
    #expect(Interrupt.requested)
    Interrupt.reset()
  }
}
