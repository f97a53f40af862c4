import Foundation
import Testing

/// Regression with standardized targets and several outputs, end to end: `train --target a,b`,
/// then `predict`, `eval` and `inspect` in the targets' own units.
@Suite struct SeveralOutputsTests {
  let dir: URL

  /// y = 1000 + 300·x and z = −2·x + 0.01, exactly: far from 0 and on different scales, which
  /// a network trained on raw targets would struggle with.
  init() throws {
    dir = try Harness.scratchDirectory()
    var csv = "x,y,z\n"
    for row in 0..<40 {
      let x = Double(row) / 10
      csv += "\(x),\(1000 + 300 * x),\(-2 * x + 0.01)\n"
    }
    try Harness.write(csv, to: "lines.csv", in: dir)
  }

  private func trained(_ targets: [String]) throws -> RunResult {
    try Harness.nntool(
      [
        "train", "--data", "lines.csv", "--features", "x", "--hidden", "", "--optimizer", "adam",
        "--lr", "0.05", "--epochs", "300", "--batch-size", "8", "--validation", "0.25", "-q",
        "--out", "two.nnm",
      ] + targets.flatMap { ["--target", $0] }, in: dir)
  }

  @Test func oneNetworkPredictsBothTargetsInTheirUnits() throws {
    #expect(try trained(["y,z"]).status == 0)
    let commaBytes = try Harness.bytes("two.nnm", in: dir)
    #expect(try trained(["y", "z"]).status == 0)  // a repeated --target is the same request
    #expect(try Harness.bytes("two.nnm", in: dir) == commaBytes)

    let predicted = try Harness.nntool(["predict", "two.nnm", "--input", "2", "--json"], in: dir)
    #expect(predicted.status == 0)
    let outputs =
      try JSONSerialization.jsonObject(with: Data(predicted.stdout.utf8)) as! [String: Any]
    let values = outputs["outputs"] as! [Double]
    #expect(values.count == 2)
    #expect(abs(values[0] - 1600) < 5)
    #expect(abs(values[1] - -3.99) < 0.05)

    let evaluated = try Harness.nntool(
      ["eval", "two.nnm", "--data", "lines.csv", "--json"], in: dir)
    #expect(evaluated.status == 0)
    let report =
      try JSONSerialization.jsonObject(with: Data(evaluated.stdout.utf8)) as! [String: Any]
    #expect((report["r2"] as! Double) > 0.999)
    let perOutput = report["outputs"] as! [[String: Any]]
    #expect(perOutput.map { $0["name"] as! String } == ["y", "z"])
    #expect((perOutput[0]["mean_absolute_error"] as! Double) < 5)
    let text = try Harness.nntool(["eval", "two.nnm", "--data", "lines.csv"], in: dir)
    #expect(text.stdout.contains("\noutput   "))
    #expect(text.stdout.contains("\noverall  "))

    let inspected = try Harness.nntool(["inspect", "two.nnm"], in: dir)
    #expect(inspected.stdout.contains("(binary, format 1.1, "))
    #expect(inspected.stdout.contains("output normalization (answer = output × scale + shift):"))
    #expect(inspected.stdout.contains("validation history"))
  }

  @Test func rawTargetsStayFormat10() throws {
    let result = try Harness.nntool(
      [
        "train", "--data", "lines.csv", "--features", "x", "--target", "z", "--hidden", "",
        "--normalize-target", "none", "--epochs", "5", "-q", "--out", "raw.nnm",
      ], in: dir)
    #expect(result.status == 0)
    let inspected = try Harness.nntool(["inspect", "raw.nnm"], in: dir)
    #expect(inspected.stdout.contains("(binary, format 1.0, "))
    #expect(!inspected.stdout.contains("output normalization"))
  }
}
