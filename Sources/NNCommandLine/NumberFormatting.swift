import NNModel

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

  /// `value` exactly as stored when that is short, else as ``short(_:significantDigits:)``:
  /// the shortest round-trip text if it needs at most `max(significantDigits, 8)` significant
  /// digits (`141.25`, `66.75`, `135`), else `significantDigits` of them (`15.13`).
  ///
  /// For numbers people set or that come out round (a normalization's shift and scale), where
  /// `141.2` for a stored 141.25 would misstate the model.
  public static func exactIfShort(
    _ value: Double, significantDigits: Int = defaultSignificantDigits
  ) -> String {
    guard value.isFinite else { return nonFinite(value) }
    let exact = roundTrip(value)
    let mantissa = exact.prefix { $0 != "e" && $0 != "E" }.filter(\.isNumber)
    let significant = mantissa.drop { $0 == "0" }.reversed().drop { $0 == "0" }.count
    return significant <= max(significantDigits, 8)
      ? (exact == "-0" ? "0" : exact) : short(value, significantDigits: significantDigits)
  }

  /// `value` as a JSON number with round-trip precision, or `null` when it is not finite
  /// (JSON has no NaN or infinity).
  public static func json(_ value: Double) -> String {
    value.isFinite ? roundTrip(value) : "null"
  }

  /// Parses a decimal number as found in a CSV file: optional spaces around it, an optional
  /// sign, digits with an optional point and exponent. Rejects hexadecimal, `nan`, `inf` and
  /// values that overflow to infinity. (`NumberText.decimal` in NNModel, over the JSON numbers'
  /// parser: the CSV reader calls it on the file's bytes directly.)
  public static func parseDecimal(_ text: some StringProtocol) -> Double? {
    let parsed = text.utf8.withContiguousStorageIfAvailable { parseDecimal(bytes: $0) }
    return parsed ?? parseDecimal(bytes: Array(text.utf8))
  }

  /// ``parseDecimal(_:)`` on UTF-8 bytes.
  public static func parseDecimal(bytes: UnsafeBufferPointer<UInt8>) -> Double? {
    NumberText.decimal(bytes)
  }

  private static func parseDecimal(bytes: [UInt8]) -> Double? {
    bytes.withUnsafeBufferPointer { parseDecimal(bytes: $0) }
  }

  private static func nonFinite(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    return value < 0 ? "-inf" : "inf"
  }
}
