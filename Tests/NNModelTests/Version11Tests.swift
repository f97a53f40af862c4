import NNTestSupport
import Testing

@testable import NNModel

/// Format 1.1: output normalization and the validation-loss history, stamped only on files
/// that use them, and refused, not misread, by a 1.0 reader.
@Suite struct Version11Tests {
  let model = GoldenVectors.withOutputNormalization
  let reader10 = ModelReader(behavingAs: .v1)

  @Test func filesThatUseItAreStamped11AndRoundTrip() throws {
    let binary = try model.binaryEncoded()
    #expect(binary[8] == 1 && binary[10] == 1)
    let file = try ModelReader().read(bytes: binary)
    #expect(file.version == .v1point1)
    #expect(file.model == model)
    #expect(file.model.extraSections.isEmpty)  // the gate is the format's, not the model's
    let json = try model.jsonEncoded()
    #expect(json.contains("\"version\": \"1.1\""))
    #expect(json.contains("{\n      \"type\": \"v1.1\",\n      \"required\": true,"))
    #expect(try Model(bytes: Array(json.utf8)) == model)
    #expect(try Model(bytes: Array(json.utf8)).binaryEncoded() == binary)
    // The gate is the section right after the tensors: required and empty.
    let gate = 32 + 32 * 3
    #expect(Array(binary[gate..<gate + 4]) == Array("v1.1".utf8))
    #expect(binary[gate + 4] == 1)
    #expect(binary[gate + 16] == 0)
    // Everything else stays 1.0, byte for byte as before.
    #expect(try Fixtures.gender().binaryEncoded()[10] == 0)
    #expect(ModelWriter().version(for: Fixtures.gender()) == .v1)
  }

  @Test func theAnswerIsTheOutputMappedBack() {
    #expect(model.output.denormalized([1, 2]) == [340, -1])
    #expect(model.output.normalized([340, -1]) == [1, 2])
    #expect(OutputSpec().denormalized([3]) == [3])
  }

  @Test func aReaderOfFormat10RefusesOutputNormalizationNamingTheVersion() throws {
    let binary = try model.binaryEncoded()
    let error = #expect(throws: ModelFileError.self) { try reader10.read(bytes: binary) }
    #expect(error?.code == "unknown-required-section")
    #expect(
      error?.problem
        == "section 3 has type v1.1, which this reader does not know, and is marked required")
    let json = Array(try model.jsonEncoded().utf8)
    let jsonError = #expect(throws: ModelFileError.self) { try reader10.read(bytes: json) }
    #expect(jsonError?.code == "unknown-required-section")
    #expect(jsonError?.problem.contains("type v1.1") == true)
  }

  @Test func aReaderOfFormat10ReadsAValidationHistoryAndSkipsIt() throws {
    var history = Fixtures.gender()
    history.provenance?.validationLossHistory = [0.5, 0.4]
    let binary = try history.binaryEncoded()
    #expect(binary[10] == 1)  // stamped 1.1, but nothing a 1.0 reader must not ignore
    let old = try reader10.read(bytes: binary)
    #expect(old.version == .v1point1)
    #expect(old.model.provenance?.validationLossHistory == [])
    #expect(old.model.provenance?.lossHistory == history.provenance?.lossHistory)
    #expect(try ModelReader().read(bytes: binary).model == history)
  }

  @Test func theGateAndTheNormalizationComeTogether() throws {
    let ungated = GoldenVectors.invalid.first { $0.name == "output-normalization-ungated.nnm" }!
    let error = decodeError(ungated.bytes)
    #expect(error?.code == "invalid-model")
    #expect(error?.path == "$.output.normalization")
    let text = try model.jsonEncoded()
    var plain = model
    plain.output.normalization = []
    let gateOnly = try plain.jsonEncoded().replacing(
      "\"extra_sections\": []",
      with:
        "\"extra_sections\": [\n    {\"type\": \"v1.1\", \"required\": true, \"payload\": \"\"}\n  ]"
    )
    #expect(decodeError(gateOnly)?.code == "invalid-model")
    let notRequired = text.replacing("\"required\": true", with: "\"required\": false")
    #expect(decodeError(notRequired)?.code == "invalid-field")
  }

  @Test func aFileStampedBelowWhatItUsesIsRefused() throws {
    let stamped = GoldenVectors.invalid.first { $0.name == "stamped-below-its-fields.nnm" }!
    let error = decodeError(stamped.bytes)
    #expect(error?.code == "invalid-field")
    #expect(
      error?.description
        == "byte 10: $.version: the file is stamped 1.0 but uses format 1.1 (output "
        + "normalization or a validation-loss history) [invalid-field]")
    var history = Fixtures.gender()
    history.provenance?.validationLossHistory = [0.5]
    let json = try history.jsonEncoded().replacing(
      "\"version\": \"1.1\"", with: "\"version\": \"1.0\"")
    #expect(decodeError(json)?.code == "invalid-field")
  }

  @Test func theGateIsNotAnExtraSection() throws {
    var full = model
    full.extraSections = (0..<NNMFormat.maxExtraSections).map {
      OpaqueSection(type: NNMFormat.typeCode("x\(100 + $0)")!, isRequired: false, payload: [1])
    }
    let binary = try full.binaryEncoded()
    #expect(try Model(bytes: binary) == full)
    #expect(try Model(bytes: Array(try full.jsonEncoded().utf8)).binaryEncoded() == binary)
    var forged = model
    forged.extraSections = [
      OpaqueSection(type: NNMFormat.gateSectionType, isRequired: false, payload: [])
    ]
    #expect(throws: ModelFileError.self) { try forged.validate() }
  }

  @Test func outputNormalizationIsForRegressionOneMapPerOutput() {
    var binary = Fixtures.gender()
    binary.output.normalization = [Normalization(shift: 1, scale: 2)]
    #expect(throws: ModelFileError.self) { try binary.validate() }
    var count = model
    count.output.normalization.removeLast()
    #expect(throws: ModelFileError.self) { try count.validate() }
    var zero = model
    zero.output.normalization[1].scale = 0
    #expect(throws: ModelFileError.self) { try zero.validate() }
  }
}
