import Foundation
import Testing

/// `predict --data` and `eval` find a feature's column by its name, or as `<feature>_<unit>`.
@Suite struct ColumnMatchingTests {
  let dir: URL

  init() throws {
    dir = try Harness.scratchDirectory()
    try Harness.write(peopleCSV, to: "people.csv", in: dir)
    // A model whose features are weight [lb] and height [in], like samples/gender.nnm.
    let train = try Harness.nntool(
      tutorialTraining + ["--normalize", "shift", "--out", "gender.nnm", "-q"], in: dir)
    #expect(train.status == 0, "\(train.stderr)")
    for (index, name, unit) in [("1", "weight", "lb"), ("2", "height", "in")] {
      let meta = try Harness.nntool(
        ["meta", "gender.nnm", "set-feature", index, "--name", name, "--unit", unit], in: dir)
      #expect(meta.status == 0, "\(meta.stderr)")
    }
    try Harness.write(
      "name,height_in,weight_lb,gender\nAlice,65,133,F\nBob,72,160,M\nCharlie,70,152,M\n"
        + "Diana,60,120,F\n", to: "units.csv", in: dir)
  }

  @Test func unitSuffixedColumnsMatchTheirFeatures() throws {
    let predicted = try Harness.nntool(["predict", "gender.nnm", "--data", "units.csv"], in: dir)
    #expect(predicted.status == 0, "\(predicted.stderr)")
    // The same rows under the plain names (in another order) give the same predictions.
    try Harness.write(
      "weight,height\n133,65\n160,72\n152,70\n120,60\n", to: "plain.csv", in: dir)
    let plain = try Harness.nntool(["predict", "gender.nnm", "--data", "plain.csv"], in: dir)
    #expect(plain.status == 0, "\(plain.stderr)")
    #expect(predicted.stdout == plain.stdout)
    #expect(
      predicted.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",").last! }
        == ["F", "M", "M", "F"])
    let eval = try Harness.nntool(
      ["eval", "gender.nnm", "--data", "units.csv", "--target", "gender"], in: dir)
    #expect(eval.status == 0, "\(eval.stderr)")
    #expect(eval.stdout.contains("accuracy: 1 (4/4)\n"))
  }

  @Test func anExactNameWinsOverTheUnitSuffix() throws {
    // "weight" exists, so "weight_lb" (here nonsense) is ignored for that feature.
    try Harness.write(
      "weight,weight_lb,height_in\n133,0,65\n160,0,72\n", to: "both.csv", in: dir)
    try Harness.write("weight,height\n133,65\n160,72\n", to: "plain.csv", in: dir)
    let both = try Harness.nntool(["predict", "gender.nnm", "--data", "both.csv"], in: dir)
    let plain = try Harness.nntool(["predict", "gender.nnm", "--data", "plain.csv"], in: dir)
    #expect(both.status == 0, "\(both.stderr)")
    #expect(both.stdout == plain.stdout)
  }

  @Test func aMissingColumnNamesBothSpellings() throws {
    try Harness.write("weight_kg,height_in\n60,65\n", to: "kg.csv", in: dir)
    let result = try Harness.nntool(["predict", "gender.nnm", "--data", "kg.csv"], in: dir)
    #expect(result.status == 65)
    #expect(result.stdout == "")
    #expect(
      result.stderr
        == "nntool: error: kg.csv: no column \"weight\" or \"weight_lb\" for the model's input 1 "
        + "(the model takes weight [lb], height [in]; columns: \"weight_kg\", \"height_in\")\n")
  }
}
