import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct SubcommandTests {
  let dir: URL

  init() throws {
    dir = try Harness.scratchDirectory()
    try Harness.write(peopleCSV, to: "people.csv", in: dir)
  }

  private func trainTutorial(_ out: String = "gender.nnm") throws {
    let result = try Harness.nntool(
      tutorialTraining + ["--normalize", "shift", "--out", out, "-q"], in: dir)
    #expect(result.status == 0, "\(result.stderr)")
  }

  @Test func everyHelpShowsAnExample() throws {
    let top = try Harness.nntool(["--help"], in: dir)
    #expect(top.status == 0)
    #expect(top.stdout.contains("Example"))
    for command in [
      "train", "inspect", "predict", "eval", "convert", "verify", "diff", "meta", "draw", "plot",
      "report", "completion",
    ] {
      #expect(top.stdout.contains("  \(command) "), "\(command) missing from --help")
      let help = try Harness.nntool(["help", command], in: dir)
      #expect(help.status == 0)
      #expect(help.stdout.contains("Example"), "\(command) --help has no example")
      #expect(help.stdout.contains("nntool \(command)"))
    }
    let version = try Harness.nntool(["--version"], in: dir)
    #expect(version.stdout == "0.1.0\n")
  }

  @Test func predictFromCSVAndStandardInput() throws {
    try trainTutorial()
    let fromFile = try Harness.nntool(["predict", "gender.nnm", "--data", "people.csv"], in: dir)
    #expect(fromFile.status == 0)
    let lines = fromFile.stdout.split(separator: "\n")
    #expect(lines.first == "output,label")
    #expect(lines.dropFirst().map { $0.split(separator: ",").last! } == ["F", "M", "M", "F"])
    let piped = try Harness.nntool(
      ["predict", "gender.nnm", "-", "--no-header"], in: dir,
      stdin: "Weight,Height\n128,63\n155,68\n")
    #expect(piped.status == 0)
    #expect(
      piped.stdout.split(separator: "\n").map { $0.split(separator: ",").last! } == ["F", "M"])
    let many = try Harness.nntool(
      ["predict", "gender.nnm", "--input", "128,63", "--input", "155,68", "--json"], in: dir)
    let array = try #require(try Harness.json(many.stdout) as? [[String: Any]])
    #expect(array.map { $0["label"] as? String } == ["F", "M"])
  }

  @Test func inspectText() throws {
    try trainTutorial()
    let result = try Harness.nntool(["inspect", "gender.nnm", "--weights"], in: dir)
    #expect(result.status == 0)
    #expect(result.stderr == "")
    let text = result.stdout
    #expect(text.hasPrefix("model: gender.nnm\nfile: gender.nnm (binary, format 1.0, "))
    #expect(text.contains("integrity: OK (checksums verified, structure valid)\ndtype: f64\n"))
    #expect(
      text.contains(
        """
        layer  inputs  units  activation  parameters
        1           2      2  sigmoid              6
        2           2      1  sigmoid              3
        total       2      1                       9
        """))
    #expect(
      text.contains(
        """
        input  feature  unit   shift  scale
        1      Weight         141.25      1
        2      Height          66.75      1
        """))
    #expect(text.contains("output: binary (M = 0, F = 1, threshold 0.5)\n"))
    #expect(text.contains("  data sha256   \(peopleSHA256)\n"))
    #expect(text.contains("  seed          7 (splitmix64)\n"))
    #expect(text.contains("  loss history  "))
    // The tutorial's parameter names, in its order.
    for name in ["w1=", "w2=", "w3=", "w4=", "w5=", "w6=", "b1=", "b2=", "b3="] {
      #expect(text.contains(name), "\(name) missing")
    }
    #expect(!text.contains("w7="))
  }

  @Test func trainsFromStandardInput() throws {
    let result = try Harness.nntool(
      tutorialTraining + ["--data", "-", "--out", "stdin.nnm", "-q"], in: dir, stdin: peopleCSV)
    #expect(result.status == 0, "\(result.stderr)")
    let document = try #require(
      try Harness.json(Harness.nntool(["inspect", "stdin.nnm", "--json"], in: dir).stdout)
        as? [String: Any])
    let provenance = try #require(document["provenance"] as? [String: Any])
    #expect(provenance["data_file"] is NSNull)
    #expect(provenance["data_sha256"] as? String == peopleSHA256)
  }

  /// Runs a shell command line under `script`, which gives it a pseudo-terminal, and returns
  /// what the terminal showed (stdout and stderr together).
  private func onTerminal(_ commandLine: String, environment: [String: String] = [:]) throws
    -> String
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
    process.arguments = ["-qec", commandLine, "/dev/null"]
    process.currentDirectoryURL = dir
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "NO_COLOR")
    env["TERM"] = "xterm"
    env.merge(environment) { $1 }
    process.environment = env
    let output = Pipe()
    process.standardOutput = output
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }

  @Test func barAndColourOnlyOnATerminalWithoutNoColor() throws {
    try trainTutorial()
    let tool = Harness.nntoolPath
    let train = "\(tool) train --data people.csv --target Gender --hidden 2 --epochs 50 --out t.nnm"
    let bar = try onTerminal(train)
    #expect(bar.contains("\r["))
    #expect(bar.contains("50/50 loss "))
    #expect(bar.contains(" ETA "))
    #expect(!bar.contains("Epoch 10 loss"))
    let plain = try onTerminal(train, environment: ["NO_COLOR": "1"])
    #expect(!plain.contains("\r["))
    #expect(plain.contains("Epoch 10 loss: "))
    let coloured = try onTerminal("\(tool) verify gender.nnm")
    #expect(coloured.contains("gender.nnm: \u{1B}[32mOK\u{1B}[0m"))
    let uncoloured = try onTerminal("\(tool) verify gender.nnm", environment: ["NO_COLOR": "1"])
    #expect(uncoloured.contains("gender.nnm: OK"))
    #expect(!uncoloured.contains("\u{1B}["))
    // Redirected output never has colour, terminal or not.
    let piped = try Harness.nntool(["verify", "gender.nnm"], in: dir)
    #expect(piped.stdout == "gender.nnm: OK\n")
  }

  @Test func fastAndFullPredictPathsAgree() throws {
    try trainTutorial()
    // `predict MODEL --input … [--json]` skips argument-parser; adding any other option (here
    // the default --digits 4) takes the full path. Both must print the same bytes.
    for extra in [[], ["--json"]] {
      let fast = try Harness.nntool(
        ["predict", "gender.nnm", "--input", "128,63", "--input", "155,68"] + extra, in: dir)
      let full = try Harness.nntool(
        ["predict", "gender.nnm", "--input", "128,63", "--input", "155,68", "--digits", "4"]
          + extra, in: dir)
      #expect(fast.status == 0)
      #expect(fast.stdout == full.stdout)
      #expect(fast.stderr == "" && full.stderr == "")
    }
    let fastError = try Harness.nntool(["predict", "gender.nnm", "--input", "1"], in: dir)
    let fullError = try Harness.nntool(
      ["predict", "gender.nnm", "--input", "1", "--digits", "4"], in: dir)
    #expect(fastError.status == 65 && fullError.status == 65)
    #expect(fastError.stderr == fullError.stderr)
    #expect(
      fastError.stderr
        == "nntool: error: --input \"1\": 1 value, but the model takes 2 (Weight, Height)\n")
  }

  @Test func evalReportsLossAccuracyAndConfusion() throws {
    try trainTutorial()
    let text = try Harness.nntool(["eval", "gender.nnm", "--data", "people.csv"], in: dir)
    #expect(text.status == 0)
    #expect(text.stdout.hasPrefix("samples: 4\nloss (mse): "))
    #expect(text.stdout.contains("accuracy: 1 (4/4)\n"))
    #expect(
      text.stdout.contains(
        "actual \\ predicted  M  F\nM                   2  0\nF                   0  2\n"))
    let json = try Harness.nntool(
      ["eval", "gender.nnm", "--data", "people.csv", "--json"], in: dir)
    let document = try #require(try Harness.json(json.stdout) as? [String: Any])
    #expect(document["accuracy"] as? Double == 1)
    #expect(document["confusion"] as? [[Int]] == [[2, 0], [0, 2]])
    #expect(document["labels"] as? [String] == ["M", "F"])
    let loss = try #require(document["loss"] as? Double)
    #expect(loss > 0 && loss < 0.05)
  }

  @Test func regressionAndMulticlass() throws {
    try Harness.write(
      "x,y,kind\n0,1,a\n1,3,b\n2,5,c\n3,7,a\n4,9,b\n5,11,c\n", to: "line.csv", in: dir)
    let regression = try Harness.nntool(
      [
        "train", "--data", "line.csv", "--target", "y", "--features", "x", "--hidden", "",
        "--optimizer", "adam", "--lr", "0.1", "--epochs", "400", "--out", "line.nnm", "-q",
      ], in: dir)
    #expect(regression.status == 0, "\(regression.stderr)")
    let inspect = try Harness.json(
      Harness.nntool(["inspect", "line.nnm", "--json"], in: dir).stdout)
    let output = (inspect as? [String: Any])?["output"] as? [String: Any]
    #expect(output?["task"] as? String == "regression")
    let prediction = try Harness.nntool(["predict", "line.nnm", "--input", "10"], in: dir)
    let value = try #require(
      Double(prediction.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
    #expect(abs(value - 21) < 1)
    let classes = try Harness.nntool(
      [
        "train", "--data", "line.csv", "--target", "kind", "--features", "x", "--epochs", "5",
        "--out", "kind.nnm", "-q",
      ], in: dir)
    #expect(classes.status == 0, "\(classes.stderr)")
    let kinds = try Harness.json(Harness.nntool(["inspect", "kind.nnm", "--json"], in: dir).stdout)
    let kindOutput = (kinds as? [String: Any])?["output"] as? [String: Any]
    #expect(kindOutput?["task"] as? String == "multiclass")
    #expect(kindOutput?["labels"] as? [String] == ["a", "b", "c"])
    let header = try Harness.nntool(["predict", "kind.nnm", "--input", "1", "--header"], in: dir)
    #expect(header.stdout.hasPrefix("a,b,c,label\n"))
  }

  @Test func metaEditsInPlace() throws {
    try trainTutorial()
    for arguments in [
      ["set", "owner", "data team"], ["set", "temp", "1"], ["unset", "temp"],
      ["set-feature", "1", "--name", "weight", "--unit", "lb"],
      ["set-feature", "Height", "--unit", "in"], ["set-labels", "male", "female"],
      ["set-name", "gender"],
    ] {
      let result = try Harness.nntool(["meta", "gender.nnm"] + arguments, in: dir)
      #expect(result.status == 0, "\(arguments): \(result.stderr)")
      #expect(result.stdout == "" && result.stderr == "")
    }
    let verify = try Harness.nntool(["verify", "gender.nnm"], in: dir)
    #expect(verify.status == 0)
    let shown = try Harness.nntool(["meta", "gender.nnm", "--json"], in: dir)
    let document = try #require(try Harness.json(shown.stdout) as? [String: Any])
    #expect(document["name"] as? String == "gender")
    #expect((document["metadata"] as? [String: String])?["owner"] == "data team")
    #expect((document["metadata"] as? [String: String])?["temp"] == nil)
    let features = try #require(document["features"] as? [[String: Any]])
    #expect(features.map { $0["name"] as? String } == ["weight", "Height"])
    #expect(features.map { $0["unit"] as? String } == ["lb", "in"])
    let predict = try Harness.nntool(["predict", "gender.nnm", "--input", "128,63"], in: dir)
    #expect(predict.stdout.hasSuffix(",female\n"))
    let badAction = try Harness.nntool(["meta", "gender.nnm", "set", "onlykey"], in: dir)
    #expect(badAction.status == 64)
    #expect(badAction.stderr == "nntool: error: usage: nntool meta MODEL set KEY VALUE\n")
    let wrongCount = try Harness.nntool(
      ["meta", "gender.nnm", "set-labels", "a", "b", "c"], in: dir)
    #expect(wrongCount.status == 64)
  }

  @Test(arguments: ["bash", "zsh", "fish"])
  func completionScripts(shell: String) throws {
    let result = try Harness.nntool(["completion", shell], in: dir)
    #expect(result.status == 0)
    #expect(result.stdout.contains("nntool"))
    #expect(result.stdout.contains("--normalize") || result.stdout.contains("normalize"))
  }

  @Test func fineTuneFromAModel() throws {
    try trainTutorial("base.nnm")
    let tuned = try Harness.nntool(
      [
        "train", "--data", "people.csv", "--from", "base.nnm", "--epochs", "10", "--out",
        "tuned.nnm", "-q",
      ], in: dir)
    #expect(tuned.status == 0, "\(tuned.stderr)")
    let document = try #require(
      try Harness.json(Harness.nntool(["inspect", "tuned.nnm", "--json"], in: dir).stdout)
        as? [String: Any])
    #expect((document["metadata"] as? [String: String])?["fine_tuned_from"] == "base.nnm")
    #expect((document["provenance"] as? [String: Any])?["epochs"] as? Int == 10)
    let features = try #require(document["features"] as? [[String: Any]])
    #expect(features.map { $0["shift"] as? Double } == [141.25, 66.75])  // kept, not refitted
    let diff = try Harness.nntool(["diff", "base.nnm", "tuned.nnm"], in: dir)
    #expect(diff.status == 1)
    #expect(diff.stdout.contains("layers[1] parameters"))
    let conflict = try Harness.nntool(
      ["train", "--data", "people.csv", "--from", "base.nnm", "--hidden", "3", "--out", "x.nnm"],
      in: dir)
    #expect(conflict.status == 64)
  }

  @Test func validationAndPatience() throws {
    try Harness.write(
      "x,y\n" + (0..<40).map { "\($0),\($0 % 2 == 0 ? "even" : "odd")" }.joined(separator: "\n")
        + "\n",
      to: "parity.csv", in: dir)
    let result = try Harness.nntool(
      [
        "train", "--data", "parity.csv", "--target", "y", "--validation", "0.25", "--patience", "3",
        "--epochs", "2000", "--optimizer", "adam", "--lr", "0.05", "--print-every", "1",
        "--out", "p.nnm",
      ], in: dir)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("Epoch 1 loss: "))
    #expect(result.stderr.contains(" validation loss: "))
    // Parity of x is not learnable from x by a small net: validation loss stops improving.
    #expect(result.stderr.contains("(early stop; kept epoch "))
    let document = try #require(
      try Harness.json(Harness.nntool(["inspect", "p.nnm", "--json"], in: dir).stdout)
        as? [String: Any])
    let provenance = try #require(document["provenance"] as? [String: Any])
    #expect(provenance["data_rows"] as? Int == 30)
    let epochs = try #require(provenance["epochs"] as? Int)
    #expect(epochs < 2000)
    let hyperparameters = provenance["hyperparameters"] as? [String: Any]
    #expect(hyperparameters?["validation_fraction"] as? Double == 0.25)
    #expect(hyperparameters?["patience"] as? Double == 3)
  }

  @Test(arguments: ["save", "best", "discard"])
  func ctrlCStopsTrainingCleanly(mode: String) throws {
    let running = try Harness.start(
      tutorialTraining + [
        "--epochs", "20000000", "--print-every", "100", "--on-interrupt", mode,
        "--out", "stopped.nnm",
      ], in: dir)
    // Wait until training has started (its first loss line), then press Ctrl-C.
    var waited = 0
    while !running.stderrSoFar().contains("Epoch 100 loss") && waited < 600 {
      usleep(50_000)
      waited += 1
    }
    kill(running.process.processIdentifier, SIGINT)
    let result = try running.finish()
    let written = FileManager.default.fileExists(
      atPath: dir.appendingPathComponent("stopped.nnm").path)
    if mode != "discard" {
      #expect(result.status == 0, "\(result.stderr)")
      #expect(written)
      #expect(result.stderr.contains("interrupted; trained "))
      let verify = try Harness.nntool(["verify", "stopped.nnm"], in: dir)
      #expect(verify.status == 0)
    } else {
      #expect(result.status == 130)
      #expect(!written)
      #expect(result.stderr.contains("nothing written"))
    }
    #expect(result.stdout == "")
  }
}
