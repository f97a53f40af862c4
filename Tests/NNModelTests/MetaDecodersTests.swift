import NNTestSupport
import Testing

@testable import NNModel

// The META document has two decoders: `MetaFastDecoder` for the form writers produce, and the
// general `JSONParser` + `ModelJSONDecoder`, which the fast one hands everything else to. These
// tests check that the fast decoder accepts only what the general one accepts, decodes it to
// the same model, and that every error is still the general decoder's, with its JSON path and
// byte offset.

/// What the general decoder makes of a META document.
private func generalDecode(_ text: [UInt8]) -> Result<Model, ModelFileError> {
  text.withUnsafeBufferPointer { buffer in
    Result { () throws(ModelFileError) -> Model in
      var parser = JSONParser(bytes: buffer)
      let root = try parser.parseDocument()
      var decoder = ModelJSONDecoder(source: buffer, base: 0, target: .meta)
      let model = try decoder.decodeModel(root)
      #expect(
        MetaFastDecoder.decode(buffer, readerVersion: .supported).map { fastTensors in
          describe(fastTensors.1) == describe(decoder.tensors)
        } ?? true, "tensor descriptions differ")
      return model
    }
  }
}

private func fastDecode(_ text: [UInt8]) -> Model? {
  text.withUnsafeBufferPointer { MetaFastDecoder.decode($0, readerVersion: .supported)?.0 }
}

private func describe(_ tensors: [TensorDescription]) -> [String] {
  tensors.map { "\($0.scalarType) \($0.shape) \($0.count) \($0.section) \($0.path)" }
}

/// The error of the public entry point (fast decoder first), or nil.
private func metaError(_ text: [UInt8]) -> ModelFileError? {
  do {
    _ = try Model(metaDocument: text)
    return nil
  } catch {
    return error
  }
}

/// Models whose META the fast decoder must read, covering every optional field.
private func writerModels() -> [Model] {
  var gender = Fixtures.gender()
  gender.metadata = ["author": "tests", "target": "gender", "z": ""]
  var regression = Fixtures.multiclass()
  regression.output = OutputSpec(
    task: .regression, names: ["y1", "y2", "y3"],
    normalization: [
      Normalization(shift: 1.5, scale: -2), Normalization(shift: 0, scale: 1e-300),
      Normalization(shift: -1e300, scale: 3),
    ])
  regression.provenance = Provenance(
    hyperparameters: [:], lossHistory: [], validationLossHistory: [0.5, 0.25],
    createdAt: "2026-12-01T17:00:00Z")
  regression.features[0].name = "température (°C)"
  regression.features[1].unit = "日"
  var wide = Model(
    features: (0..<999).map { Feature(name: "x\($0)") },
    layers: [
      DenseLayer(
        activation: .identity, inputs: 999, units: 7, weights: Array(repeating: 0.5, count: 6993),
        biases: Array(repeating: 0, count: 7), scalarType: .float32)
    ])
  wide.name = "w5"
  var bare = Model(
    features: [Feature(name: "a")],
    layers: [
      DenseLayer(
        activation: .tanh, inputs: 1, units: 2, weights: [1, 2], biases: [0, 0],
        scalarType: .float64),
      DenseLayer(
        activation: .relu, inputs: 2, units: 1, weights: [1, 2], biases: [0], scalarType: .float64),
    ])
  bare.provenance = Provenance()
  return [gender, Fixtures.multiclass(), regression, wide, bare]
}

@Test func fastMetaDecoderReadsWhatWritersProduceAsTheGeneralDecoderDoes() throws {
  for model in writerModels() {
    let meta = model.metaDocument
    let fast = try #require(fastDecode(meta), "fell back on \(model.name ?? "?")")
    let general = try generalDecode(meta).get()
    #expect(fast == general)
    var expected = model
    for k in expected.layers.indices {
      expected.layers[k].weights.storage =
        model.scalarType == .float32 ? .float32([]) : .float64([])
      expected.layers[k].biases.storage = expected.layers[k].weights.storage
    }
    #expect(fast == expected)
  }
}

@Test func fastMetaDecoderLeavesEscapesAndOtherOrdersToTheGeneralDecoder() throws {
  // Escaped map keys and values (the fixture's metadata) and a non-canonical key order.
  let escaped = Fixtures.gender().metaDocument
  #expect(fastDecode(escaped) == nil)
  #expect(try Model(metaDocument: escaped) == generalDecode(escaped).get())
  let reordered = Array(
    String(decoding: Fixtures.multiclass().metaDocument, as: UTF8.self)
      .replacing("\"task\": \"multiclass\",", with: "")
      .replacing("\"names\"", with: "\"task\": \"multiclass\", \"names\"").utf8)
  #expect(fastDecode(reordered) == nil)
  #expect(try Model(metaDocument: reordered) == generalDecode(reordered).get())
}

