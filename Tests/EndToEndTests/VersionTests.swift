import Foundation
import Testing

/// `--version` and `--version --verbose` of both tools, whose text comes from one constant.
@Suite struct VersionTests {
  let dir: URL

  init() throws {
    dir = try Harness.scratchDirectory()
  }

  /// The three lines of `--version --verbose`, checked for `program` and `version`.
  private func checkVerbose(_ text: String, program: String, version: String) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(lines.count == 4, "\(text)")
    guard lines.count == 4 else { return }
    #expect(lines[0] == "\(program) \(version)")
    #expect(lines[1].hasPrefix("commit: ") && lines[1].count > "commit: ".count)
    #expect(lines[2].hasPrefix("compiler: ") && lines[2].count > "compiler: ".count)
    #expect(lines[3].isEmpty)
    // Installed binaries (`make install`) carry the build they were made from.
    if Harness.installedBinDirectory != nil {
      #expect(lines[1] != "commit: unknown")
      #expect(lines[2].hasPrefix("compiler: Swift version "))
    }
  }

  @Test func bothToolsReportTheSameVersion() throws {
    let tool = try Harness.nntool(["--version"], in: dir)
    #expect(tool.status == 0)
    #expect(tool.stderr.isEmpty)
    let version = tool.stdout.trimmingCharacters(in: .newlines)
    let parts = version.split(separator: ".")
    #expect(parts.count == 3 && parts.allSatisfy { Int($0) != nil }, "\(version)")

    let home = ReplHarness.temporaryDirectory()
    let repl = ReplHarness.runPiped(
      ["--version"], input: "", environment: ReplHarness.environment(home: home))
    #expect(repl.status == 0)
    #expect(repl.stdout == tool.stdout)
  }

  @Test func verboseVersionNamesTheBuild() throws {
    let version = try Harness.nntool(["--version"], in: dir).stdout
      .trimmingCharacters(in: .newlines)
    for arguments in [["--version", "--verbose"], ["--verbose", "--version"]] {
      let tool = try Harness.nntool(arguments, in: dir)
      #expect(tool.status == 0)
      checkVerbose(tool.stdout, program: "nntool", version: version)
    }
    let home = ReplHarness.temporaryDirectory()
    let repl = ReplHarness.runPiped(
      ["--version", "--verbose"], input: "", environment: ReplHarness.environment(home: home))
    #expect(repl.status == 0)
    checkVerbose(repl.stdout, program: "nnrepl", version: version)
  }
}
