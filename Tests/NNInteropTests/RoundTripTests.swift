import NNEngine
import NNModel
import NNTestSupport
import Testing

@testable import NNInterop

@Suite struct RoundTripTests {
  static let activations: [Activation] = [.sigmoid, .tanh, .relu, .leakyReLU, .identity]

  @Test(arguments: [ScalarType.float32, .float64])
  func onnxIsLossless(scalarType: ScalarType) throws {
    let model = Fixtures.scaledGender(scalarType)
    let imported = try ONNX.read(bytes: try ONNX.encode(model))
    #expect(imported.model == model)
    #expect(imported.notes.isEmpty)
  }

  @Test(arguments: [ScalarType.float32, .float64])
  func safetensorsIsLossless(scalarType: ScalarType) throws {
    let model = Fixtures.scaledGender(scalarType)
    let imported = try Safetensors.read(bytes: try Safetensors.encode(model))
    #expect(imported.model == model)
  }

  @Test(arguments: activations, [0, 1, 2, 3, 4])
  func everyActivationAndDepth(hidden: Activation, depth: Int) throws {
    for scalarType in [ScalarType.float32, .float64] {
      let widths = [3] + Array(repeating: 4, count: depth) + [2]
      let model = Fixtures.chain(
        Array(repeating: hidden, count: depth) + [.softmax], widths: widths, scalarType: scalarType,
        task: .multiclass(labels: ["a", "b"]))
      #expect(try ONNX.read(bytes: try ONNX.encode(model)).model == model)
      #expect(try Safetensors.read(bytes: try Safetensors.encode(model)).model == model)
    }
  }

  @Test func safetensorsLayoutFollowsTheSpec() throws {
    let model = Fixtures.chain(
      [.relu, .identity, .sigmoid], widths: [2, 3, 3, 1], scalarType: .float32)
    let bytes = try Safetensors.encode(model)
    let headerLength = bytes[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
    #expect((8 + headerLength) % 8 == 0)
    let header = String(decoding: bytes[8..<(8 + headerLength)], as: UTF8.self)
    #expect(header.hasPrefix("{\"__metadata__\":{\"format\":\"pt\","))
    // Linear at 0, ReLU at 1, Linear at 2 (identity has no module), Linear at 3, Sigmoid at 4.
    for name in ["\"0.weight\"", "\"0.bias\"", "\"2.weight\"", "\"3.weight\"", "\"3.bias\""] {
      #expect(header.contains(name))
    }
    #expect(
      Safetensors.pytorchModule(model)
        == "nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 3), nn.Linear(3, 1), nn.Sigmoid())"
    )
    #expect(bytes.count == 8 + headerLength + model.parameterCount * 4)
  }

  @Test func onnxStampsIRAndOpsetAndSymbolicBatch() throws {
    let bytes = try ONNX.encode(Fixtures.scaledGender())
    let document = try bytes.withUnsafeBytes { raw throws(InteropError) in try ONNXDocument(raw) }
    #expect(document.irVersion == ONNXFormat.irVersion)
    #expect(document.opsets.count == 1 && document.opsets[0].version == ONNXFormat.opsetVersion)
    #expect(document.inputs.count == 1)
    #expect(document.inputs[0].shape == [.parameter("N"), .value(2)])
    #expect(document.inputs[0].elementType == ONNXDataType.double)
    #expect(document.nodes.map(\.opType) == ["Sub", "Div", "Gemm", "Sigmoid", "Gemm", "Sigmoid"])
    let keys = document.metadata.map(\.key)
    #expect(keys == ["features", "units", "task", "labels", "threshold", "nnkit.meta"])
  }

  @Test func importWithoutMetadataUsesOptions() throws {
    var model = Fixtures.scaledGender(.float64)
    model.features[1].normalization = Normalization(shift: 66, scale: 4)
    let bytes = try ONNX.encode(model)
    // Drop the metadata: the graph alone must give the same network.
    let stripped = try Fixtures.strippingMetadata(bytes)
    let options = ImportOptions(
      features: ["weight", "height"], units: ["lb", "in"], labels: ["M", "F"], threshold: 0.4)
    let imported = try ONNX.read(bytes: stripped, options: options).model
    #expect(imported.layers == model.layers)
    #expect(imported.features == model.features)
    #expect(imported.output == model.output)
    let network = try AnyNetwork(model: imported)
    let original = try AnyNetwork(model: model)
    #expect(try network.predict(raw: [128, 63]) == original.predict(raw: [128, 63]))
  }
}
