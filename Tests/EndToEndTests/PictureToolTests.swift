import Foundation
import Testing

/// `samples/` of this checkout.
private let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("samples")

/// `nntool draw`, `plot` and `report` on the real binary: files, exit statuses, one-line errors.
@Suite struct PictureToolTests {
  let dir: URL

  init() throws {
    dir = try Harness.scratchDirectory()
    for name in ["gender.nnm", "iris.nnm", "people.csv", "iris.csv"] {
      try FileManager.default.copyItem(
        at: samples.appendingPathComponent(name), to: dir.appendingPathComponent(name))
    }
  }

  private func file(_ name: String) -> String? {
    try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
  }

  @Test func drawPlotAndReportWriteTheirFilesAndPrintNothing() throws {
    let commands: [[String]] = [
      ["draw", "gender.nnm", "--out", "net.svg"],
      ["draw", "gender.nnm", "--input", "128,63", "--out", "emily.svg"],
      ["plot", "gender.nnm", "--out", "loss.svg", "--log"],
      ["plot", "gender.nnm", "--boundary", "--data", "people.csv", "--out", "map.svg"],
      [
        "plot", "iris.nnm", "--boundary", "--x", "petal_length_cm", "--y", "PETAL_WIDTH_CM",
        "--at", "sepal_length_cm=6", "--out", "iris.svg",
      ],
      ["report", "iris.nnm", "--data", "iris.csv", "--out", "iris.html"],
    ]
    for command in commands {
      let result = try Harness.nntool(command, in: dir)
      #expect(result.status == 0, "\(command): \(result.stderr)")
      #expect(result.stdout.isEmpty && result.stderr.isEmpty)
    }
    #expect(file("net.svg")?.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\"") == true)
    #expect(file("emily.svg")?.contains("P(F) → F") == true)
    #expect(file("loss.svg")?.contains("log scale") == true)
    #expect(file("map.svg")?.contains("0 of 6 samples predicted wrong.") == true)
    #expect(file("iris.svg")?.contains("sepal_length_cm = 6 (--at)") == true)
    let report = try #require(file("iris.html"))
    #expect(report.contains("<h2>Evaluation on iris.csv</h2>"))
    #expect(report.contains("<caption>per class</caption>"))
    // iris has four inputs and no --x/--y: no map, and nothing fetched.
    #expect(!report.contains("Decision map"))
    #expect(!report.contains("http"))
  }

  @Test func errorsAreOneLineWithTheToolsStatuses() throws {
    let cases: [([String], Int32, String)] = [
      (["draw", "missing.nnm", "--out", "x.svg"], 66, "missing.nnm"),
      (["draw", "gender.nnm", "--input", "1,2,3", "--out", "x.svg"], 65, "--input"),
      (["plot", "gender.nnm", "--boundary", "--x", "age", "--out", "x.svg"], 64, "\"age\""),
      (
        ["plot", "gender.nnm", "--boundary", "--at", "weight", "--out", "x.svg"], 64,
        "FEATURE=VALUE"
      ),
      (["plot", "gender.nnm", "--data", "people.csv", "--out", "x.svg"], 64, "--boundary"),
      (["draw", "gender.nnm", "--out", "no/such/dir/x.svg"], 73, "does not exist"),
      (["plot", "iris.nnm", "--boundary", "--out", "x.svg"], 64, "--x and --y"),
      (["plot", "gender.nnm", "--boundary", "--at", "weight=150", "--out", "x.svg"], 64, "axis"),
    ]
    for (arguments, status, fragment) in cases {
      let result = try Harness.nntool(arguments, in: dir)
      #expect(result.status == status, "\(arguments): \(result.stderr)")
      #expect(result.stderr.contains(fragment), "\(arguments): \(result.stderr)")
      // The tool's own errors are one line; argument-parser's (the --boundary case) add usage.
      if result.stderr.hasPrefix("nntool: error:") {
        #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
      }
      #expect(file("x.svg") == nil, "\(arguments) left a file")
    }
  }

  @Test func aFailedWriteLeavesTheOldFile() throws {
    try "old".write(to: dir.appendingPathComponent("keep.svg"), atomically: false, encoding: .utf8)
    let result = try Harness.nntool(
      ["plot", "gender.nnm", "--boundary", "--x", "nope", "--out", "keep.svg"], in: dir)
    #expect(result.status == 64)
    #expect(file("keep.svg") == "old")
  }
}
