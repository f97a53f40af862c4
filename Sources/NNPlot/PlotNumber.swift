/// Number text for pictures: fixed decimals, no locale, no Foundation, the same bytes on every
/// machine.
///
/// `printf` would depend on the C library's rounding and the locale's decimal point; this
/// formatter rounds `value · 10^decimals` to the nearest integer (halves away from zero) and
/// writes its digits, so a tick at 0.30000000000000004 prints as `0.3`.
public enum PlotNumber {
  /// `value` with exactly `decimals` digits after the point: `fixed(2.5, decimals: 2)` is
  /// `"2.50"`. Negative zero prints as `0`; non-finite values as `nan`, `inf`, `-inf`.
  /// Values too large for exact integer rounding (|v|·10^d ≥ 2^53) print with no decimals.
  public static func fixed(_ value: Double, decimals: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : value < 0 ? "-inf" : "inf" }
    let decimals = max(0, min(12, decimals))
    var power = 1.0
    for _ in 0..<decimals { power *= 10 }
    let scaled = (abs(value) * power).rounded(.toNearestOrAwayFromZero)
    guard scaled < 9_007_199_254_740_992 else {
      let whole = abs(value).rounded(.toNearestOrAwayFromZero)
      return (value < 0 ? "-" : "") + integerDigits(whole)
    }
    let integer = UInt64(scaled)
    let divisor = UInt64(power)
    var text = String(integer / divisor)
    if decimals > 0 {
      let fraction = String(integer % divisor)
      text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
    return (value < 0 && integer != 0 ? "-" : "") + text
  }

  /// ``fixed(_:decimals:)`` without trailing zeros or a trailing point: `12.5`, `3`, `0.25`.
  /// Coordinates in SVG files use it with two decimals.
  public static func compact(_ value: Double, decimals: Int = 2) -> String {
    var text = fixed(value, decimals: decimals)
    guard text.contains("."), value.isFinite else { return text }
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text == "-0" ? "0" : text
  }

  /// `value` with about `significantDigits` significant digits for labels: `0.0389`, `128`,
  /// `1.2e6`, `3e-5`. Plain decimals between 10⁻⁴ and 10⁶, else `MANTISSAeEXPONENT`.
  public static func short(_ value: Double, significantDigits: Int = 3) -> String {
    guard value.isFinite else { return fixed(value, decimals: 0) }
    if value == 0 { return "0" }
    let digits = max(1, min(15, significantDigits))
    var exponent = decimalExponent(abs(value))
    // Rounding may carry into the next power of ten (9.996 → 10.0).
    let mantissa = abs(value) / power10(exponent)
    if (mantissa * power10(digits - 1)).rounded(.toNearestOrAwayFromZero)
      >= power10(digits)
    {
      exponent += 1
    }
    if exponent >= -4 && exponent < 6 {
      return compact(value, decimals: max(0, digits - 1 - exponent))
    }
    let scaled = value / power10(exponent)
    return compact(scaled, decimals: digits - 1) + "e" + String(exponent)
  }

  /// `floor(log10(value))` for a positive finite value, exact at powers of ten.
  static func decimalExponent(_ value: Double) -> Int {
    var exponent = Int((log10Approximation(value)).rounded(.down))
    while power10(exponent) > value { exponent -= 1 }
    while power10(exponent + 1) <= value { exponent += 1 }
    return exponent
  }

  /// 10^exponent by repeated multiplication (exact for the exponents labels use).
  static func power10(_ exponent: Int) -> Double {
    var result = 1.0
    if exponent >= 0 {
      for _ in 0..<exponent { result *= 10 }
    } else {
      for _ in 0..<(-exponent) { result /= 10 }
    }
    return result
  }

  /// log₁₀ from the binary exponent and a short series: close enough to start the exact
  /// search in ``decimalExponent(_:)``, without libm.
  static func log10Approximation(_ value: Double) -> Double {
    Double(value.exponent) * 0.301_029_995_663_981_2
      + (value.significand - 1) * 0.434_294_481_903_251_8
  }

  private static func integerDigits(_ whole: Double) -> String {
    // Beyond 2^53 every Double is an integer; Swift prints it without a fraction in
    // exponent form, which is deterministic.
    whole < 1.8e19 ? String(UInt64(whole)) : whole.description
  }
}
