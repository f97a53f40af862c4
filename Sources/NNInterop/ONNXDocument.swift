import NNModel

/// A tensor of an ONNX file (an initializer or a constant attribute) whose elements are still
/// in the file's bytes.
struct ONNXTensor {
  var name = ""
  var dims: [Int64] = []
  var dataType: Int64 = 0
  /// Where the TensorProto starts.
  var offset: Int
  var raw: Range<Int>?
  /// Runs of little-endian elements in `float_data` (4 bytes each) or `double_data` (8).
  var floatRuns: [Range<Int>] = []
  var doubleRuns: [Range<Int>] = []
  /// `int64_data` and `int32_data`, for small constants (shapes, axes).
  var integers: [Int64] = []
  /// `string_data` (class labels in skl2onnx graphs).
  var strings: [String] = []
  var isExternal = false
  var isSegmented = false
}

/// A graph node.
struct ONNXNode {
  var index: Int
  var offset: Int
  var name = ""
  var opType = ""
  var domain = ""
  var inputs: [String] = []
  var outputs: [String] = []
  var attributes: [ONNXAttribute] = []

  var place: InteropError.Place { .node(index: index, name: name, op: opType) }

  func attribute(_ name: String) -> ONNXAttribute? { attributes.first { $0.name == name } }
}

/// A node attribute (the kinds nnkit's importer reads; others are kept by name only).
struct ONNXAttribute {
  var name = ""
  var type: Int64 = 0
  var f: Float?
  var i: Int64?
  var s: String?
  var t: ONNXTensor?
  var ints: [Int64] = []
  var isReference = false
}

/// One dimension of a value's declared shape.
enum ONNXDimension: Equatable {
  case value(Int64)
  case parameter(String)
  case unknown
}

/// A graph input or output.
struct ONNXValueInfo {
  var name = ""
  var offset: Int
  /// The tensor element type, nil when the value is not a tensor or has no type.
  var elementType: Int64?
  var isTensor = false
  var shape: [ONNXDimension]?
}

/// The parts of an ONNX ModelProto that nnkit uses. Tensors refer to ranges of the file's bytes.
struct ONNXDocument {
  var irVersion: Int64 = 0
  var opsets: [(domain: String, version: Int64)] = []
  var producerName = ""
  var producerVersion = ""
  var docString = ""
  var metadata: [(key: String, value: String)] = []
  var graphName = ""
  var nodes: [ONNXNode] = []
  var initializers: [ONNXTensor] = []
  var inputs: [ONNXValueInfo] = []
  var outputs: [ONNXValueInfo] = []
  var hasGraph = false

  /// Decodes the message structure of a whole file (not the tensors' elements).
  init(_ bytes: UnsafeRawBufferPointer) throws(InteropError) {
    if bytes.isEmpty { throw InteropError("empty", .file, "the file is empty") }
    var reader = ProtoReader(bytes, range: 0..<bytes.count)
    while let (field, wire, offset) = try reader.nextField() {
      switch field {
      case ONNXField.Model.irVersion:
        try reader.expect(wire, .varint, field: "ModelProto.ir_version", at: offset)
        irVersion = try reader.int64()
      case ONNXField.Model.producerName:
        try reader.expect(wire, .lengthDelimited, field: "ModelProto.producer_name", at: offset)
        producerName = try reader.string()
      case ONNXField.Model.producerVersion:
        try reader.expect(wire, .lengthDelimited, field: "ModelProto.producer_version", at: offset)
        producerVersion = try reader.string()
      case ONNXField.Model.docString:
        try reader.expect(wire, .lengthDelimited, field: "ModelProto.doc_string", at: offset)
        docString = try reader.string()
      case ONNXField.Model.graph:
        try reader.expect(wire, .lengthDelimited, field: "ModelProto.graph", at: offset)
        var graph = try reader.message()
        try decodeGraph(&graph)
        hasGraph = true
      case ONNXField.Model.opsetImport:
        try reader.expect(wire, .lengthDelimited, field: "ModelProto.opset_import", at: offset)
        try checkCount(opsets.count, "opset_import entries", at: offset)
        var entry = try reader.message()
        var domain = ""
        var version: Int64 = 0
        while let (f, w, o) = try entry.nextField() {
          switch f {
          case ONNXField.OperatorSetID.domain:
            try entry.expect(w, .lengthDelimited, field: "OperatorSetIdProto.domain", at: o)
            domain = try entry.string()
          case ONNXField.OperatorSetID.version:
            try entry.expect(w, .varint, field: "OperatorSetIdProto.version", at: o)
            version = try entry.int64()
          default: try entry.skip(w)
          }
        }
        opsets.append((domain, version))
      case ONNXField.Model.metadataProps:
        try reader.expect(wire, .lengthDelimited, field: "ModelProto.metadata_props", at: offset)
        try checkCount(metadata.count, "metadata_props entries", at: offset)
        var entry = try reader.message()
        var key = ""
        var value = ""
        while let (f, w, o) = try entry.nextField() {
          switch f {
          case ONNXField.StringStringEntry.key:
            try entry.expect(w, .lengthDelimited, field: "StringStringEntryProto.key", at: o)
            key = try entry.string()
          case ONNXField.StringStringEntry.value:
            try entry.expect(w, .lengthDelimited, field: "StringStringEntryProto.value", at: o)
            value = try entry.string()
          default: try entry.skip(w)
          }
        }
        metadata.append((key, value))
      default:
        try reader.skip(wire)
      }
    }
    if !hasGraph {
      throw InteropError("no-graph", .file, "not an ONNX model: there is no graph")
    }
  }

