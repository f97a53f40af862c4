import NNEngine
import NNModel
import NNTestSupport
import Testing

@testable import NNInterop

/// Output normalization (format 1.1) leaves as explicit steps — ONNX `Mul`/`Add` nodes after
/// the last activation, one more diagonal `Linear` in safetensors — and comes back exactly.
@Suite struct OutputNormalizationTests {
  static let activations: [Activation] = [
    .sigmoid, .tanh, .relu, .leakyReLU, .softmax, .identity,
  ]

  /// A regression network with output normalization whose output layer has `activation`.
  static func model(_ activation: Activation, _ scalarType: ScalarType, outputs: Int = 2) -> Model {
    var model = Fixtures.chain(
      [.tanh, activation], widths: [3, 4, outputs], scalarType: scalarType)
    // Shifts and scales that f32 cannot hold exactly: the exact values must come back.
    let maps = [
      Normalization(shift: 151.33333333333334, scale: 40.1),
      Normalization(shift: -2, scale: 0.3),
      Normalization(shift: 1e-7, scale: -7),
    ]
    model.output.normalization = Array(maps.prefix(outputs))
    return model
  }

  @Test(arguments: activations, [ScalarType.float32, .float64])
  func onnxRoundTripIsExact(activation: Activation, scalarType: ScalarType) throws {
    let model = Self.model(activation, scalarType)
    let imported = try ONNX.read(bytes: try ONNX.encode(model))
    #expect(imported.model == model)
    #expect(imported.notes.isEmpty)
  }

  @Test(arguments: activations, [ScalarType.float32, .float64])
  func safetensorsRoundTripIsExact(activation: Activation, scalarType: ScalarType) throws {
    let model = Self.model(activation, scalarType)
    #expect(try Safetensors.read(bytes: try Safetensors.encode(model)).model == model)
  }

  @Test func leakyReLUOrIdentityWithAScaleOfTheSlope() throws {
    // One output scaled by 0.01 after an f64 layer: a Mul by 0.01 that is not a leaky ReLU.
    for activation in [Activation.leakyReLU, .identity] {
      var model = Self.model(activation, .float64, outputs: 1)
      model.output.normalization = [Normalization(shift: 3, scale: Activation.leakyReLUSlope)]
      #expect(try ONNX.read(bytes: try ONNX.encode(model)).model == model)
      let graphOnly = try ONNX.read(bytes: try Fixtures.strippingMetadata(ONNX.encode(model)))
      #expect(graphOnly.model.layers == model.layers)
      #expect(graphOnly.model.output.normalization == model.output.normalization)
    }
  }

