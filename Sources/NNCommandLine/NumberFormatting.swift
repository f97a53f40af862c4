#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// How the tools write numbers: a few significant digits for people, the shortest text that
/// reads back to the same `Double` for programs.
///
/// Neither form depends on the locale, and neither needs Foundation.
public enum NumberFormatting {
  /// The number of significant digits people see by default.
  public static let defaultSignificantDigits = 4

  /// `value` with at most `significantDigits` significant digits, in C's `%g` style: `0.9513`,
  /// `0.03895`, `1.235e+06`, `12`. Non-finite values print as `nan`, `inf` and `-inf`.
  public static func short(_ value: Double, significantDigits: Int = defaultSignificantDigits)
    -> String
  {
    guard value.isFinite else { return nonFinite(value) }
    let digits = max(1, min(17, significantDigits))
    var buffer = [CChar](repeating: 0, count: 64)
    _ = withVaList([Int32(digits), value]) { arguments in
      buffer.withUnsafeMutableBufferPointer { pointer in
        vsnprintf(pointer.baseAddress, pointer.count, "%.*g", arguments)
      }
    }
    let text = String(
      decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return text == "-0" ? "0" : text
  }

  /// `value` with exactly `decimals` digits after the point (`%.3f`), as the tutorial prints its
  /// losses.
  public static func fixed(_ value: Double, decimals: Int) -> String {
    guard value.isFinite else { return nonFinite(value) }
    var buffer = [CChar](repeating: 0, count: 400)
    _ = withVaList([Int32(max(0, min(30, decimals))), value]) { arguments in
      buffer.withUnsafeMutableBufferPointer { pointer in
        vsnprintf(pointer.baseAddress, pointer.count, "%.*f", arguments)
      }
    }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// The shortest decimal text that parses back to exactly `value` (Swift's `description`
  /// algorithm), with integral values written without `.0`: `0.1`, `1e-05`, `5`, `-0`.
  /// Non-finite values print as `nan`, `inf` and `-inf`.
  public static func roundTrip(_ value: Double) -> String {
    guard value.isFinite else { return nonFinite(value) }
    var text = value.description
    if text.hasSuffix(".0") { text.removeLast(2) }
    return text
  }

  /// `value` as a JSON number with round-trip precision, or `null` when it is not finite
  /// (JSON has no NaN or infinity).
  public static func json(_ value: Double) -> String {
    value.isFinite ? roundTrip(value) : "null"
  }

  /// Parses a decimal number as found in a CSV file: optional spaces around it, an optional
  /// sign, digits with an optional point and exponent. Rejects hexadecimal, `nan`, `inf` and
  /// values that overflow to infinity.
  public static func parseDecimal(_ text: some StringProtocol) -> Double? {
    // Works on UTF-8 bytes without copying: this runs once or twice per CSV field.
    let bytes = text.utf8
    var start = bytes.startIndex
    while start < bytes.endIndex, bytes[start] == 0x20 || bytes[start] == 0x09 {
      start = bytes.index(after: start)
    }
    // One forward pass: check the characters, remember where the last non-blank one ends,
    // and reject blanks inside the number.
    var end = start
    var sawDigit = false
    var sawTrailingBlank = false
    var index = start
    while index < bytes.endIndex {
      let byte = bytes[index]
      index = bytes.index(after: index)
      if byte == 0x20 || byte == 0x09 {
        sawTrailingBlank = true
        continue
      }
      guard !sawTrailingBlank else { return nil }
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
      case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"),
        UInt8(ascii: "-"):
        break
      default: return nil
      }
      end = index
    }
    guard sawDigit, let value = Double(text[start..<end]), value.isFinite else { return nil }
    return value
  }

  private static func nonFinite(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    return value < 0 ? "-inf" : "inf"
  }
}