  private func checkCount(_ count: Int, _ what: String, at offset: Int) throws(InteropError) {
    if count >= ONNXFormat.maxGraphEntries {
      throw InteropError(
        "limit-exceeded", .byte(offset), "more than \(ONNXFormat.maxGraphEntries) \(what)")
    }
  }

  private mutating func decodeGraph(_ reader: inout ProtoReader) throws(InteropError) {
    while let (field, wire, offset) = try reader.nextField() {
      switch field {
      case ONNXField.Graph.node:
        try reader.expect(wire, .lengthDelimited, field: "GraphProto.node", at: offset)
        try checkCount(nodes.count, "nodes", at: offset)
        var message = try reader.message()
        nodes.append(try Self.decodeNode(&message, index: nodes.count, offset: offset))
      case ONNXField.Graph.name:
        try reader.expect(wire, .lengthDelimited, field: "GraphProto.name", at: offset)
        graphName = try reader.string()
      case ONNXField.Graph.initializer:
        try reader.expect(wire, .lengthDelimited, field: "GraphProto.initializer", at: offset)
        try checkCount(initializers.count, "initializers", at: offset)
        var message = try reader.message()
        initializers.append(try Self.decodeTensor(&message, offset: offset))
      case ONNXField.Graph.sparseInitializer:
        throw InteropError(
          "unsupported-tensor", .byte(offset), "sparse initializers are not supported")
      case ONNXField.Graph.input, ONNXField.Graph.output:
        try reader.expect(wire, .lengthDelimited, field: "GraphProto.input/output", at: offset)
        try checkCount(inputs.count + outputs.count, "graph inputs and outputs", at: offset)
        var message = try reader.message()
        let value = try Self.decodeValueInfo(&message, offset: offset)
        if field == ONNXField.Graph.input { inputs.append(value) } else { outputs.append(value) }
      default:
        try reader.skip(wire)
      }
    }
  }

