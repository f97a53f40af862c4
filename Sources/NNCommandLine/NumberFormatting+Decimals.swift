#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

extension NumberFormatting {
  /// `value` with `decimals` places where fixed notation shows it (10⁻³ ≤ |x| < 10⁷), else in
  /// scientific notation with the same number of significant digits; `nil` decimals: the
  /// shortest text that reads back as the same `Double` (Swift's `description`, `1.0`). Zero
  /// prints as `0`.
  ///
  /// The REPL's numbers: five decimals show the tutorial's chain-rule factors exactly as
  /// `-0.95261 × 0.24944 × -0.09035 = 0.02147`.
  public static func decimals(_ value: Double, places: Int?) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : value < 0 ? "-inf" : "inf" }
    if value == 0 { return "0" }
    guard let places else { return value.description }
    let magnitude = value.magnitude
    if magnitude >= 1e-3 && magnitude < 1e7 { return fixed(value, decimals: places) }
    return scientific(value, decimals: max(places - 1, 0))
  }

  /// A value someone typed or set (an input, a target, a learning rate), as short as it reads
  /// back: `128` rather than `128.00000`, `0.05`; otherwise as ``decimals(_:places:)``.
  public static func typed(_ value: Double, places: Int?) -> String {
    if !value.isFinite || value == 0 { return decimals(value, places: places) }
    if value == value.rounded() && value.magnitude < 1e15 { return String(Int64(value)) }
    guard places != nil else { return value.description }
    let short = short(value, significantDigits: 6)
    return Double(short) == value ? short : decimals(value, places: places)
  }

  /// `value` in C's `%.*e` notation with `decimals` digits after the point: `1.2345e-05`.
  public static func scientific(_ value: Double, decimals: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : value < 0 ? "-inf" : "inf" }
    var buffer = [CChar](repeating: 0, count: 64)
    _ = withVaList([Int32(max(0, min(30, decimals))), value]) { arguments in
      buffer.withUnsafeMutableBufferPointer { pointer in
        vsnprintf(pointer.baseAddress, pointer.count, "%.*e", arguments)
      }
    }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
