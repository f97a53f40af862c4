import Foundation
import Testing

/// `nntool train --normalize shift=a,b`: the tutorial's own shifts, stored as given.
@Suite struct NormalizeOptionTests {
  let dir: URL

  init() throws {
    dir = try Harness.scratchDirectory()
    try Harness.write(peopleCSV, to: "people.csv", in: dir)
  }

  private func features(of model: String) throws -> [[String: Any]] {
    let inspect = try Harness.nntool(["inspect", model, "--json"], in: dir)
    #expect(inspect.status == 0, "\(inspect.stderr)")
    let document = try #require(try Harness.json(inspect.stdout) as? [String: Any])
    return try #require(document["features"] as? [[String: Any]])
  }

  @Test func explicitShiftsAreStoredExactly() throws {
    let result = try Harness.nntool(
      tutorialTraining + ["--normalize", "shift=135,66", "--out", "gender.nnm", "-q"], in: dir)
    #expect(result.status == 0, "\(result.stderr)")
    let stored = try features(of: "gender.nnm")
    #expect(stored.map { $0["name"] as? String } == ["Weight", "Height"])
    #expect(stored.map { $0["shift"] as? Double } == [135, 66])
    #expect(stored.map { $0["scale"] as? Double } == [1, 1])
    // Fractional and negative shifts, in the order --features gives.
    let reordered = try Harness.nntool(
      tutorialTraining + [
        "--features", "Height,Weight", "--normalize", "shift=66.75,-0.125", "--epochs", "3",
        "--out", "reordered.nnm", "-q",
      ], in: dir)
    #expect(reordered.status == 0, "\(reordered.stderr)")
    let again = try features(of: "reordered.nnm")
    #expect(again.map { $0["name"] as? String } == ["Height", "Weight"])
    #expect(again.map { $0["shift"] as? Double } == [66.75, -0.125])
  }

  @Test(arguments: [
    ("shift=135", "--normalize shift=…: 1 shift for 2 features (\"Weight\", \"Height\")"),
    ("shift=135,66,1", "--normalize shift=…: 3 shifts for 2 features (\"Weight\", \"Height\")"),
    ("shift=135,sixty", "--normalize \"shift=135,sixty\": \"sixty\" is not a number"),
    ("shift=135,nan", "--normalize \"shift=135,nan\": \"nan\" is not a number"),
    ("shift=", "--normalize \"shift=\": give one shift per feature, as shift=a,b,…"),
    (
      "scale=2,2",
      "--normalize \"scale=2,2\": expected none, shift, standard, minmax or shift=a,b,… "
        + "(one number per feature)"
    ),
  ])
  func badShiftsAreOneLineUsageErrors(value: String, message: String) throws {
    let result = try Harness.nntool(
      tutorialTraining + ["--normalize", value, "--epochs", "3", "--out", "m.nnm"], in: dir)
    #expect(result.status == 64)
    #expect(result.stdout == "")
    #expect(result.stderr == "nntool: error: \(message)\n")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("m.nnm").path))
  }
}