  static func decodeNode(_ reader: inout ProtoReader, index: Int, offset: Int)
    throws(InteropError) -> ONNXNode
  {
    var node = ONNXNode(index: index, offset: offset)
    while let (field, wire, at) = try reader.nextField() {
      switch field {
      case ONNXField.Node.input, ONNXField.Node.output:
        try reader.expect(wire, .lengthDelimited, field: "NodeProto.input/output", at: at)
        if node.inputs.count + node.outputs.count >= ONNXFormat.maxNodeEntries {
          throw InteropError(
            "limit-exceeded", .byte(at),
            "node \(index) has more than \(ONNXFormat.maxNodeEntries) inputs and outputs")
        }
        let name = try reader.string()
        if field == ONNXField.Node.input {
          node.inputs.append(name)
        } else {
          node.outputs.append(name)
        }
      case ONNXField.Node.name:
        try reader.expect(wire, .lengthDelimited, field: "NodeProto.name", at: at)
        node.name = try reader.string()
      case ONNXField.Node.opType:
        try reader.expect(wire, .lengthDelimited, field: "NodeProto.op_type", at: at)
        node.opType = try reader.string()
      case ONNXField.Node.domain:
        try reader.expect(wire, .lengthDelimited, field: "NodeProto.domain", at: at)
        node.domain = try reader.string()
      case ONNXField.Node.attribute:
        try reader.expect(wire, .lengthDelimited, field: "NodeProto.attribute", at: at)
        if node.attributes.count >= ONNXFormat.maxNodeEntries {
          throw InteropError(
            "limit-exceeded", .byte(at),
            "node \(index) has more than \(ONNXFormat.maxNodeEntries) attributes")
        }
        var message = try reader.message()
        node.attributes.append(try decodeAttribute(&message))
      default:
        try reader.skip(wire)
      }
    }
    return node
  }

  static func decodeAttribute(_ reader: inout ProtoReader) throws(InteropError) -> ONNXAttribute {
    var attribute = ONNXAttribute()
    while let (field, wire, at) = try reader.nextField() {
      switch field {
      case ONNXField.Attribute.name:
        try reader.expect(wire, .lengthDelimited, field: "AttributeProto.name", at: at)
        attribute.name = try reader.string()
      case ONNXField.Attribute.type:
        try reader.expect(wire, .varint, field: "AttributeProto.type", at: at)
        attribute.type = try reader.int64()
      case ONNXField.Attribute.f:
        try reader.expect(wire, .fixed32, field: "AttributeProto.f", at: at)
        attribute.f = Float(bitPattern: try reader.fixed32())
      case ONNXField.Attribute.i:
        try reader.expect(wire, .varint, field: "AttributeProto.i", at: at)
        attribute.i = try reader.int64()
      case ONNXField.Attribute.s:
        try reader.expect(wire, .lengthDelimited, field: "AttributeProto.s", at: at)
        attribute.s = try reader.string()
      case ONNXField.Attribute.t:
        try reader.expect(wire, .lengthDelimited, field: "AttributeProto.t", at: at)
        var message = try reader.message()
        attribute.t = try decodeTensor(&message, offset: at)
      case ONNXField.Attribute.ints:
        try reader.int64s(
          wire, limit: ONNXFormat.maxNodeEntries, field: "AttributeProto.ints", at: at,
          into: &attribute.ints)
      case ONNXField.Attribute.refAttrName:
        attribute.isReference = true
        try reader.skip(wire)
      default:
        try reader.skip(wire)
      }
    }
    return attribute
  }

