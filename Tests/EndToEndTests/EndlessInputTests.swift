import Foundation
import Testing

// Endless devices and pipes given to the real tools, under an address-space limit (`ulimit -v`)
// so that an over-allocation fails the test instead of passing slowly. Before bounded reading,
// `nntool inspect /dev/zero` read 4 GiB and `:load /dev/zero` aborted nnrepl under 4 GiB.

/// Runs `script` with /bin/sh in a scratch directory holding a copy of samples/gender.nnm,
/// with `$NNTOOL` and `$NNREPL` set to the built tools.
private func shell(_ script: String) throws -> RunResult {
  let directory = try Harness.scratchDirectory()
  defer { try? FileManager.default.removeItem(at: directory) }
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  try FileManager.default.copyItem(
    at: root.appendingPathComponent("samples/gender.nnm"),
    to: directory.appendingPathComponent("gender.nnm"))
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/bin/sh")
  process.arguments = ["-c", script]
  process.currentDirectoryURL = directory
  var environment = ProcessInfo.processInfo.environment
  environment["NNTOOL"] = Harness.nntoolPath
  environment["NNREPL"] = ReplHarness.nnrepl
  environment["NO_COLOR"] = "1"
  environment.removeValue(forKey: "NNKIT_JSON_STREAM_LIMIT")
  process.environment = environment
  let out = Pipe()
  let err = Pipe()
  process.standardOutput = out
  process.standardError = err
  process.standardInput = FileHandle.nullDevice
  try process.run()
  let stdout = out.fileHandleForReading.readDataToEndOfFile()
  let stderr = err.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return RunResult(
    status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
    stderr: String(decoding: stderr, as: UTF8.self))
}

/// 4 GiB of address space, as in the issue: enough for the tools, not for reading a device.
private let limit = "ulimit -v 4194304"

@Suite struct EndlessInputTests {
  @Test func inspectRefusesAnEndlessDeviceAtOnce() throws {
    let result = try shell("\(limit); \"$NNTOOL\" inspect /dev/zero")
    #expect(result.status == 65)
    #expect(result.stderr.contains("/dev/zero: byte 0: "))
    #expect(result.stderr.contains("not a model file"))
  }

  @Test func standardInputIsReadOnlyToTheHeadersLength() throws {
    let result = try shell("\(limit); cat gender.nnm /dev/zero | \"$NNTOOL\" inspect -")
    #expect(result.status == 65)
    #expect(result.stderr.contains("<stdin>: byte 24200: "))
    #expect(result.stderr.contains("the binary header's file length"))
    let good = try shell("\(limit); \"$NNTOOL\" inspect - < gender.nnm")
    #expect(good.status == 0)
    #expect(good.stdout.contains("file: - (binary"))
  }

  @Test func aJSONStreamStopsAtTheDocumentedCap() throws {
    let result = try shell(
      "\(limit); (printf ' {'; cat /dev/zero) | NNKIT_JSON_STREAM_LIMIT=1M \"$NNTOOL\" verify -")
    #expect(result.status == 1)
    #expect(result.stdout.contains("<stdin>: byte 1048576: "))
    #expect(result.stdout.contains("NNKIT_JSON_STREAM_LIMIT raises the limit"))
    let spaces = try shell(
      "\(limit); yes ' ' | NNKIT_JSON_STREAM_LIMIT=64K \"$NNTOOL\" inspect - 2>&1; echo $?")
    #expect(spaces.stdout.contains("more than the limit 65536"))
    #expect(spaces.stdout.hasSuffix("\n65\n"))
    let bad = try shell("NNKIT_JSON_STREAM_LIMIT=lots \"$NNTOOL\" inspect gender.nnm")
    #expect(bad.status == 64)
    #expect(bad.stderr.contains("NNKIT_JSON_STREAM_LIMIT: expected a byte count"))
  }

  @Test func theReplRefusesAnEndlessDeviceAndGoesOn() throws {
    let result = try shell(
      "\(limit); printf ':load /dev/zero\\n:load /dev/urandom\\n133 65\\n' "
        + "| \"$NNREPL\" gender.nnm")
    // Status 1: the script had errors; not 134 (SIGABRT).
    #expect(result.status == 1)
    #expect(result.stderr.contains("/dev/zero: byte 0: "))
    #expect(result.stderr.contains("/dev/urandom: byte 0: "))
    #expect(result.stdout.contains("→ F"))
  }
}