@Test func fastMetaDecoderAgreesWithTheGeneralOneUnderEveryOneByteChange() {
  // Every position of a document with every optional field, each deleted or replaced by a
  // byte that matters to JSON: whatever the fast decoder accepts, the general decoder accepts
  // with the same result, and every error is the general decoder's.
  var model = writerModels()[0]
  model.layers.removeLast()
  model.output = OutputSpec(task: .regression, names: ["y", "z"])
  model.provenance?.lossHistory = [0.5, 1e-3]
  let meta = model.metaDocument
  let replacements: [UInt8?] = [
    nil, 0x20, 0x22, 0x2C, 0x30, 0x2D, 0x7D, 0x5D, 0x5C, 0x65, 0x78, 0x80, 0x0A,
  ]
  var fastAccepted = 0
  for position in meta.indices {
    for replacement in replacements {
      var text = meta
      if let replacement { text[position] = replacement } else { text.remove(at: position) }
      if text == meta { continue }
      let general = generalDecode(text)
      if let fast = fastDecode(text) {
        fastAccepted += 1
        guard case .success(let model) = general else {
          Issue.record("fast accepts what the general decoder refuses: byte \(position)")
          continue
        }
        #expect(fast == model, "byte \(position)")
      }
      if case .failure(let error) = general {
        #expect(metaError(text) == error, "byte \(position)")
      }
    }
  }
  #expect(fastAccepted > 0)
}

@Test func malformedMetaErrorsNameTheirJSONPathAndOffset() {
  let meta = String(decoding: writerModels()[3].metaDocument, as: UTF8.self)
  func error(replacing old: String, with new: String) -> ModelFileError? {
    #expect(meta.contains(old), "\(old)")
    return metaError(Array(meta.replacing(old, with: new).utf8))
  }
  let cases: [(String, String, String?, String)] = [
    // (old, new, expected JSON path, expected error code)
    (
      "\"name\": \"x5\",\n      \"normalization\": {\n        \"shift\": 0.0,\n        \"scale\": 1.0",
      "\"name\": \"x5\",\n      \"normalization\": {\n        \"shift\": 0.0,\n        \"scale\": 0.0",
      "$.features[5].normalization.scale", "invalid-field"
    ),
    ("\"name\": \"x7\"", "\"name\": \"x7\", \"name\": \"x7\"", "$.features[7]", "duplicate-key"),
    ("\"name\": \"x8\"", "\"name\": \"x8\", \"colour\": \"red\"", "$.features[8]", "invalid-field"),
    ("\"name\": \"x9\"", "\"name\": \"\"", "$.features[9].name", "invalid-field"),
    ("\"name\": \"x10\"", "\"name\": \"x\\u00\"", "$.features[10].name", "json-syntax"),
    ("\"shift\": 0.0", "\"shift\": 00.0", "$.features[0].normalization.shift", "json-syntax"),
    ("\"section\": 2", "\"section\": 3", "$.layers[0].biases.section", "invalid-field"),
    ("\"identity\"", "\"identical\"", "$.layers[0].activation", "invalid-field"),
    ("\"f32\"", "\"f16\"", "$.layers[0].weights.dtype", "invalid-field"),
    ("[7, 999]", "[7, 999, 1]", "$.layers[0].weights.shape", "invalid-field"),
    ("\"task\": \"regression\"", "\"task\": \"ranking\"", "$.output.task", "invalid-field"),
    ("\"metadata\": {}", "\"metadata\": {\"\": \"v\"}", "$.metadata", "invalid-field"),
    (
      "\"metadata\": {}", "\"metadata\": {\"b\": \"1\", \"b\": \"2\"}", "$.metadata",
      "duplicate-key"
    ),
    ("\"metadata\": {}", "\"metadata\": {\"k\": 1}", "$.metadata.k", "invalid-field"),
    ("\"metadata\": {}\n}", "\"metadata\": {}\n}}", "$", "json-syntax"),
  ]
  for (old, new, path, code) in cases {
    let found = error(replacing: old, with: new)
    #expect(found?.path == path, "\(new)")
    #expect(found?.code == code, "\(new)")
    #expect(found?.offset != nil, "\(new)")
  }
  // A byte that is not UTF-8 inside a feature name: the offset is that string's.
  var bytes = Array(meta.utf8)
  let at = bytes.firstRange(of: Array("\"x12\"".utf8))!.lowerBound
  bytes[at + 2] = 0xFF
  let invalid = metaError(bytes)
  #expect(invalid?.code == "json-syntax")
  #expect(invalid?.path == "$.features[12].name")
  #expect(invalid?.offset == at + 1)
}
