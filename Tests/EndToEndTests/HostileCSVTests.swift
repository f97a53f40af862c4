import Foundation
import Testing

/// CSV inputs that never end or never stop growing: each stops with a one-line error naming
/// the place and the cap (status 65), within a time bound, under an address-space limit
/// (`ulimit -v`) that makes an over-allocation fail instead of passing slowly.
@Suite struct HostileCSVTests {
  let dir: URL

  init() throws {
    dir = try Harness.scratchDirectory()
    try Harness.write(peopleCSV, to: "people.csv", in: dir)
    let trained = try Harness.nntool(
      ["train", "--data", "people.csv", "--target", "Gender", "--out", "m.nnm", "--epochs", "2"],
      in: dir)
    #expect(trained.status == 0, "\(trained.stderr)")
  }

  /// Runs `script` with `sh`: `$NNTOOL` is the tool, memory is limited to 1 GiB of address
  /// space and the whole script to 60 seconds (a hang fails the test, it does not block it).
  private func shell(_ script: String, environment: [String: String] = [:]) throws -> RunResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "ulimit -v 1048576; " + script]
    process.currentDirectoryURL = dir
    var env = ProcessInfo.processInfo.environment
    env["NNTOOL"] = Harness.nntoolPath
    env.merge(environment) { $1 }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let deadline = Date().addingTimeInterval(60)
    while process.isRunning && Date() < deadline { usleep(20_000) }
    if process.isRunning {
      // Ends the shell's process group: the tool and any writer it started.
      kill(-process.processIdentifier, SIGKILL)
      process.terminate()
      Issue.record("timed out: \(script)")
    }
    process.waitUntilExit()
    return RunResult(
      status: process.terminationStatus,
      stdout: String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
      stderr: String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
  }

  private func expectError(_ result: RunResult, _ message: String) {
    #expect(result.status == 65)
    #expect(result.stdout == "")
    #expect(result.stderr == "nntool: error: \(message)\n")
  }

  @Test func endlessDevice() throws {
    expectError(
      try shell("exec timeout 50 \"$NNTOOL\" eval m.nnm --data /dev/zero"),
      "/dev/zero:1: column 1: the record is longer than 16 MiB (NNKIT_CSV_MAX_RECORD raises the "
        + "cap) [csv-record-too-long]")
  }

  @Test func endlessLineOnStandardInput() throws {
    expectError(
      try shell("yes x | tr -d '\\n' | timeout 50 \"$NNTOOL\" predict m.nnm -"),
      "<stdin>:1: column 1: the record is longer than 16 MiB (NNKIT_CSV_MAX_RECORD raises the "
        + "cap) [csv-record-too-long]")
  }

  @Test func endlessRowsOnStandardInputStopAtTheStreamCap() throws {
    let result = try shell(
      "(echo Weight,Height; yes 150,70) | timeout 50 \"$NNTOOL\" predict m.nnm -",
      environment: ["NNKIT_CSV_MAX_INPUT": "8M"])
    #expect(result.status == 65)
    #expect(result.stderr.hasPrefix("nntool: error: <stdin>:"))
    #expect(
      result.stderr.hasSuffix(
        ": more than 8 MiB from a pipe or device (NNKIT_CSV_MAX_INPUT raises the cap) "
          + "[csv-input-too-large]\n"))
  }

  @Test func fifoWhoseWriterNeverCloses() throws {
    // The writer keeps writing and never closes: only the cap ends the read.
    let result = try shell(
      """
      mkfifo endless.csv
      (echo Weight,Height,Gender; yes 150,70,M) > endless.csv &
      writer=$!
      timeout 50 "$NNTOOL" eval m.nnm --data endless.csv
      status=$?
      kill $writer 2>/dev/null
      exit $status
      """, environment: ["NNKIT_CSV_MAX_INPUT": "16M"])
    #expect(result.status == 65)
    #expect(result.stderr.hasPrefix("nntool: error: endless.csv:"))
    #expect(result.stderr.hasSuffix("[csv-input-too-large]\n"))
  }

  @Test func aFortyMegabyteLineInARegularFile() throws {
    // A regular file whose one line is 40 MB: refused after reading the cap's worth.
    let result = try shell(
      "head -c 40000000 /dev/zero | tr '\\0' 7 > long.csv; "
        + "exec timeout 50 \"$NNTOOL\" train --data long.csv --target y --out x.nnm")
    expectError(
      result,
      "long.csv:1: column 1: the record is longer than 16 MiB (NNKIT_CSV_MAX_RECORD raises the "
        + "cap) [csv-record-too-long]")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.nnm").path))
  }

  @Test func tooManyColumns() throws {
    expectError(
      try shell(
        "(printf c; yes ,c | head -n 10000000 | tr -d '\\n'; echo) > wide.csv; "
          + "exec timeout 50 \"$NNTOOL\" eval m.nnm --data wide.csv"),
      "wide.csv:1: column 100001: more than 100000 columns (NNKIT_CSV_MAX_COLUMNS raises the "
        + "cap) [csv-too-many-columns]")
  }

  @Test func delimiterOptionAndHint() throws {
    try Harness.write(
      "Weight;Height;Gender\n133;65;F\n160;72;M\n", to: "semi.csv", in: dir)
    let hint = try Harness.nntool(["eval", "m.nnm", "--data", "semi.csv"], in: dir)
    #expect(hint.status == 65)
    #expect(hint.stderr.contains("try --delimiter ';' [csv-delimiter]"))
    let semi = try Harness.nntool(
      ["eval", "m.nnm", "--data", "semi.csv", "--delimiter", ";"], in: dir)
    #expect(semi.status == 0, "\(semi.stderr)")
    #expect(semi.stdout.hasPrefix("samples: 2\n"))
    try Harness.write("Weight\tHeight\n133\t65\n", to: "tab.tsv", in: dir)
    let tsv = try Harness.nntool(["predict", "m.nnm", "--data", "tab.tsv"], in: dir)
    #expect(tsv.status == 0, "\(tsv.stderr)")
    let bad = try Harness.nntool(
      ["predict", "m.nnm", "--data", "tab.tsv", "--delimiter", "x"], in: dir)
    #expect(bad.status == 64)
    let trained = try Harness.nntool(
      [
        "train", "--data", "semi.csv", "--delimiter", ";", "--target", "Gender", "--out",
        "semi.nnm", "--epochs", "2", "--quiet",
      ], in: dir)
    #expect(trained.status == 0, "\(trained.stderr)")
    try Harness.write(
      "Weight\tHeight\tGender\n133\t65\tF\n160\t72\tM\n", to: "people.tsv", in: dir)
    let fromTSV = try Harness.nntool(
      ["train", "--data", "people.tsv", "--target", "Gender", "--out", "tsv.nnm", "--epochs", "2"],
      in: dir)
    #expect(fromTSV.status == 0, "\(fromTSV.stderr)")
  }
}
