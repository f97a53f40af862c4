import Foundation
import Testing

/// `nntool export` and `nntool import` on the real binary: lossless round trips through both
/// formats, one-line errors with codes and status 65 for bad files, nothing written on failure.
@Suite struct InteropEndToEndTests {
  let dir: URL
  static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("samples")

  init() throws {
    dir = try Harness.scratchDirectory()
    for name in ["gender.nnm", "iris.nnm", "xor.nnm"] {
      try FileManager.default.copyItem(
        at: Self.samples.appendingPathComponent(name), to: dir.appendingPathComponent(name))
    }
  }

  @Test(arguments: ["gender", "iris", "xor"], ["onnx", "safetensors"])
  func exportImportDiffIsEqual(sample: String, format: String) throws {
    let exported = "\(sample).\(format)"
    let export = try Harness.nntool(
      ["export", "\(sample).nnm", "--to", format, "--out", exported], in: dir)
    #expect(export.status == 0 && export.stderr == "")
    let back = try Harness.nntool(["import", exported, "--out", "back.nnm"], in: dir)
    #expect(back.status == 0)
    #expect(back.stderr == "")
    let diff = try Harness.nntool(["diff", "\(sample).nnm", "back.nnm"], in: dir)
    #expect(diff.status == 0, "\(diff.stdout)")
  }

  /// A regression trained on standardized targets (format 1.1, output normalization) after
  /// a tanh output layer: export → import is lossless through both formats, and the imported
  /// model predicts the same numbers in the targets' units.
  @Test(arguments: ["onnx", "safetensors"], ["f32", "f64"])
  func outputNormalizationSurvivesTheRoundTrip(format: String, dtype: String) throws {
    var csv = "x,y,z\n"
    for row in 0..<30 { csv += "\(Double(row) / 10),\(500 + 40 * Double(row)),\(-Double(row))\n" }
    try Harness.write(csv, to: "lines.csv", in: dir)
    let trained = try Harness.nntool(
      [
        "train", "--data", "lines.csv", "--features", "x", "--target", "y,z", "--hidden", "3",
        "--output-activation", "tanh", "--dtype", dtype, "--epochs", "5", "--seed", "3", "-q",
        "--out", "lines.nnm",
      ], in: dir)
    #expect(trained.status == 0, "\(trained.stderr)")
    let inspected = try Harness.nntool(["inspect", "lines.nnm"], in: dir)
    #expect(inspected.stdout.contains("output normalization"))
    let exported = "lines.\(format)"
    let export = try Harness.nntool(
      ["export", "lines.nnm", "--to", format, "--out", exported], in: dir)
    #expect(export.status == 0 && export.stderr == "")
    let back = try Harness.nntool(["import", exported, "--out", "back.nnm"], in: dir)
    #expect(back.status == 0 && back.stderr == "")
    let diff = try Harness.nntool(["diff", "lines.nnm", "back.nnm"], in: dir)
    #expect(diff.status == 0, "\(diff.stdout)")
    let predictions = try ["lines.nnm", "back.nnm"].map {
      try Harness.nntool(["predict", $0, "--input", "1.5", "--json"], in: dir).stdout
    }
    #expect(predictions[0] == predictions[1])
    #expect(predictions[0].contains("\"outputs\""))
  }

  @Test func damagedFileIsOneLineStatus65AndNothingWritten() throws {
    _ = try Harness.nntool(["export", "gender.nnm", "--out", "g.onnx"], in: dir)
    let bytes = try Harness.bytes("g.onnx", in: dir)
    try bytes.prefix(bytes.count - 10).write(to: dir.appendingPathComponent("cut.onnx"))
    let result = try Harness.nntool(["import", "cut.onnx", "--out", "m.nnm"], in: dir)
    #expect(result.status == 65)
    #expect(result.stdout == "")
    #expect(result.stderr.hasPrefix("nntool: error: cut.onnx: byte "))
    #expect(result.stderr.hasSuffix("[truncated]\n"))
    #expect(result.stderr.filter { $0 == "\n" }.count == 1)
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("m.nnm").path))
  }

  @Test func safetensorsWithoutMetadataTakesOptions() throws {
    // A PyTorch-style state dict: Linear(2, 1) without nnkit's metadata.
    var file = Data()
    let header =
      #"{"0.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},"0.bias":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#
    withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { file.append(contentsOf: $0) }
    file.append(contentsOf: Array(header.utf8))
    for value: Float in [1, -1, 0.5] {
      withUnsafeBytes(of: value.bitPattern.littleEndian) { file.append(contentsOf: $0) }
    }
    try file.write(to: dir.appendingPathComponent("w.safetensors"))
    let result = try Harness.nntool(
      [
        "import", "w.safetensors", "--features", "a,b", "--task", "binary", "--labels", "no,yes",
        "--out", "w.nnm",
      ], in: dir)
    #expect(result.status == 0)
    #expect(
      result.stderr.contains("nntool: note: the output activation is not in the file: sigmoid"))
    let predict = try Harness.nntool(["predict", "w.nnm", "--input", "2,1.5"], in: dir)
    #expect(predict.stdout.hasPrefix("0.7311,yes"))  // σ(2·1 − 1.5 + 0.5)
  }

  @Test func nnreplOpensAnONNXFileAndExports() throws {
    _ = try Harness.nntool(["export", "gender.nnm", "--out", "g.onnx"], in: dir)
    let home = ReplHarness.temporaryDirectory()
    let result = ReplHarness.runPiped(
      [dir.path + "/g.onnx"],
      input:
        "128 63\n:export \(dir.path)/again.safetensors\n:save\n:load \(dir.path)/again.safetensors\n128 63\n",
      environment: ReplHarness.environment(home: home))
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first?.hasSuffix("→ F") == true)
    #expect(lines.contains { $0.hasPrefix("saved \(dir.path)/g.nnm (binary") })
    #expect(lines.last == lines.first)
    let diff = try Harness.nntool(["diff", "gender.nnm", "g.nnm"], in: dir)
    #expect(diff.status == 0)
  }

  @Test func fromOverridesTheExtensionAndBadFilesStopNnrepl() throws {
    _ = try Harness.nntool(["export", "iris.nnm", "--out", "i.safetensors"], in: dir)
    try FileManager.default.moveItem(
      at: dir.appendingPathComponent("i.safetensors"), to: dir.appendingPathComponent("i.bin"))
    let imported = try Harness.nntool(
      ["import", "i.bin", "--from", "safetensors", "--out", "i.nnm"], in: dir)
    #expect(imported.status == 0)
    #expect(try Harness.nntool(["diff", "iris.nnm", "i.nnm"], in: dir).status == 0)
    try Data([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7B]).write(
      to: dir.appendingPathComponent("bad.safetensors"))
    let repl = ReplHarness.runPiped(
      [dir.path + "/bad.safetensors"], input: "",
      environment: ReplHarness.environment(home: ReplHarness.temporaryDirectory()))
    #expect(repl.status == 65)
    #expect(
      repl.stderr.hasSuffix(
        "header length 18446744073709551615 is more than the limit 100000000 [limit-exceeded]\n"))
  }

  @Test func exportNeedsAFormat() throws {
    let result = try Harness.nntool(["export", "gender.nnm", "--out", "g.bin"], in: dir)
    #expect(result.status == 64)
  }
}
