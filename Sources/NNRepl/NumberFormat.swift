import Glibc

/// How the REPL prints numbers: a fixed number of decimals by default, or the shortest text
/// that reads back as the same Double.
///
/// Five decimals show the tutorial's chain-rule factors exactly as `-0.95261 × 0.24944 ×
/// -0.09035 = 0.02147`. Magnitudes that fixed notation would hide (below 10⁻³ or from 10⁷ up)
/// use scientific notation with the same number of significant digits.
public struct NumberFormat: Sendable, Equatable {
  /// Decimal places; `nil` means full precision (shortest round-trip representation).
  public var decimals: Int?

  /// Creates a format with `decimals` places (`nil`: full precision).
  public init(decimals: Int? = 5) {
    self.decimals = decimals.map { min(max($0, 0), 17) }
  }

  /// Formats a computed value (an activation, a loss, a gradient).
  public func format(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    if value == 0 { return "0" }
    guard let decimals else { return value.description }
    let magnitude = value.magnitude
    if magnitude >= 1e-3 && magnitude < 1e7 {
      return Self.printf("%.\(decimals)f", value)
    }
    return Self.printf("%.\(max(decimals - 1, 0))e", value)
  }

  /// Formats a value the user typed or a setting (an input, a target, a learning rate):
  /// as short as possible, `128` rather than `128.00000`.
  public func compact(_ value: Double) -> String {
    if value.isNaN || value.isInfinite || value == 0 { return format(value) }
    if value == value.rounded() && value.magnitude < 1e15 { return String(Int64(value)) }
    if decimals == nil { return value.description }
    let short = Self.printf("%.6g", value)
    return Double(short) == value ? short : format(value)
  }

  private static func printf(_ pattern: String, _ value: Double) -> String {
    var buffer = [CChar](repeating: 0, count: 64)
    let count = withVaList([value]) { arguments in
      buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, 64, pattern, arguments) }
    }
    guard count > 0 else { return value.description }
    let bytes = buffer.prefix(Int(min(count, 63))).map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
  }
}
