import NNModel

/// Writes a model as an ONNX graph:
///
///     input [N, F] ─ Sub(shift) ─ Div(scale) ─ Gemm(W, b, transB=1) ─ activation ─ …
///       ─ Mul(output scale) ─ Add(output shift) ─ output
///
/// FLOAT for f32 models, DOUBLE for f64; the batch dimension is the symbol `N`. Sub and Div
/// appear only when some feature's normalization needs them; Mul and Add only when the model
/// has output normalization (format 1.1), whatever the last activation; an identity
/// activation has no node. `metadata_props` hold the META document (key `nnkit.meta`) and, for people and tools
/// that read them, the features, units, labels, task and threshold.
struct ONNXExporter {
  let model: Model

  var elementType: Int64 {
    model.scalarType == .float32 ? ONNXDataType.float : ONNXDataType.double
  }

  func encode() -> ChunkedWriter {
    var file = ProtoWriter()
    file.int(ONNXField.Model.irVersion, ONNXFormat.irVersion)
    file.string(ONNXField.Model.producerName, "nnkit")
    if let description = model.description {
      file.string(ONNXField.Model.docString, description)
    }
    var graph = ChunkedWriter()
    var current = "input"
    let width = model.inputCount
    let lastTensor = "output"
    let outputNormalization = model.output.normalization
    func next(_ name: String, isLast: Bool) -> String {
      isLast && outputNormalization.isEmpty ? lastTensor : name
    }
    let layerCount = model.layers.count

    let shifts = model.features.map(\.normalization.shift)
    let scales = model.features.map(\.normalization.scale)
    if shifts.contains(where: { $0 != 0 }) {
      graph.message(ONNXField.Graph.initializer, tensor("normalization.shift", [width], shifts))
      graph.message(
        ONNXField.Graph.node,
        node(
          "Sub", name: "normalization.sub", inputs: [current, "normalization.shift"],
          output: "normalization.shifted"))
      current = "normalization.shifted"
    }
    if scales.contains(where: { $0 != 1 }) {
      graph.message(ONNXField.Graph.initializer, tensor("normalization.scale", [width], scales))
      graph.message(
        ONNXField.Graph.node,
        node(
          "Div", name: "normalization.div", inputs: [current, "normalization.scale"],
          output: "normalization.scaled"))
      current = "normalization.scaled"
    }
    for (k, layer) in model.layers.enumerated() {
      let isLast = k == layerCount - 1
      let prefix = "layers.\(k)"
      graph.message(ONNXField.Graph.initializer, tensor(prefix + ".weight", layer.weights))
      graph.message(ONNXField.Graph.initializer, tensor(prefix + ".bias", layer.biases))
      let linear = next(prefix + ".linear", isLast: isLast && layer.activation == .identity)
      var gemm = node(
        "Gemm", name: prefix + ".gemm", inputs: [current, prefix + ".weight", prefix + ".bias"],
        output: linear)
      gemm.message(ONNXField.Node.attribute, intAttribute("transB", 1))
      graph.message(ONNXField.Graph.node, gemm)
      current = linear
      if layer.activation == .leakyReLU && model.scalarType == .float64 {
        // onnxruntime has no DOUBLE kernel for LeakyRelu: max(z, 0.01·z) is the same function.
        let out = next(prefix + ".out", isLast: isLast)
        graph.message(
          ONNXField.Graph.initializer,
          tensor(prefix + ".slope", [1], [Activation.leakyReLUSlope]))
        graph.message(
          ONNXField.Graph.node,
          node(
            "Mul", name: prefix + ".leaky_relu.mul", inputs: [current, prefix + ".slope"],
            output: prefix + ".scaled"))
        graph.message(
          ONNXField.Graph.node,
          node(
            "Max", name: prefix + ".leaky_relu.max", inputs: [current, prefix + ".scaled"],
            output: out))
        current = out
      } else if layer.activation != .identity {
        let op = Self.operatorName(layer.activation)
        let out = next(prefix + ".out", isLast: isLast)
        var activation = node(
          op, name: prefix + "." + op.lowercased(), inputs: [current], output: out)
        switch layer.activation {
        case .leakyReLU:
          activation.message(
            ONNXField.Node.attribute, floatAttribute("alpha", Float(Activation.leakyReLUSlope)))
        case .softmax:
          activation.message(ONNXField.Node.attribute, intAttribute("axis", 1))
        default: break
        }
        graph.message(ONNXField.Graph.node, activation)
        current = out
      }
    }
    if !outputNormalization.isEmpty {
      // y = y′ · scale + shift, per output, in the targets' units.
      let count = [outputNormalization.count]
      graph.message(
        ONNXField.Graph.initializer,
        tensor(ONNXFormat.outputScale, count, outputNormalization.map(\.scale)))
      graph.message(
        ONNXField.Graph.initializer,
        tensor(ONNXFormat.outputShift, count, outputNormalization.map(\.shift)))
      graph.message(
        ONNXField.Graph.node,
        node(
          "Mul", name: "output_scale", inputs: [current, ONNXFormat.outputScale],
          output: "output.scaled"))
      graph.message(
        ONNXField.Graph.node,
        node(
          "Add", name: "output_shift", inputs: ["output.scaled", ONNXFormat.outputShift],
          output: lastTensor))
    }
    graph.string(ONNXField.Graph.name, model.name ?? "nnkit")
    graph.message(ONNXField.Graph.input, valueInfo("input", width: width))
    graph.message(ONNXField.Graph.output, valueInfo(lastTensor, width: model.outputCount))
    var opset = ProtoWriter()
    opset.string(ONNXField.OperatorSetID.domain, "")
    opset.int(ONNXField.OperatorSetID.version, ONNXFormat.opsetVersion)
    file.message(ONNXField.Model.opsetImport, opset)
    for (key, value) in metadataProperties() {
      var entry = ProtoWriter()
      entry.string(ONNXField.StringStringEntry.key, key)
      entry.string(ONNXField.StringStringEntry.value, value)
      file.message(ONNXField.Model.metadataProps, entry)
    }
    // The graph last: protobuf has no end marker, so a file cut short anywhere then lacks
    // its graph or ends inside it, and the reader refuses it.
    var whole = ChunkedWriter()
    whole.append(file.bytes)
    whole.message(ONNXField.Model.graph, graph)
    return whole
  }

