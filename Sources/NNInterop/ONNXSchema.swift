/// Field numbers and enumerations of `onnx.proto` (onnx/onnx, `onnx/onnx.proto`), in one place.
/// Only the fields nnkit reads or writes are named; the reader skips the others.
enum ONNXField {
  enum Model {
    static let irVersion: UInt32 = 1
    static let producerName: UInt32 = 2
    static let producerVersion: UInt32 = 3
    static let docString: UInt32 = 6
    static let graph: UInt32 = 7
    static let opsetImport: UInt32 = 8
    static let metadataProps: UInt32 = 14
  }
  enum OperatorSetID {
    static let domain: UInt32 = 1
    static let version: UInt32 = 2
  }
  enum StringStringEntry {
    static let key: UInt32 = 1
    static let value: UInt32 = 2
  }
  enum Graph {
    static let node: UInt32 = 1
    static let name: UInt32 = 2
    static let initializer: UInt32 = 5
    static let docString: UInt32 = 10
    static let input: UInt32 = 11
    static let output: UInt32 = 12
    static let sparseInitializer: UInt32 = 15
  }
  enum Node {
    static let input: UInt32 = 1
    static let output: UInt32 = 2
    static let name: UInt32 = 3
    static let opType: UInt32 = 4
    static let attribute: UInt32 = 5
    static let domain: UInt32 = 7
  }
  enum Attribute {
    static let name: UInt32 = 1
    static let f: UInt32 = 2
    static let i: UInt32 = 3
    static let s: UInt32 = 4
    static let t: UInt32 = 5
    static let ints: UInt32 = 8
    static let type: UInt32 = 20
    static let refAttrName: UInt32 = 21
  }
  enum Tensor {
    static let dims: UInt32 = 1
    static let dataType: UInt32 = 2
    static let segment: UInt32 = 3
    static let floatData: UInt32 = 4
    static let int32Data: UInt32 = 5
    static let stringData: UInt32 = 6
    static let int64Data: UInt32 = 7
    static let name: UInt32 = 8
    static let rawData: UInt32 = 9
    static let doubleData: UInt32 = 10
    static let externalData: UInt32 = 13
    static let dataLocation: UInt32 = 14
  }
  enum ValueInfo {
    static let name: UInt32 = 1
    static let type: UInt32 = 2
  }
  enum TypeProto {
    static let tensorType: UInt32 = 1
  }
  enum TensorType {
    static let elemType: UInt32 = 1
    static let shape: UInt32 = 2
  }
  enum Shape {
    static let dim: UInt32 = 1
  }
  enum Dimension {
    static let value: UInt32 = 1
    static let param: UInt32 = 2
  }
}

/// `TensorProto.DataType` values nnkit handles.
enum ONNXDataType {
  static let float: Int64 = 1
  static let int32: Int64 = 6
  static let int64: Int64 = 7
  static let string: Int64 = 8
  static let float16: Int64 = 10
  static let double: Int64 = 11
  static let bfloat16: Int64 = 16

  static func name(_ code: Int64) -> String {
    switch code {
    case 1: "FLOAT"
    case 2: "UINT8"
    case 3: "INT8"
    case 6: "INT32"
    case 7: "INT64"
    case 8: "STRING"
    case 9: "BOOL"
    case 10: "FLOAT16"
    case 11: "DOUBLE"
    case 16: "BFLOAT16"
    default: "data type \(code)"
    }
  }
}

/// `AttributeProto.AttributeType` values.
enum ONNXAttributeType {
  static let float: Int64 = 1
  static let int: Int64 = 2
  static let string: Int64 = 3
  static let tensor: Int64 = 4
  static let ints: Int64 = 7
}

/// What nnkit stamps on the files it writes, and the limits of what it reads.
public enum ONNXFormat {
  /// The IR version written: 4 is the first in which initializers need not be graph inputs
  /// (so runtimes show one input, not one per weight tensor).
  public static let irVersion: Int64 = 4
  /// The default-domain opset written: 8 is the first whose Max broadcasts and has a DOUBLE
  /// kernel in onnxruntime (f64 leaky ReLU is written as `Max(z, Mul(z, 0.01))`, onnxruntime
  /// having no DOUBLE LeakyRelu); Sub, Div, Gemm (7) and Sigmoid, Tanh, Relu, LeakyRelu (6),
  /// Softmax (1) are older.
  public static let opsetVersion: Int64 = 8
  /// The metadata key that holds the model's META document.
  public static let metaKey = "nnkit.meta"
  /// The initializers of the output normalization's per-output `Mul` and `Add` (format 1.1).
  static let outputScale = "output_normalization.scale"
  static let outputShift = "output_normalization.shift"
  /// The most nodes, initializers, graph inputs or outputs a graph may have.
  static let maxGraphEntries = 65_536
  /// The most attributes per node, inputs or outputs per node, and dimensions per tensor.
  static let maxNodeEntries = 64
  /// The most elements of an int64 constant read into memory (shapes, axes).
  static let maxIntegerElements = 64
}
