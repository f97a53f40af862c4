import NNModel
import NNTestSupport

@testable import NNInterop

/// Models and handcrafted files for the interop tests, beside the shared ``Fixtures``.
extension Fixtures {
  /// ``Fixtures/gender(_:)`` with what an exporter must carry beyond the defaults: a feature
  /// scale other than 1 (the ONNX graph gets a `Div`) and a threshold other than 0.5.
  static func scaledGender(_ scalarType: ScalarType = .float64) -> Model {
    var model = gender(scalarType)
    model.features[1].normalization = Normalization(shift: 66.1, scale: 3.7)
    model.output = OutputSpec(task: .binary(threshold: 0.4, negative: "M", positive: "F"))
    return model
  }

  /// A network with every activation, depth `hidden.count`.
  static func chain(
    _ activations: [Activation], widths: [Int], scalarType: ScalarType,
    task: OutputSpec.Kind = .regression
  ) -> Model {
    var layers: [DenseLayer] = []
    var seed = 1.0
    for k in 0..<activations.count {
      let (inputs, units) = (widths[k], widths[k + 1])
      let weights = (0..<(inputs * units)).map { j -> Double in
        seed += 1
        return (seed * 0.7321).truncatingRemainder(dividingBy: 2) - 1
      }
      let biases = (0..<units).map { Double($0) / 10 - 0.05 }
      layers.append(
        DenseLayer(
          activation: activations[k], inputs: inputs, units: units, weights: weights,
          biases: biases, scalarType: scalarType))
    }
    return Model(
      features: (0..<widths[0]).map { Feature(name: "f\($0)") }, layers: layers,
      output: OutputSpec(task: task))
  }

  /// An ONNX file without its `metadata_props`: what the graph alone says.
  static func strippingMetadata(_ bytes: [UInt8]) throws -> [UInt8] {
    try bytes.withUnsafeBytes { raw throws(InteropError) -> [UInt8] in
      var reader = ProtoReader(raw, range: 0..<raw.count)
      var out: [UInt8] = []
      while let (field, wire, offset) = try reader.nextField() {
        try reader.skip(wire)
        if field != ONNXField.Model.metadataProps { out += raw[offset..<reader.index] }
      }
      return out
    }
  }

  // MARK: Handcrafted ONNX

  static func tensor(
    _ name: String, _ dims: [Int64], floats: [Float], raw: Bool = true, dataType: Int64 = 1
  ) -> ProtoWriter {
    var t = ProtoWriter()
    for d in dims { t.int(ONNXField.Tensor.dims, d) }
    t.int(ONNXField.Tensor.dataType, dataType)
    t.string(ONNXField.Tensor.name, name)
    if raw {
      t.bytesField(ONNXField.Tensor.rawData, count: floats.count * 4) { out in
        for f in floats {
          withUnsafeBytes(of: f.bitPattern.littleEndian) { out.append(contentsOf: $0) }
        }
      }
    } else {
      t.bytesField(ONNXField.Tensor.floatData, count: floats.count * 4) { out in
        for f in floats {
          withUnsafeBytes(of: f.bitPattern.littleEndian) { out.append(contentsOf: $0) }
        }
      }
    }
    return t
  }

  static func node(
    _ op: String, _ inputs: [String], _ output: String, name: String = "",
    ints: [(String, Int64)] = [], floats: [(String, Float)] = []
  ) -> ProtoWriter {
    var n = ProtoWriter()
    for i in inputs { n.string(ONNXField.Node.input, i) }
    n.string(ONNXField.Node.output, output)
    if !name.isEmpty { n.string(ONNXField.Node.name, name) }
    n.string(ONNXField.Node.opType, op)
    for (key, value) in ints {
      var a = ProtoWriter()
      a.string(ONNXField.Attribute.name, key)
      a.int(ONNXField.Attribute.i, value)
      a.int(ONNXField.Attribute.type, 2)
      n.message(ONNXField.Node.attribute, a)
    }
    for (key, value) in floats {
      var a = ProtoWriter()
      a.string(ONNXField.Attribute.name, key)
      a.float(ONNXField.Attribute.f, value)
      a.int(ONNXField.Attribute.type, 1)
      n.message(ONNXField.Node.attribute, a)
    }
    return n
  }

  static func value(_ name: String, width: Int64?) -> ProtoWriter {
    var shape = ProtoWriter()
    var batch = ProtoWriter()
    batch.string(ONNXField.Dimension.param, "batch")
    shape.message(ONNXField.Shape.dim, batch)
    var w = ProtoWriter()
    if let width { w.int(ONNXField.Dimension.value, width) }
    shape.message(ONNXField.Shape.dim, w)
    var tensorType = ProtoWriter()
    tensorType.int(ONNXField.TensorType.elemType, 1)
    tensorType.message(ONNXField.TensorType.shape, shape)
    var type = ProtoWriter()
    type.message(ONNXField.TypeProto.tensorType, tensorType)
    var info = ProtoWriter()
    info.string(ONNXField.ValueInfo.name, name)
    info.message(ONNXField.ValueInfo.type, type)
    return info
  }

  /// A ModelProto from nodes and initializers, input `x` and output `y`.
  static func graph(
    nodes: [ProtoWriter], initializers: [ProtoWriter], width: Int64 = 2, output: String = "y",
    opset: Int64 = 13
  ) -> [UInt8] {
    var graph = ProtoWriter()
    for n in nodes { graph.message(ONNXField.Graph.node, n) }
    graph.string(ONNXField.Graph.name, "handmade")
    for t in initializers { graph.message(ONNXField.Graph.initializer, t) }
    graph.message(ONNXField.Graph.input, value("x", width: width))
    graph.message(ONNXField.Graph.output, value(output, width: nil))
    var model = ProtoWriter()
    model.int(ONNXField.Model.irVersion, 8)
    model.string(ONNXField.Model.producerName, "tests")
    model.message(ONNXField.Model.graph, graph)
    var set = ProtoWriter()
    set.int(ONNXField.OperatorSetID.version, opset)
    model.message(ONNXField.Model.opsetImport, set)
    return model.bytes
  }

  /// tf2onnx's layout of a 2-3-1 network: Identity, Sub/Div normalization, MatMul+Add, Relu,
  /// MatMul+Add, Sigmoid, Cast.
  static func tf2onnxStyle() -> [UInt8] {
    graph(
      nodes: [
        node("Identity", ["x"], "x0"),
        node("Sub", ["x0", "mean"], "x1"),
        node("Div", ["x1", "std"], "x2"),
        node("MatMul", ["x2", "W0"], "h0"),
        node("Add", ["h0", "b0"], "h1"),
        node("Relu", ["h1"], "h2", name: "relu"),
        node("MatMul", ["h2", "W1"], "o0"),
        node("Add", ["b1", "o0"], "o1"),
        node("Sigmoid", ["o1"], "o2"),
        node("Cast", ["o2"], "y", ints: [("to", 1)]),
      ],
      initializers: [
        tensor("mean", [2], floats: [10, 20]),
        tensor("std", [1, 2], floats: [2, 4]),
        tensor("W0", [2, 3], floats: [1, 2, 3, 4, 5, 6]),
        tensor("b0", [3], floats: [0.5, 0.25, 0.125], raw: false),
        tensor("W1", [3, 1], floats: [1, -1, 2]),
        tensor("b1", [1], floats: [-1]),
      ])
  }
}
