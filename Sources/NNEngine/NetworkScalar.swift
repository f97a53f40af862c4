import NNModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The element types a ``Network`` computes in: `Float` (binary32) and `Double` (binary64).
///
/// The exponential is nnkit's own (`Exponential.swift`: IEEE arithmetic only, below 0.52 ulp),
/// so sigmoid and softmax layers give the same bits on every platform; `log1p`, `log` and `tanh`
/// (and their `f` variants) come from the C library, so the BCE loss and tanh layers may differ
/// in the last bits between C libraries. Initialisation (``Initialization``) uses only
/// IEEE-exact operations and is bit-identical everywhere.
public protocol NetworkScalar: BinaryFloatingPoint, SIMDScalar, Sendable, Codable {
  /// The model-file element type with the same precision.
  static var scalarType: ScalarType { get }
  /// e^x.
  static func exponential(_ x: Self) -> Self
  /// ln(1 + x), accurate for small x.
  static func logOnePlus(_ x: Self) -> Self
  /// ln(x).
  static func logarithm(_ x: Self) -> Self
  /// tanh(x).
  static func hyperbolicTangent(_ x: Self) -> Self
  /// The elements of `storage` in this precision (rounding to nearest when narrowing).
  static func values(of storage: TensorStorage) -> [Self]
  /// `values` stored as `type` (rounding to nearest when narrowing).
  static func storage(_ values: [Self], as type: ScalarType) -> TensorStorage
}

extension Float: NetworkScalar {
  /// `ScalarType.float32`.
  public static var scalarType: ScalarType { .float32 }
  /// e^x by `Exponential` (computed in double and rounded once; below 0.51 ulp).
  @inlinable public static func exponential(_ x: Float) -> Float { Exponential.float(x) }
  /// `log1pf`.
  @inlinable public static func logOnePlus(_ x: Float) -> Float { log1pf(x) }
  /// `logf`.
  @inlinable public static func logarithm(_ x: Float) -> Float { logf(x) }
  /// `tanhf`.
  @inlinable public static func hyperbolicTangent(_ x: Float) -> Float { tanhf(x) }
  /// The elements as `Float`.
  public static func values(of storage: TensorStorage) -> [Float] {
    switch storage {
    case .float32(let values): values
    case .float64(let values): values.map { Float($0) }
    }
  }
  /// `values` as `type`.
  public static func storage(_ values: [Float], as type: ScalarType) -> TensorStorage {
    switch type {
    case .float32: .float32(values)
    case .float64: .float64(values.map(Double.init))
    }
  }
}

extension Double: NetworkScalar {
  /// `ScalarType.float64`.
  public static var scalarType: ScalarType { .float64 }
  /// e^x by `Exponential` (below 0.52 ulp; the same bits on every platform).
  @inlinable public static func exponential(_ x: Double) -> Double { Exponential.double(x) }
  /// `log1p`.
  @inlinable public static func logOnePlus(_ x: Double) -> Double { log1p(x) }
  /// `log`.
  @inlinable public static func logarithm(_ x: Double) -> Double { log(x) }
  /// `tanh`.
  @inlinable public static func hyperbolicTangent(_ x: Double) -> Double { tanh(x) }
  /// The elements as `Double`.
  public static func values(of storage: TensorStorage) -> [Double] { storage.doubles }
  /// `values` as `type`.
  public static func storage(_ values: [Double], as type: ScalarType) -> TensorStorage {
    switch type {
    case .float32: .float32(values.map { Float($0) })
    case .float64: .float64(values)
    }
  }
}
