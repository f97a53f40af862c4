/// The element type of a tensor as stored in a model file.
///
/// The raw value is the `dtype` name used in both encodings (format v1 names the dtype in the
/// model description, also in binary files); ``code`` is a compact numeric identifier for
/// in-memory use. Names `f16` and `bf16` (codes 3 and 4) are reserved for later minor versions.
public enum ScalarType: String, CaseIterable, Sendable, Hashable {
  /// IEEE 754 binary32.
  case float32 = "f32"
  /// IEEE 754 binary64.
  case float64 = "f64"

  /// Size of one element in bytes.
  public var byteWidth: Int {
    switch self {
    case .float32: 4
    case .float64: 8
    }
  }

  /// The type's code in the binary encoding.
  public var code: UInt8 {
    switch self {
    case .float32: 1
    case .float64: 2
    }
  }

  /// The type with binary code `code`, or nil for an unknown or reserved code.
  public init?(code: UInt8) {
    switch code {
    case 1: self = .float32
    case 2: self = .float64
    default: return nil
    }
  }
}

/// The elements of a tensor, in their stored precision.
public enum TensorStorage: Sendable, Equatable {
  /// binary32 elements.
  case float32([Float])
  /// binary64 elements.
  case float64([Double])

  /// The element type.
  public var scalarType: ScalarType {
    switch self {
    case .float32: .float32
    case .float64: .float64
    }
  }

  /// The number of elements.
  public var count: Int {
    switch self {
    case .float32(let values): values.count
    case .float64(let values): values.count
    }
  }

  /// The elements widened to Double (exact for both element types).
  public var doubles: [Double] {
    switch self {
    case .float32(let values): values.map(Double.init)
    case .float64(let values): values
    }
  }
}

/// A dense, row-major array of numbers with an explicit shape.
public struct Tensor: Sendable, Equatable {
  /// The extent of each dimension; the product equals `storage.count`.
  public var shape: [Int]
  /// The elements in row-major order.
  public var storage: TensorStorage

  /// Creates a tensor. The caller keeps `shape` and `storage` consistent; ``Model/validate()``
  /// checks it.
  public init(shape: [Int], storage: TensorStorage) {
    self.shape = shape
    self.storage = storage
  }

  /// Creates a tensor of `scalarType` from Double values (rounded to nearest for `float32`).
  public init(shape: [Int], values: [Double], scalarType: ScalarType) {
    self.shape = shape
    switch scalarType {
    case .float32: storage = .float32(values.map { Float($0) })
    case .float64: storage = .float64(values)
    }
  }

  /// The element type.
  public var scalarType: ScalarType { storage.scalarType }

  /// The elements widened to Double.
  public var doubles: [Double] { storage.doubles }

  /// This tensor converted to `scalarType` (rounding to nearest when narrowing).
  public func converted(to scalarType: ScalarType) -> Tensor {
    if scalarType == self.scalarType { return self }
    return Tensor(shape: shape, values: doubles, scalarType: scalarType)
  }
}