  static func decodeTensor(_ reader: inout ProtoReader, offset: Int) throws(InteropError)
    -> ONNXTensor
  {
    var tensor = ONNXTensor(offset: offset)
    while let (field, wire, at) = try reader.nextField() {
      switch field {
      case ONNXField.Tensor.dims:
        try reader.int64s(
          wire, limit: ONNXFormat.maxNodeEntries, field: "TensorProto.dims", at: at,
          into: &tensor.dims)
      case ONNXField.Tensor.dataType:
        try reader.expect(wire, .varint, field: "TensorProto.data_type", at: at)
        tensor.dataType = try reader.int64()
      case ONNXField.Tensor.segment:
        tensor.isSegmented = true
        try reader.skip(wire)
      case ONNXField.Tensor.floatData, ONNXField.Tensor.doubleData:
        let width = field == ONNXField.Tensor.floatData ? 4 : 8
        let range: Range<Int>
        switch wire {
        case .lengthDelimited:
          range = try reader.lengthDelimited()
          if range.count % width != 0 {
            throw InteropError(
              "tensor-size", .byte(at),
              "packed \(width == 4 ? "float_data" : "double_data") of \(range.count) bytes "
                + "is not a whole number of elements")
          }
        case .fixed32 where width == 4:
          let start = reader.index
          _ = try reader.fixed32()
          range = start..<reader.index
        case .fixed64 where width == 8:
          let start = reader.index
          _ = try reader.fixed64()
          range = start..<reader.index
        default:
          throw InteropError(
            "protobuf-wire-type", .byte(at),
            "TensorProto field \(field) has wire type \(wire.rawValue)")
        }
        if width == 4 { tensor.floatRuns.append(range) } else { tensor.doubleRuns.append(range) }
      case ONNXField.Tensor.int32Data, ONNXField.Tensor.int64Data:
        try reader.int64s(
          wire, limit: ONNXFormat.maxIntegerElements, field: "TensorProto integer data", at: at,
          into: &tensor.integers)
      case ONNXField.Tensor.stringData:
        try reader.expect(wire, .lengthDelimited, field: "TensorProto.string_data", at: at)
        if tensor.strings.count >= ONNXFormat.maxGraphEntries {
          throw InteropError(
            "limit-exceeded", .byte(at), "more than \(ONNXFormat.maxGraphEntries) strings")
        }
        tensor.strings.append(try reader.string())
      case ONNXField.Tensor.name:
        try reader.expect(wire, .lengthDelimited, field: "TensorProto.name", at: at)
        tensor.name = try reader.string()
      case ONNXField.Tensor.rawData:
        try reader.expect(wire, .lengthDelimited, field: "TensorProto.raw_data", at: at)
        tensor.raw = try reader.lengthDelimited()
      case ONNXField.Tensor.externalData:
        tensor.isExternal = true
        try reader.skip(wire)
      case ONNXField.Tensor.dataLocation:
        try reader.expect(wire, .varint, field: "TensorProto.data_location", at: at)
        if try reader.varint() == 1 { tensor.isExternal = true }
      default:
        try reader.skip(wire)
      }
    }
    return tensor
  }

  static func decodeValueInfo(_ reader: inout ProtoReader, offset: Int) throws(InteropError)
    -> ONNXValueInfo
  {
    var value = ONNXValueInfo(offset: offset)
    while let (field, wire, at) = try reader.nextField() {
      switch field {
      case ONNXField.ValueInfo.name:
        try reader.expect(wire, .lengthDelimited, field: "ValueInfoProto.name", at: at)
        value.name = try reader.string()
      case ONNXField.ValueInfo.type:
        try reader.expect(wire, .lengthDelimited, field: "ValueInfoProto.type", at: at)
        var type = try reader.message()
        while let (f, w, o) = try type.nextField() {
          guard f == ONNXField.TypeProto.tensorType else {
            try type.skip(w)
            continue
          }
          try type.expect(w, .lengthDelimited, field: "TypeProto.tensor_type", at: o)
          value.isTensor = true
          var tensorType = try type.message()
          while let (tf, tw, to) = try tensorType.nextField() {
            switch tf {
            case ONNXField.TensorType.elemType:
              try tensorType.expect(tw, .varint, field: "TypeProto.Tensor.elem_type", at: to)
              value.elementType = try tensorType.int64()
            case ONNXField.TensorType.shape:
              try tensorType.expect(tw, .lengthDelimited, field: "TypeProto.Tensor.shape", at: to)
              var shape = try tensorType.message()
              var dims: [ONNXDimension] = []
              while let (sf, sw, so) = try shape.nextField() {
                guard sf == ONNXField.Shape.dim else {
                  try shape.skip(sw)
                  continue
                }
                try shape.expect(sw, .lengthDelimited, field: "TensorShapeProto.dim", at: so)
                if dims.count >= ONNXFormat.maxNodeEntries {
                  throw InteropError("limit-exceeded", .byte(so), "a shape has too many dimensions")
                }
                var dim = try shape.message()
                var dimension = ONNXDimension.unknown
                while let (df, dw, dof) = try dim.nextField() {
                  switch df {
                  case ONNXField.Dimension.value:
                    try dim.expect(dw, .varint, field: "Dimension.dim_value", at: dof)
                    dimension = .value(try dim.int64())
                  case ONNXField.Dimension.param:
                    try dim.expect(dw, .lengthDelimited, field: "Dimension.dim_param", at: dof)
                    dimension = .parameter(try dim.string())
                  default: try dim.skip(dw)
                  }
                }
                dims.append(dimension)
              }
              value.shape = dims
            default: try tensorType.skip(tw)
            }
          }
        }
      default:
        try reader.skip(wire)
      }
    }
    return value
  }
}
