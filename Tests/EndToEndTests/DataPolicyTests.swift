import Foundation
import Testing

/// `nntool train`'s strict data policy and hints (issue 10), on the real binary: each data
/// error exits 65 naming the file, line, column and value, and leaves an existing model file
/// as it was; each choice made on the data is a one-line note on stderr.
@Suite struct DataPolicyTests {
  let dir: URL

  init() throws {
    dir = try Harness.scratchDirectory()
    try Harness.write(peopleCSV, to: "people.csv", in: dir)
  }

  private func train(_ data: String, _ extra: [String], out: String = "m.nnm") throws -> RunResult {
    try Harness.nntool(
      ["train", "--data", data, "--out", out, "--epochs", "3", "--print-every", "0"] + extra,
      in: dir)
  }

  /// Runs `train` on bad data over an existing model and checks the one-line error and that
  /// the model file is unchanged.
  private func expectRefused(
    _ csv: String, _ extra: [String], status: Int32 = 65, _ message: String
  )
    throws
  {
    let kept = try train("people.csv", ["--target", "Gender", "-q"], out: "kept.nnm")
    #expect(kept.status == 0)
    let before = try Harness.bytes("kept.nnm", in: dir)
    try Harness.write(csv, to: "bad.csv", in: dir)
    let result = try train("bad.csv", extra, out: "kept.nnm")
    #expect(result.status == status)
    #expect(result.stdout == "")
    #expect(result.stderr == "nntool: error: \(message)\n")
    #expect(try Harness.bytes("kept.nnm", in: dir) == before)
  }

  @Test func aStrayWordInAColumnOfNumbersIsAnErrorNotADroppedColumn() throws {
    try expectRefused(
      peopleCSV.replacingOccurrences(of: "Bob,160,72,M", with: "Bob,abc,72,M"),
      ["--target", "Gender"], "bad.csv:3: column 2 \"Weight\": \"abc\" is not a number")
  }

  @Test func missingValuesAreErrorsUnlessDropped() throws {
    let missing = peopleCSV.replacingOccurrences(of: "Bob,160,72,M", with: "Bob,NA,72,M")
      .replacingOccurrences(of: "Diana,120,60,F", with: "Diana,120,,F")
    try expectRefused(
      missing, ["--target", "Gender"],
      "bad.csv:3: column 2 \"Weight\": the value is missing (\"NA\"); give --missing drop to "
        + "leave out rows with missing values")
    let dropped = try train("bad.csv", ["--target", "Gender", "--missing", "drop"])
    #expect(dropped.status == 0)
    #expect(
      dropped.stderr.contains(
        "nntool: note: left out 2 rows with missing values (--missing drop); 2 remain\n"))
    let inspected = try Harness.nntool(["inspect", "m.nnm", "--json"], in: dir)
    #expect(inspected.stdout.contains("\"data_rows\": 2"))
    try Harness.write("x,y\n1,nan\n2,NaN\n", to: "all.csv", in: dir)
    let none = try train("all.csv", ["--target", "y", "--missing", "drop"])
    #expect(none.status == 65)
    #expect(none.stderr.contains("every row has a missing value"))
  }

  @Test func aColumnOfNamesIsLeftOutWithANote() throws {
    let result = try train("people.csv", ["--target", "Gender"])
    #expect(result.status == 0)
    #expect(
      result.stderr.hasPrefix(
        "nntool: note: column \"Name\" holds text, not numbers; left out of the features\n"))
    let inspected = try Harness.nntool(["inspect", "m.nnm", "--json"], in: dir)
    #expect(inspected.stdout.contains("\"inputs\": 2"))
    let quiet = try train("people.csv", ["--target", "Gender", "-q"])
    #expect(quiet.stderr == "")
  }

  @Test func aConstantTargetIsRefused() throws {
    try expectRefused(
      "a,b,y\n1,2,5\n3,4,5\n5,6,5\n", ["--target", "y"],
      "bad.csv: the target \"y\" is 5 in every row; there is nothing to learn")
  }

  @Test func fewIntegerTargetValuesSuggestMulticlass() throws {
    var csv = "x,digit\n"
    for row in 0..<40 { csv += "\(row),\(row % 10)\n" }
    try Harness.write(csv, to: "digits.csv", in: dir)
    let result = try train("digits.csv", ["--target", "digit"])
    #expect(result.status == 0)
    #expect(
      result.stderr.contains(
        "nntool: note: the target \"digit\" has only 10 distinct integer values (0 to 9), "
          + "trained as regression; if they are classes, give --task multiclass\n"))
    let classes = try train("digits.csv", ["--target", "digit", "--task", "multiclass"])
    #expect(!classes.stderr.contains("note"))
  }

  @Test func twoClassTargetsAreRefused() throws {
    try expectRefused(
      "a,b,y\n1,x,p\n3,y,q\n", ["--target", "b,y"], status: 64,
      "a classifier takes one target column, not 2 (\"b\", \"y\"); several targets are for "
        + "regression")
    try expectRefused(
      "a,y\n1,2\n3,4\n", ["--target", "y,y"], status: 64, "--target names column \"y\" twice")
  }
}
