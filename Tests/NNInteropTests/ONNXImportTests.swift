import NNEngine
import NNModel
import NNTestSupport
import Testing

@testable import NNInterop

@Suite struct ONNXImportTests {
  @Test func tf2onnxLayout() throws {
    let imported = try ONNX.read(bytes: Fixtures.tf2onnxStyle())
    let model = imported.model
    #expect(model.layers.map(\.activation) == [.relu, .sigmoid])
    // MatMul's [in, out] weights are transposed to nnkit's [out, in].
    #expect(model.layers[0].weights.shape == [3, 2])
    #expect(model.layers[0].weights.doubles == [1, 4, 2, 5, 3, 6])
    #expect(model.layers[0].biases.doubles == [0.5, 0.25, 0.125])
    #expect(model.layers[1].biases.doubles == [-1])
    #expect(
      model.features.map(\.normalization) == [
        Normalization(shift: 10, scale: 2), Normalization(shift: 20, scale: 4),
      ])
    #expect(model.features.map(\.name) == ["x1", "x2"])
    #expect(model.output.task == .binary(threshold: 0.5, negative: "0", positive: "1"))
    #expect(imported.notes.contains { $0.contains("--features") })
  }

  @Test func gemmWithoutTransposeAndAlphaBeta() throws {
    let bytes = Fixtures.graph(
      nodes: [
        Fixtures.node("Flatten", ["x"], "f"),
        Fixtures.node(
          "Gemm", ["f", "W", "b"], "z", ints: [("transB", 0)],
          floats: [("alpha", 2), ("beta", 0.5)]),
        Fixtures.node("Softmax", ["z"], "y", ints: [("axis", 1)]),
      ],
      initializers: [
        Fixtures.tensor("W", [2, 2], floats: [1, 2, 3, 4]),
        Fixtures.tensor("b", [2], floats: [2, 4]),
      ])
    let model = try ONNX.read(bytes: bytes, options: ImportOptions(labels: ["a", "b"])).model
    #expect(model.layers[0].weights.doubles == [2, 6, 4, 8])
    #expect(model.layers[0].biases.doubles == [1, 2])
    #expect(model.output.task == .multiclass(labels: ["a", "b"]))
  }

  @Test func skl2onnxClassLabels() throws {
    var classes = ProtoWriter()
    classes.int(ONNXField.Tensor.dims, 2)
    classes.int(ONNXField.Tensor.dataType, ONNXDataType.string)
    classes.string(ONNXField.Tensor.name, "classes")
    for label in ["cat", "dog"] { classes.string(ONNXField.Tensor.stringData, label) }
    let bytes = Fixtures.graph(
      nodes: [
        Fixtures.node("MatMul", ["x", "W"], "z"),
        Fixtures.node("Softmax", ["z"], "y", ints: [("axis", 1)]),
        Fixtures.node("ArgMax", ["y"], "best"),
        Fixtures.node("ArrayFeatureExtractor", ["classes", "best"], "label"),
      ],
      initializers: [Fixtures.tensor("W", [2, 2], floats: [1, 2, 3, 4]), classes])
    let imported = try ONNX.read(bytes: bytes)
    #expect(imported.model.output.task == .multiclass(labels: ["cat", "dog"]))
    #expect(imported.notes.contains { $0.hasPrefix("ignored 2 node(s)") })
  }

  @Test func valuePreservingNodesAreSkipped() throws {
    var shape = ProtoWriter()
    shape.int(ONNXField.Tensor.dims, 2)
    shape.int(ONNXField.Tensor.dataType, ONNXDataType.int64)
    shape.int(ONNXField.Tensor.int64Data, -1)
    shape.int(ONNXField.Tensor.int64Data, 2)
    var constant = ProtoWriter()
    constant.string(ONNXField.Attribute.name, "value")
    constant.message(ONNXField.Attribute.t, shape)
    var constantNode = Fixtures.node("Constant", [], "shape")
    constantNode.message(ONNXField.Node.attribute, constant)
    let bytes = Fixtures.graph(
      nodes: [
        constantNode,
        Fixtures.node("Flatten", ["x"], "f", ints: [("axis", 1)]),
        Fixtures.node("Reshape", ["f", "shape"], "r"),
        Fixtures.node("Dropout", ["r"], "d"),
        Fixtures.node("Gemm", ["d", "W", "b"], "y", ints: [("transB", 1)]),
      ],
      initializers: [
        Fixtures.tensor("W", [1, 2], floats: [3, 4]), Fixtures.tensor("b", [1], floats: [5]),
      ])
    let model = try ONNX.read(bytes: bytes).model
    #expect(model.layers.count == 1)
    #expect(model.layers[0].weights.doubles == [3, 4])
    #expect(model.layers[0].activation == .identity)
    #expect(model.output.task == .regression)
  }

  @Test func reshapeThatChangesTheWidthIsRefused() throws {
    var shape = ProtoWriter()
    shape.int(ONNXField.Tensor.dims, 2)
    shape.int(ONNXField.Tensor.dataType, ONNXDataType.int64)
    shape.string(ONNXField.Tensor.name, "shape")
    shape.int(ONNXField.Tensor.int64Data, -1)
    shape.int(ONNXField.Tensor.int64Data, 1)
    let bytes = Fixtures.graph(
      nodes: [
        Fixtures.node("Reshape", ["x", "shape"], "r", name: "squash"),
        Fixtures.node("MatMul", ["r", "W"], "y"),
      ],
      initializers: [shape, Fixtures.tensor("W", [2, 1], floats: [1, 1])])
    let error = try #require(failure(bytes))
    #expect(error.description.hasPrefix("node 0 'squash' (Reshape): Reshape to width 1"))
  }

  func failure(_ bytes: [UInt8]) -> InteropError? {
    do {
      _ = try ONNX.read(bytes: bytes)
      return nil
    } catch { return error }
  }

  @Test func unsupportedOpNamesTheNode() throws {
    let bytes = Fixtures.graph(
      nodes: [
        Fixtures.node("Gemm", ["x", "W", "b"], "z", ints: [("transB", 1)]),
        Fixtures.node("Conv", ["z", "W"], "y", name: "conv1"),
      ],
      initializers: [
        Fixtures.tensor("W", [2, 2], floats: [1, 2, 3, 4]),
        Fixtures.tensor("b", [2], floats: [0, 0]),
      ])
    let error = try #require(failure(bytes))
    #expect(error.code == "unsupported-op")
    #expect(error.description.hasPrefix("node 1 'conv1' (Conv): only dense feed-forward networks"))
  }

  @Test func cycleIsRefused() throws {
    let bytes = Fixtures.graph(
      nodes: [
        Fixtures.node("Relu", ["y"], "a"),
        Fixtures.node("Add", ["a", "x"], "y"),
      ],
      initializers: [])
    #expect(failure(bytes)?.code == "graph-cycle")
  }

  @Test func initializerShorterThanShape() throws {
    let bytes = Fixtures.graph(
      nodes: [Fixtures.node("Gemm", ["x", "W"], "y", ints: [("transB", 1)])],
      initializers: [Fixtures.tensor("W", [2, 2], floats: [1, 2, 3])])
    let error = try #require(failure(bytes))
    #expect(error.code == "tensor-size")
    #expect(error.description.contains("tensor 'W'"))
  }

  @Test func twoToTheFortyElementsRefusedBeforeAllocation() throws {
    let bytes = Fixtures.graph(
      nodes: [Fixtures.node("Gemm", ["x", "W"], "y", ints: [("transB", 1)])],
      initializers: [Fixtures.tensor("W", [1 << 20, 1 << 20], floats: [1])])
    #expect(failure(bytes)?.code == "limit-exceeded")
  }

  @Test func hugeDimensionTimesZeroIsRefused() throws {
    // 2^62 × 0 elements: no data to check, but a layer of 2^62 units would need zero biases.
    let bytes = Fixtures.graph(
      nodes: [Fixtures.node("MatMul", ["x", "W"], "y")],
      initializers: [Fixtures.tensor("W", [0, 1 << 62], floats: [])])
    let error = try #require(failure(bytes))
    #expect(error.code == "unsupported-op")
    #expect(error.description.contains("each dimension must be 1 to 1048576"))
  }

  @Test func lengthOfAllOnes() throws {
    // Field 7 (graph), wire type 2, length varint 0xFF… (10 bytes): more than remains.
    let bytes: [UInt8] = [0x3A] + Array(repeating: 0xFF, count: 9) + [0x01]
    #expect(failure(bytes)?.code == "truncated")
    let overlong: [UInt8] = [0x08] + Array(repeating: 0xFF, count: 10) + [0x01]
    #expect(failure(overlong)?.code == "protobuf-varint")
    #expect(failure([0x0B, 0x00])?.code == "protobuf-wire-type")  // a group
    #expect(failure([])?.code == "empty")
  }

  @Test func everyTruncationIsAnErrorWithAnOffset() throws {
    let bytes = try ONNX.encode(Fixtures.scaledGender(.float32))
    for length in stride(from: 0, to: bytes.count, by: 7) {
      let error = failure(Array(bytes[0..<length]))
      #expect(error != nil, "prefix of \(length) bytes")
    }
  }

  @Test func bitFlipsNeverCrash() throws {
    let bytes = try ONNX.encode(Fixtures.scaledGender(.float32))
    var accepted = 0
    for index in stride(from: 0, to: bytes.count, by: 3) {
      for bit in [0, 3, 7] {
        var damaged = bytes
        damaged[index] ^= 1 << UInt8(bit)
        if failure(damaged) == nil { accepted += 1 }
      }
    }
    // Flips inside names and numbers give other valid files; structural ones must fail.
    #expect(accepted < bytes.count)
  }

  @Test func branchIsRefused() throws {
    let bytes = Fixtures.graph(
      nodes: [
        Fixtures.node("MatMul", ["x", "W"], "a"),
        Fixtures.node("Relu", ["a"], "b"),
        Fixtures.node("Add", ["b", "a"], "y", name: "skip"),
      ],
      initializers: [Fixtures.tensor("W", [2, 2], floats: [1, 2, 3, 4])])
    let error = try #require(failure(bytes))
    #expect(error.description.hasPrefix("node 2 'skip' (Add): the graph branches"))
  }

  @Test func leakyReluSlopeMustMatch() throws {
    let bytes = Fixtures.graph(
      nodes: [
        Fixtures.node("MatMul", ["x", "W"], "z"),
        Fixtures.node("LeakyRelu", ["z"], "y", floats: [("alpha", 0.2)]),
      ],
      initializers: [Fixtures.tensor("W", [2, 2], floats: [1, 2, 3, 4])])
    #expect(failure(bytes)?.description.contains("slope 0.01") == true)
  }
}
