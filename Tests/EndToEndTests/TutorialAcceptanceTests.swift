import Foundation
import Testing

@Suite struct TutorialAcceptanceTests {
  @Test(arguments: ["shift", "standard"])
  func rawTableTrainsAndPredictsEmilyAndFrank(normalize: String) throws {
    let dir = try Harness.scratchDirectory()
    try Harness.write(peopleCSV, to: "people.csv", in: dir)
    let train = try Harness.nntool(
      tutorialTraining + ["--normalize", normalize, "--out", "gender.nnm"], in: dir)
    #expect(train.status == 0, "\(train.stderr)")
    #expect(train.stdout == "")
    // The tutorial prints the loss every 10 epochs.
    let lossLines = train.stderr.split(separator: "\n").filter { $0.hasPrefix("Epoch ") }
    #expect(lossLines.count == 100)
    #expect(lossLines.first?.hasPrefix("Epoch 10 loss: ") == true)
    #expect(lossLines.last?.hasPrefix("Epoch 1000 loss: ") == true)
    #expect(train.stderr.contains("wrote gender.nnm"))

    let emily = try Harness.nntool(["predict", "gender.nnm", "--input", "128,63"], in: dir)
    #expect(emily.status == 0)
    #expect(emily.stdout.hasSuffix(",F\n"), "\(emily.stdout)")
    let frank = try Harness.nntool(["predict", "gender.nnm", "--input", "155,68"], in: dir)
    #expect(frank.stdout.hasSuffix(",M\n"), "\(frank.stdout)")
    // Like the tutorial's 0.951 and 0.039: confident, on the right side.
    let emilyScore = Double(emily.stdout.split(separator: ",")[0])!
    let frankScore = Double(frank.stdout.split(separator: ",")[0])!
    #expect(emilyScore > 0.8)
    #expect(frankScore < 0.2)
  }

  @Test func sameSeedGivesIdenticalFiles() throws {
    let dir = try Harness.scratchDirectory()
    try Harness.write(peopleCSV, to: "people.csv", in: dir)
    for (index, name) in ["a.nnm", "b.nnm", "c.json", "d.json"].enumerated() {
      let result = try Harness.nntool(
        tutorialTraining + ["--normalize", "shift", "--out", name, "--quiet"], in: dir)
      #expect(result.status == 0, "run \(index): \(result.stderr)")
      #expect(result.stderr == "")
    }
    #expect(try Harness.bytes("a.nnm", in: dir) == Harness.bytes("b.nnm", in: dir))
    #expect(try Harness.bytes("c.json", in: dir) == Harness.bytes("d.json", in: dir))
    let other = try Harness.nntool(
      tutorialTraining + ["--normalize", "shift", "--out", "e.nnm", "--quiet", "--seed", "8"],
      in: dir)
    #expect(other.status == 0)
    #expect(try Harness.bytes("a.nnm", in: dir) != Harness.bytes("e.nnm", in: dir))
  }

  @Test func creationTimeOnlyFromSourceDateEpoch() throws {
    let dir = try Harness.scratchDirectory()
    try Harness.write(peopleCSV, to: "people.csv", in: dir)
    _ = try Harness.nntool(tutorialTraining + ["--out", "plain.nnm", "-q"], in: dir)
    _ = try Harness.nntool(
      tutorialTraining + ["--out", "dated.nnm", "-q"], in: dir,
      environment: ["SOURCE_DATE_EPOCH": "1700000000"])
    let plain = try Harness.json(
      Harness.nntool(["inspect", "plain.nnm", "--json"], in: dir).stdout)
    let dated = try Harness.json(
      Harness.nntool(["inspect", "dated.nnm", "--json"], in: dir).stdout)
    let plainProvenance = (plain as? [String: Any])?["provenance"] as? [String: Any]
    let datedProvenance = (dated as? [String: Any])?["provenance"] as? [String: Any]
    #expect(plainProvenance?["created_at"] is NSNull)
    #expect(datedProvenance?["created_at"] as? String == "2023-11-14T22:13:20Z")
  }
}
