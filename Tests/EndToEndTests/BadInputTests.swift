import Foundation
import Testing

/// Every bad input named in the issue: one line on stderr naming the file and place, a
/// documented exit status, nothing on stdout, and no output file.
@Suite struct BadInputTests {
  let dir: URL

  init() throws {
    dir = try Harness.scratchDirectory()
    try Harness.write(peopleCSV, to: "people.csv", in: dir)
  }

  private func train(_ data: String, _ extra: [String] = [], out: String = "m.nnm") throws
    -> RunResult
  {
    try Harness.nntool(
      ["train", "--data", data, "--target", "y", "--out", out, "--epochs", "5"] + extra, in: dir)
  }

  private func expectOneLineError(_ result: RunResult, status: Int32, _ message: String) {
    #expect(result.status == status)
    #expect(result.stdout == "")
    #expect(result.stderr == "nntool: error: \(message)\n")
  }

  @Test func missingCSV() throws {
    expectOneLineError(
      try train("absent.csv"), status: 66, "absent.csv: cannot open: No such file or directory")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("m.nnm").path))
  }

  @Test func raggedRow() throws {
    try Harness.write("a,b,y\n1,2,x\n3,4\n5,6,z\n", to: "ragged.csv", in: dir)
    expectOneLineError(
      try train("ragged.csv"), status: 65,
      "ragged.csv:3: 2 fields, but the header has 3 [csv-field-count]")
  }

  @Test func raggedRowAfterMultilineField() throws {
    try Harness.write("a,b,y\n1,2,\"x\ny\"\n3,4,z,9\n", to: "ragged.csv", in: dir)
    expectOneLineError(
      try train("ragged.csv"), status: 65,
      "ragged.csv:4: 4 fields, but the header has 3 [csv-field-count]")
  }

  @Test func nonNumericValue() throws {
    try Harness.write("a,b,y\n1,2,x\n3,abc,z\n", to: "bad.csv", in: dir)
    expectOneLineError(
      try train("bad.csv", ["--features", "a,b"]), status: 65,
      "bad.csv:3: column 2 \"b\": \"abc\" is not a number")
  }

  @Test func emptyFile() throws {
    try Harness.write("", to: "empty.csv", in: dir)
    expectOneLineError(
      try train("empty.csv"), status: 65, "empty.csv: the file is empty [csv-empty]")
    try Harness.write("a,b,y\n", to: "header.csv", in: dir)
    expectOneLineError(
      try train("header.csv"), status: 65, "header.csv: no data rows after the header [csv-no-rows]"
    )
  }

  @Test func unknownColumn() throws {
    expectOneLineError(
      try train("people.csv"), status: 65,
      "people.csv: no column \"y\" (columns: \"Name\", \"Weight\", \"Height\", \"Gender\")")
    let feature = try Harness.nntool(
      [
        "train", "--data", "people.csv", "--target", "Gender", "--features", "Weight,Age", "--out",
        "m.nnm",
      ],
      in: dir)
    expectOneLineError(
      feature, status: 65,
      "people.csv: no column \"Age\" (columns: \"Name\", \"Weight\", \"Height\", \"Gender\")")
  }

  @Test func targetWithOneClass() throws {
    try Harness.write("a,y\n1,F\n2,F\n", to: "one.csv", in: dir)
    expectOneLineError(
      try train("one.csv"), status: 65,
      "one.csv: the target \"y\" has only one class (\"F\"); a classifier needs at least two")
  }

  @Test func modelInputCountDoesNotMatchData() throws {
    let trained = try Harness.nntool(
      tutorialTraining + ["--out", "gender.nnm", "--epochs", "5", "-q"], in: dir)
    #expect(trained.status == 0)
    expectOneLineError(
      try Harness.nntool(["predict", "gender.nnm", "--input", "128,63,5"], in: dir), status: 65,
      "--input \"128,63,5\": 3 values, but the model takes 2 (Weight, Height)")
    try Harness.write("Weight,Gender\n128,F\n", to: "narrow.csv", in: dir)
    expectOneLineError(
      try Harness.nntool(["predict", "gender.nnm", "--data", "narrow.csv"], in: dir), status: 65,
      "narrow.csv: no column \"Height\" for the model's input 2 (the model takes Weight, Height; "
        + "columns: \"Weight\", \"Gender\")")
    expectOneLineError(
      try Harness.nntool(["eval", "gender.nnm", "--data", "narrow.csv"], in: dir), status: 65,
      "narrow.csv: no column \"Height\" for the model's input 2 (the model takes Weight, Height; "
        + "columns: \"Weight\", \"Gender\")")
    expectOneLineError(
      try Harness.nntool(
        ["predict", "gender.nnm", "--data", "people.csv", "--features", "Weight"], in: dir),
      status: 65,
      "people.csv: the model takes 2 inputs (Weight, Height), but --features names 1 column")
    try Harness.write("Weight,Height,Gender\n128,63,X\n", to: "label.csv", in: dir)
    expectOneLineError(
      try Harness.nntool(["eval", "gender.nnm", "--data", "label.csv"], in: dir), status: 65,
      "label.csv:2: column 3 \"Gender\": \"X\" is not one of the model's labels (\"M\", \"F\")")
  }

  @Test func unwritableOutput() throws {
    let result = try Harness.nntool(
      tutorialTraining + ["--out", "no/such/dir/m.nnm", "--epochs", "5"], in: dir)
    expectOneLineError(
      result, status: 73, "no/such/dir/m.nnm: the directory no/such/dir does not exist [io]")
    try FileManager.default.createDirectory(
      at: dir.appendingPathComponent("locked"), withIntermediateDirectories: false)
    let convertIntoDirectory = try Harness.nntool(
      tutorialTraining + ["--out", "locked", "--epochs", "5"], in: dir)
    expectOneLineError(convertIntoDirectory, status: 73, "locked: is a directory [io]")
  }

  @Test func existingModelIsNeverHalfWritten() throws {
    let first = try Harness.nntool(tutorialTraining + ["--out", "keep.nnm", "-q"], in: dir)
    #expect(first.status == 0)
    let before = try Harness.bytes("keep.nnm", in: dir)
    try Harness.write("Weight,Height,Gender\n1,2,F\n3,oops,M\n", to: "bad.csv", in: dir)
    let failed = try Harness.nntool(
      [
        "train", "--data", "bad.csv", "--target", "Gender", "--features", "Weight,Height", "--out",
        "keep.nnm",
      ],
      in: dir)
    #expect(failed.status == 65)
    #expect(try Harness.bytes("keep.nnm", in: dir) == before)
    let entries = try FileManager.default.contentsOfDirectory(atPath: dir.path)
    #expect(entries.filter { $0.hasPrefix("keep.nnm") } == ["keep.nnm"])  // no temporary left
  }

  @Test func damagedModelFiles() throws {
    let trained = try Harness.nntool(tutorialTraining + ["--out", "gender.nnm", "-q"], in: dir)
    #expect(trained.status == 0)
    var bytes = try Harness.bytes("gender.nnm", in: dir)
    bytes[bytes.count - 3] ^= 0xFF
    try bytes.write(to: dir.appendingPathComponent("flipped.nnm"))
    try bytes.prefix(100).write(to: dir.appendingPathComponent("short.nnm"))
    try Harness.write(
      "{\"format\": \"nnm\", \"version\": \"1.0\", \"features\": 3}", to: "bad.json", in: dir)

    let verify = try Harness.nntool(
      ["verify", "gender.nnm", "flipped.nnm", "short.nnm", "bad.json", "absent.nnm"], in: dir)
    #expect(verify.status == 1)
    #expect(verify.stderr == "")
    let lines = verify.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 5)
    #expect(lines[0] == "gender.nnm: OK")
    #expect(lines[1].hasPrefix("flipped.nnm: byte "))
    #expect(lines[1].hasSuffix(" [section-checksum]"))
    #expect(lines[1].contains("checksum"))
    #expect(lines[2].hasPrefix("short.nnm: "))
    #expect(lines[3].hasPrefix("bad.json: "))
    #expect(lines[3].contains("$."))  // a JSON path
    #expect(lines[4] == "absent.nnm: cannot open: No such file or directory [io]")

    let predict = try Harness.nntool(["predict", "flipped.nnm", "--input", "1,2"], in: dir)
    #expect(predict.status == 65)
    #expect(predict.stdout == "")
    #expect(predict.stderr.hasPrefix("nntool: error: flipped.nnm: byte "))
    #expect(predict.stderr.filter { $0 == "\n" }.count == 1)
  }

  @Test func divergedTrainingExits70AndWritesNothing() throws {
    try Harness.write("x,y\n1,2\n2,4\n3,6\n100,200\n", to: "line.csv", in: dir)
    let result = try Harness.nntool(
      [
        "train", "--data", "line.csv", "--target", "y", "--hidden", "", "--normalize", "none",
        "--normalize-target", "none", "--optimizer", "sgd", "--batch-size", "1", "--lr", "10",
        "--epochs", "100", "--print-every", "0", "--out", "line.nnm",
      ], in: dir)
    #expect(result.status == 70)
    #expect(result.stdout == "")
    #expect(result.stderr.hasPrefix("nntool: error: training diverged in epoch "))
    #expect(
      result.stderr.hasSuffix(
        "; nothing written; try a smaller learning rate (--lr) or --normalize standard\n"))
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("line.nnm").path))
  }

  @Test func usageErrorsExit64() throws {
    let unknown = try Harness.nntool(
      ["train", "--data", "people.csv", "--target", "Gender", "--out", "m.nnm", "--bogus"], in: dir)
    #expect(unknown.status == 64)
    #expect(unknown.stdout == "")
    #expect(unknown.stderr.contains("--bogus"))
    let noSource = try Harness.nntool(["predict", "m.nnm"], in: dir)
    #expect(noSource.status == 64)
    #expect(noSource.stderr.contains("give exactly one of --input, --data or '-'"))
    let badValue = try Harness.nntool(
      ["train", "--data", "people.csv", "--target", "Gender", "--out", "m.nnm", "--loss", "hinge"],
      in: dir)
    #expect(badValue.status == 64)
    let epochs = try Harness.nntool(
      ["train", "--data", "people.csv", "--target", "Gender", "--out", "m.nnm", "--epochs", "0"],
      in: dir)
    expectOneLineError(epochs, status: 64, "--epochs must be at least 1")
    // Checked before the data is read: the file does not even exist.
    let rate = try Harness.nntool(
      ["train", "--data", "absent.csv", "--target", "y", "--out", "m.nnm", "--lr", "0"], in: dir)
    expectOneLineError(rate, status: 64, "--lr must be a positive number")
    let unknownCommand = try Harness.nntool(["frobnicate"], in: dir)
    #expect(unknownCommand.status == 64)
  }

  @Test func controlCharactersInNamesAreEscaped() throws {
    try Harness.write(
      "\"w\u{1B}[31m\",\"h\nx\",y\n1,2,a\n3,4,b\n5,6,a\n", to: "evil.csv", in: dir)
    let trained = try Harness.nntool(
      ["train", "--data", "evil.csv", "--target", "y", "--out", "evil.nnm", "--epochs", "3", "-q"],
      in: dir)
    #expect(trained.status == 0, "\(trained.stderr)")
    let inspect = try Harness.nntool(["inspect", "evil.nnm"], in: dir)
    #expect(inspect.status == 0)
    #expect(!inspect.stdout.contains("\u{1B}"))
    #expect(inspect.stdout.contains("w\\u{1B}[31m"))
    #expect(inspect.stdout.contains("h\\nx"))
    let missing = try Harness.nntool(["predict", "evil.nnm", "--data", "people.csv"], in: dir)
    #expect(missing.status == 65)
    #expect(!missing.stderr.contains("\u{1B}"))
    #expect(missing.stderr.filter { $0 == "\n" }.count == 1)
  }
}