  @Test func theGraphEndsWithNamedMulAndAdd() throws {
    let model = Self.model(.sigmoid, .float32)
    let bytes = try ONNX.encode(model)
    let document = try bytes.withUnsafeBytes { raw throws(InteropError) in try ONNXDocument(raw) }
    #expect(
      document.nodes.map(\.opType) == ["Gemm", "Tanh", "Gemm", "Sigmoid", "Mul", "Add"])
    #expect(document.nodes.suffix(2).map(\.name) == ["output_scale", "output_shift"])
    #expect(document.nodes.last?.outputs == ["output"])
    let scale = try #require(document.initializers.first { $0.name == ONNXFormat.outputScale })
    #expect(scale.dims == [2] && scale.dataType == ONNXDataType.float)
    let values = try bytes.withUnsafeBytes { raw throws(InteropError) in
      try scale.storage(in: raw).doubles
    }
    #expect(values == [Double(Float(40.1)), Double(Float(0.3))])
  }

  @Test(arguments: [ScalarType.float32, .float64])
  func theGraphAloneGivesTheConstantsInItsDtype(scalarType: ScalarType) throws {
    let model = Self.model(.relu, scalarType)
    let imported = try ONNX.read(
      bytes: try Fixtures.strippingMetadata(ONNX.encode(model)),
      options: ImportOptions(features: ["f0", "f1", "f2"]))
    #expect(imported.model.layers == model.layers)
    let expected = model.output.normalization.map {
      Normalization(
        shift: scalarType == .float32 ? Double(Float($0.shift)) : $0.shift,
        scale: scalarType == .float32 ? Double(Float($0.scale)) : $0.scale)
    }
    #expect(imported.model.output.normalization == expected)
    #expect(imported.model.output.task == .regression)
    let network = try AnyNetwork(model: imported.model)
    let original = try AnyNetwork(model: model)
    let tolerance = scalarType == .float32 ? 1e-6 : 0
    for x in [[0.0, 1, 2], [-3, 0.5, 7]] {
      for (a, b) in try zip(network.answer(raw: x), original.answer(raw: x)) {
        #expect(abs(a - b) <= tolerance * max(1, abs(b)))
      }
    }
  }

  @Test func metadataThatStatesOtherConstantsIsIgnoredWithANote() throws {
    let model = Self.model(.identity, .float64)
    var other = model
    other.output.normalization[0].shift += 1
    // The graph of `model` with the META document of `other`.
    let graph = try Fixtures.strippingMetadata(ONNX.encode(model))
    let imported = try ONNX.read(bytes: graph + metadataProps(of: other))
    #expect(imported.notes.contains { $0.contains("ignored the nnkit metadata") })
    #expect(imported.model.output.normalization == model.output.normalization)
  }

  /// The `metadata_props` fields of `model`'s export, as bytes.
  func metadataProps(of model: Model) throws -> [UInt8] {
    var fields = ProtoWriter()
    for (key, value) in ONNXExporter(model: model).metadataProperties() {
      var entry = ProtoWriter()
      entry.string(ONNXField.StringStringEntry.key, key)
      entry.string(ONNXField.StringStringEntry.value, value)
      fields.message(ONNXField.Model.metadataProps, entry)
    }
    return fields.bytes
  }

  // MARK: Foreign graphs

  func foreign(_ tail: [ProtoWriter], constants: [ProtoWriter], output: String = "y")
    -> [UInt8]
  {
    Fixtures.graph(
      nodes: [Fixtures.node("Gemm", ["x", "W", "b"], "z", ints: [("transB", 1)])] + tail,
      initializers: [
        Fixtures.tensor("W", [2, 2], floats: [1, 2, 3, 4]),
        Fixtures.tensor("b", [2], floats: [0.5, -0.5]),
      ] + constants, output: output)
  }

  @Test func foreignTrailingAffineIsTheOutputNormalization() throws {
    let mulAdd = foreign(
      [Fixtures.node("Mul", ["z", "s"], "m"), Fixtures.node("Add", ["t", "m"], "y")],
      constants: [
        Fixtures.tensor("s", [1, 2], floats: [10, 0.5]), Fixtures.tensor("t", [2], floats: [3, 4]),
      ])
    let model = try ONNX.read(bytes: mulAdd).model
    #expect(model.layers.map(\.activation) == [.identity])
    #expect(model.layers[0].biases.doubles == [0.5, -0.5])
    #expect(
      model.output.normalization == [
        Normalization(shift: 3, scale: 10), Normalization(shift: 4, scale: 0.5),
      ])
    let addOnly = foreign(
      [Fixtures.node("Sigmoid", ["z"], "a"), Fixtures.node("Add", ["a", "t"], "y")],
      constants: [Fixtures.tensor("t", [], floats: [100])])
    let shifted = try ONNX.read(bytes: addOnly).model
    #expect(shifted.layers.map(\.activation) == [.sigmoid])
    #expect(shifted.output.task == .regression)
    #expect(
      shifted.output.normalization
        == Array(repeating: Normalization(shift: 100, scale: 1), count: 2))
    let divSub = foreign(
      [Fixtures.node("Div", ["z", "s"], "d"), Fixtures.node("Sub", ["d", "t"], "y")],
      constants: [
        Fixtures.tensor("s", [2], floats: [2, 4]), Fixtures.tensor("t", [2], floats: [1, 1]),
      ])
    #expect(
      try ONNX.read(bytes: divSub).model.output.normalization == [
        Normalization(shift: -1, scale: 0.5), Normalization(shift: -1, scale: 0.25),
      ])
  }

  @Test func foreignConstantsThatAreNotAnOutputNormalizationAreRefused() throws {
    func error(_ bytes: [UInt8], options: ImportOptions = ImportOptions()) -> String {
      do {
        _ = try ONNX.read(bytes: bytes, options: options)
        return ""
      } catch { return error.description }
    }
    // Between layers: the activation after the constant is refused, naming both nodes.
    let between = foreign(
      [Fixtures.node("Mul", ["z", "s"], "m", name: "scale"), Fixtures.node("Relu", ["m"], "y")],
      constants: [Fixtures.tensor("s", [2], floats: [2, 2])])
    #expect(error(between).hasPrefix("node 2 (Relu): follows the constants of node 1 (Mul)"))
    // Per-element, not per-output.
    let matrix = foreign(
      [Fixtures.node("Mul", ["z", "s"], "y")],
      constants: [Fixtures.tensor("s", [2, 2], floats: [1, 2, 3, 4])])
    #expect(error(matrix).contains("is not per-output [unsupported-op]"))
    // A zero scale cannot be inverted.
    let zero = foreign(
      [Fixtures.node("Mul", ["z", "s"], "y")], constants: [Fixtures.tensor("s", [1], floats: [0])])
    #expect(error(zero).contains("degenerate"))
    // A classifier has no output normalization.
    let softmax = foreign(
      [Fixtures.node("Softmax", ["z"], "p"), Fixtures.node("Mul", ["p", "s"], "y", name: "k")],
      constants: [Fixtures.tensor("s", [2], floats: [2, 2])])
    #expect(error(softmax).hasPrefix("node 2 'k' (Mul): per-output constants after the last layer"))
    #expect(error(softmax).contains("--task regression"))
    #expect(
      try ONNX.read(bytes: softmax, options: ImportOptions(task: .regression)).model.output
        .normalization == Array(repeating: Normalization(shift: 0, scale: 2), count: 2))
  }

  // MARK: safetensors

  @Test func safetensorsEndsWithADiagonalLinear() throws {
    let model = Self.model(.sigmoid, .float64)
    #expect(
      Safetensors.pytorchModule(model)
        == "nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2), nn.Sigmoid(), nn.Linear(2, 2))"
    )
    #expect(Safetensors.outputNormalizationIndex([.tanh, .sigmoid]) == 4)
    #expect(Safetensors.outputNormalizationIndex([.tanh, .identity]) == 3)
    let bytes = try Safetensors.encode(model)
    let tensors = try bytes.withUnsafeBytes { raw throws(InteropError) in
      let file = try SafetensorsFile(raw)
      return try ["4.weight", "4.bias"].map { name throws(InteropError) in
        try file.entry(name).map { entry throws(InteropError) in try file.storage(entry).doubles }
      }
    }
    #expect(tensors[0] == [40.1, 0, 0, 0.3])
    #expect(tensors[1] == [151.33333333333334, -2])
  }

  @Test func withoutNnkitMetadataTheLastLinearIsALayer() throws {
    var bytes = try Safetensors.encode(Self.model(.identity, .float64))
    // Blank out `"__metadata__":{…},` (JSON allows the spaces): a plain PyTorch state dict.
    #expect(String(decoding: bytes[8..<64], as: UTF8.self).hasPrefix(#"{"__metadata__":{"#))
    let end = try #require(bytes.ranges(of: Array(#","0.weight":{"#.utf8)).last)
    // From the key after `{` to the comma before the first tensor, inclusive.
    bytes.replaceSubrange(
      9...end.lowerBound, with: Array(repeating: 0x20, count: end.lowerBound - 8))
    let chain = try Safetensors.read(
      bytes: bytes, options: ImportOptions(activation: .tanh, outputActivation: .identity)
    ).model
    // The activations come from the options, as for any state dict.
    #expect(chain.layers.map(\.activation) == [.tanh, .tanh, .identity])
    #expect(chain.layers[2].weights.doubles == [40.1, 0, 0, 0.3])
    #expect(chain.layers[2].biases.doubles == [151.33333333333334, -2])
    #expect(chain.output.normalization.isEmpty)
  }

  @Test func aTrainedDiagonalIsRefused() throws {
    let model = Self.model(.identity, .float64)
    var bytes = try Safetensors.encode(model)
    // The data ends with 3.weight [2, 2] then 3.bias [2], in f64: set weight[0][1] to 1.
    let offDiagonal = bytes.count - 2 * 8 - 3 * 8
    withUnsafeBytes(of: (1.0).bitPattern.littleEndian) {
      bytes.replaceSubrange(offDiagonal..<offDiagonal + 8, with: $0)
    }
    #expect {
      try Safetensors.read(bytes: bytes)
    } throws: { error in
      let error = error as? InteropError
      return error?.code == "output-normalization" && error?.place == .tensor("3.weight")
    }
  }
}