  /// The ONNX operator of an nnkit activation (not identity).
  static func operatorName(_ activation: Activation) -> String {
    switch activation {
    case .sigmoid: "Sigmoid"
    case .tanh: "Tanh"
    case .relu: "Relu"
    case .leakyReLU: "LeakyRelu"
    case .softmax: "Softmax"
    case .identity: "Identity"
    }
  }

  func metadataProperties() -> [(String, String)] {
    var result: [(String, String)] = []
    result.append(("features", model.features.map(\.name).joined(separator: ",")))
    if model.features.contains(where: { $0.unit != nil }) {
      result.append(("units", model.features.map { $0.unit ?? "" }.joined(separator: ",")))
    }
    switch model.output.task {
    case .regression:
      result.append(("task", "regression"))
    case .binary(let threshold, let negative, let positive):
      result.append(("task", "binary"))
      result.append(("labels", negative + "," + positive))
      result.append(("threshold", threshold.description))
    case .multiclass(let labels):
      result.append(("task", "multiclass"))
      result.append(("labels", labels.joined(separator: ",")))
    }
    result.append((ONNXFormat.metaKey, String(decoding: model.metaDocument, as: UTF8.self)))
    return result
  }

  func node(_ op: String, name: String, inputs: [String], output: String) -> ProtoWriter {
    var node = ProtoWriter()
    for input in inputs { node.string(ONNXField.Node.input, input) }
    node.string(ONNXField.Node.output, output)
    node.string(ONNXField.Node.name, name)
    node.string(ONNXField.Node.opType, op)
    return node
  }

  func intAttribute(_ name: String, _ value: Int64) -> ProtoWriter {
    var attribute = ProtoWriter()
    attribute.string(ONNXField.Attribute.name, name)
    attribute.int(ONNXField.Attribute.i, value)
    attribute.int(ONNXField.Attribute.type, ONNXAttributeType.int)
    return attribute
  }

  func floatAttribute(_ name: String, _ value: Float) -> ProtoWriter {
    var attribute = ProtoWriter()
    attribute.string(ONNXField.Attribute.name, name)
    attribute.float(ONNXField.Attribute.f, value)
    attribute.int(ONNXField.Attribute.type, ONNXAttributeType.float)
    return attribute
  }

  /// A constant in the model's element type from Double values (rounded for f32).
  func tensor(_ name: String, _ shape: [Int], _ values: [Double]) -> ChunkedWriter {
    tensor(name, Tensor(shape: shape, values: values, scalarType: model.scalarType))
  }

  func tensor(_ name: String, _ value: Tensor) -> ChunkedWriter {
    var header = ProtoWriter()
    for dim in value.shape { header.int(ONNXField.Tensor.dims, Int64(dim)) }
    header.int(ONNXField.Tensor.dataType, elementType)
    header.string(ONNXField.Tensor.name, name)
    header.key(ONNXField.Tensor.rawData, .lengthDelimited)
    header.varint(UInt64(value.storage.count * value.scalarType.byteWidth))
    var tensor = ChunkedWriter()
    tensor.append(header.bytes)
    tensor.append(elements: value.storage)
    return tensor
  }

  func valueInfo(_ name: String, width: Int) -> ProtoWriter {
    var shape = ProtoWriter()
    var batch = ProtoWriter()
    batch.string(ONNXField.Dimension.param, "N")
    shape.message(ONNXField.Shape.dim, batch)
    var features = ProtoWriter()
    features.int(ONNXField.Dimension.value, Int64(width))
    shape.message(ONNXField.Shape.dim, features)
    var tensorType = ProtoWriter()
    tensorType.int(ONNXField.TensorType.elemType, elementType)
    tensorType.message(ONNXField.TensorType.shape, shape)
    var type = ProtoWriter()
    type.message(ONNXField.TypeProto.tensorType, tensorType)
    var info = ProtoWriter()
    info.string(ONNXField.ValueInfo.name, name)
    info.message(ONNXField.ValueInfo.type, type)
    return info
  }
}
