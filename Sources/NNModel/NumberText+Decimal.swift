import CNumbers

/// The decimal grammar the tools accept beyond JSON's (CSV cells, typed REPL and command-line
/// numbers), over the same conversion as the JSON numbers: Clinger's exact fast path, then the
/// Eisel–Lemire method, then `strtod` (`nn_parse_double`) for what those cannot decide.
extension NumberText {
  /// The number that starts exactly at `text[start]`, read no further than `text.count`: an
  /// optional sign (`+` or `-`), digits with an optional point (`5`, `5.`, `.5`; at least one
  /// digit) and an optional exponent (`e` or `E`, an optional sign, at least one digit).
  ///
  /// Returns the correctly rounded value and the index just past the number; nil when no number
  /// starts there, when an `e` after it has no digits, or when the value overflows to infinity
  /// (so `nan`, `inf` and hexadecimal are never numbers). `-0` keeps its sign.
  @inlinable @inline(__always)
  package static func decimalPrefix(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> (
    value: Double, end: Int
  )? {
    let count = text.count
    var i = start
    var negative = false
    if i < count && (text[i] == UInt8(ascii: "+") || text[i] == UInt8(ascii: "-")) {
      negative = text[i] == UInt8(ascii: "-")
      i += 1
    }
    var mantissa: UInt64 = 0
    // Past 19 significant digits the mantissa wraps; the count below then takes the slow path.
    // Fractions are read eight digits at a time (SWAR) while eight bytes are digits, integer
    // parts one at a time: in data files they are short, and a failed eight-byte test per
    // integer part made 5-decimal cells (W9) 4% slower than the C parser this replaced.
    @inline(__always) func digits(from start: Int, wide: Bool) -> Int {
      accumulateDigits(text, from: start, into: &mantissa, eightAtATime: wide)
    }
    let firstDigit = i
    var end = digits(from: i, wide: false)
    var digitCount = end - firstDigit
    var exponent = 0
    if end < count && text[end] == UInt8(ascii: ".") {
      let fractionStart = end + 1
      end = digits(from: fractionStart, wide: true)
      digitCount += end - fractionStart
      exponent = fractionStart - end
    }
    guard digitCount > 0 else { return nil }
    var exact = true
    if end < count && text[end] | 0x20 == UInt8(ascii: "e") {
      var j = end + 1
      var sign = 1
      if j < count && text[j] == UInt8(ascii: "-") {
        sign = -1
        j += 1
      } else if j < count && text[j] == UInt8(ascii: "+") {
        j += 1
      }
      let exponentStart = j
      var value = 0
      while j < count {
        let digit = text[j] &- 0x30
        if digit >= 10 { break }
        if value <= 100_000 { value = value * 10 + Int(digit) }
        j += 1
      }
      guard j > exponentStart else { return nil }
      if value > 100_000 { exact = false }
      exponent += sign * value
      end = j
    }
    if digitCount > 19 {  // leading zeros (before or after the point) are not significant
      var significant = digitCount
      var q = firstDigit
      while q < end && (text[q] == 0x30 || text[q] == UInt8(ascii: ".")) {
        if text[q] == 0x30 { significant -= 1 }
        q += 1
      }
      if significant > 19 { exact = false }
    }
    var value: Double
    if exact && mantissa < 1 << 53 && exponent >= -22 && exponent <= 22 {
      value = Double(mantissa)
      value = exponent < 0 ? value / powers[-exponent] : value * powers[exponent]
      if negative { value = -value }
    } else if exact, let converted = eiselLemire(mantissa, exponent) {
      value = negative ? -converted : converted
    } else {
      value = UnsafeBufferPointer(rebasing: text[start..<end]).withMemoryRebound(to: CChar.self) {
        nn_parse_double($0.baseAddress, $0.count)
      }
    }
    guard value.isFinite else { return nil }
    return (value, end)
  }

  /// The whole of `text` as a number of ``decimalPrefix(_:from:)``'s grammar, with optional
  /// blanks (spaces, tabs) around it; nil for anything else.
  @inline(__always)
  package static func decimal(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
    var start = 0
    var end = text.count
    while start < end && (text[start] == 0x20 || text[start] == 0x09) { start += 1 }
    while end > start && (text[end - 1] == 0x20 || text[end - 1] == 0x09) { end -= 1 }
    let trimmed = UnsafeBufferPointer(rebasing: text[..<end])
    guard let (value, stop) = decimalPrefix(trimmed, from: start), stop == end else { return nil }
    return value
  }
}
