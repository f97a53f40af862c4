/// A caller asked for a tensor's elements as a type other than the one the file stores
/// (``MappedModel/withElements(of:as:_:)``): `f32` tensors are read as `Float`, `f64` as
/// `Double`.
public struct ElementTypeError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The element type the file stores.
  public var stored: ScalarType
  /// The Swift type asked for, such as `"Float16"`.
  public var requested: String

  /// Creates the error.
  public init(stored: ScalarType, requested: String) {
    self.stored = stored
    self.requested = requested
  }

  /// The Swift type that reads `scalarType` in place.
  public static func swiftTypeName(of scalarType: ScalarType) -> String {
    switch scalarType {
    case .float32: "Float"
    case .float64: "Double"
    }
  }

  /// A stable identifier, as ``ModelFileError/code``: `"element-type"`.
  public var code: String { "element-type" }

  /// One line: `the tensor holds f32 elements (read them as Float), not Double`.
  public var description: String {
    "the tensor holds \(stored.rawValue) elements (read them as \(Self.swiftTypeName(of: stored))), "
      + "not \(requested)"
  }
}
