import Foundation
import Testing

/// `nntool meta MODEL ACTION …`, whose actions argument-parser parses (MetaActions.swift).
@Suite struct MetaActionTests {
  let dir: URL

  init() throws {
    dir = try Harness.scratchDirectory()
    let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../samples/gender.nnm").standardized
    try FileManager.default.copyItem(at: sample, to: dir.appendingPathComponent("g.nnm"))
  }

  @Test func valuesMayStartWithADash() throws {
    for arguments in [["set", "note", "-5"], ["set-labels", "-1", "+1"], ["set-name", "--x"]] {
      let result = try Harness.nntool(["meta", "g.nnm"] + arguments, in: dir)
      #expect(result.status == 0, "\(arguments): \(result.stderr)")
    }
    let shown = try Harness.nntool(["meta", "g.nnm", "--json"], in: dir)
    let document = try #require(try Harness.json(shown.stdout) as? [String: Any])
    #expect(document["name"] as? String == "--x")
    #expect((document["metadata"] as? [String: String])?["note"] == "-5")
  }

  @Test func mistakesAreUsageErrorsWithTheActionsUsageLine() throws {
    let cases: [([String], String)] = [
      (["bogus"], "unknown meta action \"bogus\" (actions: show, set, unset, set-name"),
      (["unset"], "usage: nntool meta MODEL unset KEY\n"),
      (["show", "extra"], "usage: nntool meta MODEL show [--json]\n"),
      (["set-feature", "1", "--colour", "red"], "usage: nntool meta MODEL set-feature N"),
      (["set-feature", "1"], "set-feature needs --name or --unit\n"),
    ]
    for (arguments, message) in cases {
      let result = try Harness.nntool(["meta", "g.nnm"] + arguments, in: dir)
      #expect(result.status == 64, "\(arguments)")
      #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
    }
  }
}
