import Foundation
import Testing

/// The shell-script scenario: train → inspect --json → predict → convert → verify → diff.
@Suite struct ScenarioTests {
  @Test func trainInspectPredictConvertVerifyDiff() throws {
    let dir = try Harness.scratchDirectory()
    try Harness.write(peopleCSV, to: "people.csv", in: dir)

    let train = try Harness.nntool(
      tutorialTraining + [
        "--normalize", "shift", "--out", "gender.nnm", "--name", "gender", "--description",
        "the tutorial's network", "--print-every", "250",
      ], in: dir)
    #expect(train.status == 0, "\(train.stderr)")
    #expect(
      train.stderr.split(separator: "\n").filter { $0.hasPrefix("Epoch") }.map {
        String($0.prefix(11))
      } == ["Epoch 250 l", "Epoch 500 l", "Epoch 750 l", "Epoch 1000 "])

    let inspect = try Harness.nntool(["inspect", "gender.nnm", "--json"], in: dir)
    #expect(inspect.status == 0)
    #expect(inspect.stderr == "")
    let document = try #require(try Harness.json(inspect.stdout) as? [String: Any])
    #expect(document["name"] as? String == "gender")
    #expect(document["description"] as? String == "the tutorial's network")
    #expect(document["inputs"] as? Int == 2)
    #expect(document["outputs"] as? Int == 1)
    #expect(document["parameters"] as? Int == 9)
    #expect(document["dtype"] as? String == "f64")
    #expect(document["valid"] as? Bool == true)
    let format = try #require(document["format"] as? [String: Any])
    #expect(format["encoding"] as? String == "binary")
    #expect(format["version"] as? String == "1.0")
    let layers = try #require(document["layers"] as? [[String: Any]])
    #expect(layers.map { $0["units"] as? Int } == [2, 1])
    #expect(layers.map { $0["activation"] as? String } == ["sigmoid", "sigmoid"])
    #expect((layers[0]["weights"] as? [Double])?.count == 4)
    let features = try #require(document["features"] as? [[String: Any]])
    #expect(features.map { $0["name"] as? String } == ["Weight", "Height"])
    #expect(features.map { $0["shift"] as? Double } == [141.25, 66.75])
    #expect(features.map { $0["scale"] as? Double } == [1, 1])
    let output = try #require(document["output"] as? [String: Any])
    #expect(output["task"] as? String == "binary")
    #expect(output["positive"] as? String == "F")
    #expect(output["negative"] as? String == "M")
    let provenance = try #require(document["provenance"] as? [String: Any])
    #expect(provenance["tool"] as? String == "nntool")
    #expect(provenance["data_file"] as? String == "people.csv")
    #expect(provenance["data_rows"] as? Int == 4)
    #expect(provenance["data_sha256"] as? String == peopleSHA256)
    #expect(provenance["loss"] as? String == "mse")
    #expect(provenance["optimizer"] as? String == "sgd")
    #expect(provenance["seed"] as? String == "7")
    #expect(provenance["rng"] as? String == "splitmix64")
    #expect(provenance["epochs"] as? Int == 1000)
    #expect((provenance["loss_history"] as? [Double])?.count == 1000)
    let hyperparameters = try #require(provenance["hyperparameters"] as? [String: Any])
    #expect(hyperparameters["learning_rate"] as? Double == 0.1)
    #expect(hyperparameters["batch_size"] as? Double == 1)

    // predict with full precision agrees with the CSV output's rounding.
    let predicted = try Harness.nntool(
      ["predict", "gender.nnm", "--input", "128,63", "--json"], in: dir)
    let answer = try #require(try Harness.json(predicted.stdout) as? [String: Any])
    #expect(answer["label"] as? String == "F")
    // Compare the printed text (JSONSerialization may round long mantissas).
    let printed = try #require(
      predicted.stdout.split(separator: "[").dropFirst().first?.split(separator: "]").first)
    let score = try #require(Double(String(printed)))
    #expect(abs(score - ((answer["outputs"] as? [Double])?.first ?? 0)) < 1e-12)
    let csv = try Harness.nntool(
      ["predict", "gender.nnm", "--input", "128,63", "--digits", "17"], in: dir)
    #expect(Double(csv.stdout.split(separator: ",")[0]) == score)

    let toJSON = try Harness.nntool(["convert", "gender.nnm", "gender.json"], in: dir)
    #expect(toJSON.status == 0)
    #expect(toJSON.stdout == "" && toJSON.stderr == "")
    let jsonText = try String(
      contentsOf: dir.appendingPathComponent("gender.json"), encoding: .utf8)
    #expect(jsonText.hasPrefix("{"))
    let back = try Harness.nntool(
      ["convert", "gender.json", "back.nnm", "--to", "binary"], in: dir)
    #expect(back.status == 0)
    #expect(try Harness.bytes("back.nnm", in: dir) == Harness.bytes("gender.nnm", in: dir))
    let narrow = try Harness.nntool(
      ["convert", "gender.nnm", "gender32.nnm", "--dtype", "f32"], in: dir)
    #expect(narrow.status == 0)

    let verify = try Harness.nntool(
      ["verify", "gender.nnm", "gender.json", "gender32.nnm"], in: dir)
    #expect(verify.status == 0)
    #expect(verify.stdout == "gender.nnm: OK\ngender.json: OK\ngender32.nnm: OK\n")

    let same = try Harness.nntool(["diff", "gender.nnm", "gender.json"], in: dir)
    #expect(same.status == 0)
    #expect(same.stdout == "models are equal\n")
    let different = try Harness.nntool(["diff", "gender.nnm", "gender32.nnm"], in: dir)
    #expect(different.status == 1)
    #expect(different.stdout.hasPrefix("dtype: \"f64\" → \"f32\"\n"))
    #expect(different.stdout.contains("layers[1] parameters: weights max |Δ| "))
    let diffJSON = try Harness.nntool(["diff", "gender.nnm", "gender32.nnm", "--json"], in: dir)
    #expect(diffJSON.status == 1)
    let diffDocument = try #require(try Harness.json(diffJSON.stdout) as? [String: Any])
    #expect(diffDocument["equal"] as? Bool == false)
    let deltas = try #require(diffDocument["layers"] as? [[String: Any]])
    let largest = try #require((deltas[0]["weights"] as? [String: Any])?["max_abs"] as? Double)
    #expect(largest > 0 && largest < 1e-6)  // f32 rounding only
  }
}
