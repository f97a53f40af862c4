import Glibc
import NNTestSupport
import Testing

@testable import NNModel

// The writer's one pass over the elements (CRC-32C and finiteness together) and the
// duplicate-name check of `validate` must report what the separate checks reported.

@Test func writerRefusesANonFiniteElementWithItsPathAndWritesNothing() throws {
  for scalarType in [ScalarType.float32, .float64] {
    for (layer, part, index) in [(0, "weights", 3), (0, "biases", 1), (1, "weights", 0)] {
      var model = Fixtures.gender(scalarType)
      var tensor = part == "weights" ? model.layers[layer].weights : model.layers[layer].biases
      switch tensor.storage {
      case .float32(var values):
        values[index] = index == 0 ? .infinity : .nan
        tensor.storage = .float32(values)
      case .float64(var values):
        values[index] = -.infinity
        tensor.storage = .float64(values)
      }
      if part == "weights" {
        model.layers[layer].weights = tensor
      } else {
        model.layers[layer].biases = tensor
      }
      let expected = ModelFileError.nonFiniteValue(
        offset: nil, path: "$.layers[\(layer)].\(part).data[\(index)]")
      #expect(throws: expected) { try model.binaryEncoded() }
      #expect(throws: expected) { try model.validate() }
      let path = "/tmp/nnkit-writer-check-\(getpid()).nnm"
      #expect(throws: expected) { try model.write(to: FilePath(path)) }
      #expect(access(path, F_OK) != 0)
    }
  }
}

@Test func oneChecksumPassGivesTheChecksumsOfTheBytes() {
  let values = (0..<100_003).map { Float($0) * 0.25 - 7 }
  let (crc, bad) = checksumAndFirstNonFinite(.float32(values))
  #expect(crc == values.withUnsafeBytes { crc32c($0) })
  #expect(bad == nil)
  var doubles = (0..<70_001).map { Double($0) / 3 }
  doubles[65_537] = .nan
  let (crc64, bad64) = checksumAndFirstNonFinite(.float64(doubles))
  #expect(crc64 == doubles.withUnsafeBytes { crc32c($0) })
  #expect(bad64 == 65_537)
}

@Test func repeatedFeatureNamesAreFoundAsSwiftComparesStrings() {
  func model(_ names: [String]) -> Model {
    Model(
      features: names.map { Feature(name: $0) },
      layers: [
        DenseLayer(
          activation: .identity, inputs: names.count, units: 1,
          weights: Array(repeating: 1, count: names.count), biases: [0])
      ])
  }
  // Many ASCII names (the table), one repeated late.
  var names = (0..<5000).map { "feature_\($0)" }
  #expect(firstRepeatedName(model(names).features) == nil)
  names.append("feature_4321")
  #expect(firstRepeatedName(model(names).features) == 5000)
  #expect(
    throws: ModelFileError.invalidModel(
      path: "$.features[5000].name", problem: "duplicate feature name \"feature_4321\"")
  ) { try model(names).validate() }
  // Canonically equivalent, different bytes: a duplicate for Swift, so for the check too.
  let composed = ["a", "caf\u{E9}", "b", "cafe\u{301}"]
  #expect(firstRepeatedName(model(composed).features) == 3)
  #expect(firstRepeatedName(model(["a", "b", "A", "ab", ""]).features) == nil)
  #expect(firstRepeatedName(model(["", "x", ""]).features) == 2)
}
