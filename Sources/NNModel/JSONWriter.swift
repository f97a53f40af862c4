import CNumbers

/// Writes the canonical JSON layout of the `.nnm` spec straight into bytes.
///
/// Layout: an object puts each member on its own line, indented two spaces per level, as
/// `"key": value`, members separated by `,`; an empty object is `{}`. An array of objects is laid
/// out the same way; an array of scalars (numbers, strings, booleans) stays on one line as
/// `[a, b, c]`; an empty array is `[]`. The document ends with one line feed. Strings escape
/// `"`, `\` and the control characters U+0000–U+001F (as `\n`, `\r`, `\t`, `\b`, `\f` or
/// `\u00xx`, lower-case hex) and nothing else. Numbers are the shortest decimal that reads
/// back as the same value in the field's precision, in the layout of Swift's `description`
/// (platform-independent), such as `0.1`, `1e-05`, `1e+16`, `-0.0`, `100.0`: doubles printed by
/// `ShortestDecimal` straight into the bytes, floats by the standard library's printer without
/// building a `String`.
package struct JSONWriter {
  package var bytes: [UInt8] = []
  private var level = 0
  private var first = true

  package init(reservingCapacity capacity: Int = 0) {
    bytes.reserveCapacity(capacity)
  }

  private mutating func newline() {
    bytes.append(0x0A)
    for _ in 0..<level {
      bytes.append(0x20)
      bytes.append(0x20)
    }
  }

  mutating func beginObject() {
    bytes.append(UInt8(ascii: "{"))
    level += 1
    first = true
  }

  mutating func endObject() { close(UInt8(ascii: "}")) }

  /// Starts an array laid out one element per line (for arrays of objects).
  mutating func beginBlockArray() {
    bytes.append(UInt8(ascii: "["))
    level += 1
    first = true
  }

  mutating func endBlockArray() { close(UInt8(ascii: "]")) }

  private mutating func close(_ bracket: UInt8) {
    level -= 1
    if !first { newline() }
    bytes.append(bracket)
    first = false
  }

  /// Starts the next element of a block array.
  mutating func element() {
    if !first { bytes.append(UInt8(ascii: ",")) }
    newline()
    first = false
  }

  /// Writes the key of the next member.
  mutating func key(_ key: String) {
    if !first { bytes.append(UInt8(ascii: ",")) }
    newline()
    first = false
    string(key)
    bytes.append(UInt8(ascii: ":"))
    bytes.append(0x20)
  }

  mutating func finishDocument() { bytes.append(0x0A) }

  package mutating func raw(_ text: String) {
    var text = text
    text.withUTF8 { bytes.append(contentsOf: $0) }
  }

  package mutating func string(_ text: String) { appendJSONString(text, to: &bytes) }

  mutating func double(_ value: Double) {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: ShortestDecimal.maxLength) { buffer in
      let count = ShortestDecimal.write(value, to: buffer.baseAddress!)
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<count]))
    }
  }

  package mutating func integer<T: BinaryInteger>(_ value: T) { raw(String(value)) }

  mutating func bool(_ value: Bool) { raw(value ? "true" : "false") }

  /// Writes `values` on one line, `[a, b, c]`, each element by `element`.
  @inline(__always)
  mutating func inlineArray<T>(_ values: [T], _ element: (inout JSONWriter, T) -> Void) {
    bytes.append(UInt8(ascii: "["))
    for (k, value) in values.enumerated() {
      if k > 0 {
        bytes.append(UInt8(ascii: ","))
        bytes.append(0x20)
      }
      element(&self, value)
    }
    bytes.append(UInt8(ascii: "]"))
  }

  mutating func inlineStrings(_ values: [String]) { inlineArray(values) { $0.string($1) } }

  mutating func inlineIntegers(_ values: [Int]) { inlineArray(values) { $0.integer($1) } }

  /// Writes `values` as `inlineArray` does, printed by `ShortestDecimal` into a scratch buffer
  /// that is appended every 1,024 numbers (one `append` per chunk, not per number).
  mutating func inlineDoubles(_ values: [Double]) {
    let chunk = 1024
    let stride = ShortestDecimal.maxLength + 2
    bytes.append(UInt8(ascii: "["))
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: chunk * stride) { scratch in
      let base = scratch.baseAddress!
      var start = 0
      while start < values.count {
        let end = min(start + chunk, values.count)
        var p = base
        for k in start..<end {
          if k > 0 {
            p[0] = UInt8(ascii: ",")
            p[1] = 0x20
            p += 2
          }
          p += ShortestDecimal.write(values[k], to: p)
        }
        bytes.append(contentsOf: UnsafeBufferPointer(start: base, count: p - base))
        start = end
      }
    }
    bytes.append(UInt8(ascii: "]"))
  }

  mutating func inlineFloats(_ values: [Float]) { inlineArray(values) { $1.write(to: &$0) } }
}

/// Numbers go in through `TextOutputStreamable.write(to:)`: the standard library's shortest
/// round-trip printer (the same digits as `description`) hands its ASCII buffer to
/// `_writeASCII`, so no `String` is made per number (a heap allocation for any number longer
/// than 15 characters, most of a weight array's cost).
extension JSONWriter: TextOutputStream {
  package mutating func write(_ string: String) { raw(string) }

  package mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
    bytes.append(contentsOf: buffer)
  }
}

/// Converts validated JSON number text to binary values.
enum NumberText {
  private static let powers: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  ]
  private static let floatPowers: [Float] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
  ]

  /// Decimal mantissa and exponent when the text has at most 19 significant digits.
  private static func decompose(_ text: UnsafeBufferPointer<UInt8>) -> (
    negative: Bool, mantissa: UInt64, exponent: Int
  )? {
    let count = text.count
    let negative = text[0] == UInt8(ascii: "-")
    var i = negative ? 1 : 0
    var mantissa: UInt64 = 0
    // The digits of the integer part, then of the fraction, each in a loop of its own (no
    // per-digit test for the point); past 19 significant digits the mantissa wraps, and the
    // count below sends the text to the slow path.
    @inline(__always) func digits(from start: Int) -> Int {
      var end = start
      while end < count {
        let digit = text[end] &- 0x30
        if digit >= 10 { break }
        mantissa = mantissa &* 10 &+ UInt64(digit)
        end += 1
      }
      return end
    }
    let integerEnd = digits(from: i)
    // JSON allows a leading zero only as the integer part "0", which is not significant.
    let integerIsZero = text[i] == 0x30
    var significant = integerIsZero ? 0 : integerEnd - i
    var exponent = 0
    i = integerEnd
    if i < count && text[i] == UInt8(ascii: ".") {
      i += 1
      let fractionStart = i
      if integerIsZero {  // zeros after "0." are not significant either
        while i < count && text[i] == 0x30 { i += 1 }
      }
      let fractionEnd = digits(from: i)
      significant += fractionEnd - i
      exponent = fractionStart - fractionEnd
      i = fractionEnd
    }
    if significant > 19 { return nil }
    if i < text.count {
      i += 1
      var sign = 1
      if text[i] == UInt8(ascii: "-") {
        sign = -1
        i += 1
      } else if text[i] == UInt8(ascii: "+") {
        i += 1
      }
      var value = 0
      while i < text.count {
        value = value * 10 + Int(text[i] - 0x30)
        if value > 100_000 { return nil }
        i += 1
      }
      exponent += sign * value
    }
    return (negative, mantissa, exponent)
  }

  /// The correctly rounded Double (±infinity when out of range).
  ///
  /// Up to 19 significant digits: Clinger's exact fast path when it applies, else the
  /// Eisel–Lemire method (`eiselLemire`); longer text, subnormal results and the rare cases
  /// the method cannot decide go to the C library's `strtod` (`nn_parse_double`).
  static func double(_ text: UnsafeBufferPointer<UInt8>) -> Double {
    if let (negative, mantissa, exponent) = decompose(text) {
      if mantissa < 1 << 53, exponent >= -22 && exponent <= 22 {
        var value = Double(mantissa)
        value = exponent < 0 ? value / powers[-exponent] : value * powers[exponent]
        return negative ? -value : value
      }
      if let value = eiselLemire(mantissa, exponent) { return negative ? -value : value }
    }
    return text.withMemoryRebound(to: CChar.self) { nn_parse_double($0.baseAddress!, $0.count) }
  }

  /// w · 10^q correctly rounded, for a nonzero w, by the Eisel–Lemire method (Lemire, "Number
  /// Parsing at a Gigabyte per Second", 2021, as in the fast_float library): multiply w,
  /// normalised, by the 128 leading bits of 5^q (`nn_power_of_five`), keep 55 bits and round
  /// to 53, with the power of two from q·log2(10). Nil for a subnormal result and for a result
  /// that might lie exactly halfway between two doubles where the truncated product cannot
  /// tell (the caller then uses `strtod`).
  static func eiselLemire(_ w: UInt64, _ q: Int) -> Double? {
    if w == 0 || q < -342 { return 0 }
    if q > 308 { return .infinity }
    let zeros = w.leadingZeroBitCount
    let normalised = w << zeros
    let entry = nn_power_of_five() + 2 * (q + 342)
    var (high, low) = normalised.multipliedFullWidth(by: entry[0])
    if high & 0x1FF == 0x1FF {  // the 55 bits kept may depend on the next 64 bits of 5^q
      let (carry, _) = normalised.multipliedFullWidth(by: entry[1])
      let (sum, overflow) = low.addingReportingOverflow(carry)
      low = sum
      if overflow { high &+= 1 }
    }
    let upperBit = Int(high >> 63)
    let shift = upperBit + 9
    var mantissa = high >> UInt64(shift)
    // ⌊q·log2(10)⌋ + 63 as ((152170 + 65536)·q) >> 16 + 63, exact for |q| ≤ 1700; + 1023 bias.
    var power2 = (((152_170 + 65_536) * q) >> 16) + 63 + upperBit - zeros + 1023
    if power2 <= 0 { return nil }  // subnormal
    // Exactly halfway is possible only when 5^q fits in 64 bits (q in -4...23) and all the
    // dropped bits are zero: then round to even instead of up.
    if low <= 1, q >= -4, q <= 23, mantissa & 3 == 1, mantissa << UInt64(shift) == high {
      mantissa &= ~1
    }
    mantissa += mantissa & 1
    mantissa >>= 1
    if mantissa >= 1 << 53 {
      mantissa = 1 << 52
      power2 += 1
    }
    mantissa &= ~(1 << 52)
    if power2 >= 0x7FF { return .infinity }
    return Double(bitPattern: UInt64(power2) << 52 | mantissa)
  }

  /// The correctly rounded Float (±infinity when out of range).
  ///
  /// Fast path: when the decimal converts exactly-rounded to a Double `d` (Clinger), `Float(d)`
  /// is the correctly rounded Float unless `d` lies exactly halfway between two Floats (double
  /// rounding could then go the wrong way), so that case takes the slow path.
  static func float(_ text: UnsafeBufferPointer<UInt8>) -> Float {
    if let (negative, mantissa, exponent) = decompose(text), mantissa < 1 << 53,
      exponent >= -22 && exponent <= 22
    {
      var value = Double(mantissa)
      value = exponent < 0 ? value / powers[-exponent] : value * powers[exponent]
      // In the range of normal Floats, a Double is halfway between two Floats exactly when the
      // 29 significand bits a Float lacks are 1000…0; elsewhere take the slow path.
      let bits = value.bitPattern
      let binaryExponent = Int(bits >> 52 & 0x7FF) - 1023
      let safe =
        binaryExponent >= -126 && binaryExponent <= 127 && bits & 0x1FFF_FFFF != 0x1000_0000
      if safe || value == 0 {
        let rounded = Float(value)
        return negative ? -rounded : rounded
      }
    }
    return text.withMemoryRebound(to: CChar.self) { nn_parse_float($0.baseAddress!, $0.count) }
  }

  /// The value of a plain non-negative integer (digits only), or nil when the text has a sign,
  /// fraction or exponent, or exceeds `UInt64.max`.
  static func unsigned(_ text: UnsafeBufferPointer<UInt8>) -> UInt64? {
    var value: UInt64 = 0
    for byte in text {
      guard isDigit(byte) else { return nil }
      let (times10, o1) = value.multipliedReportingOverflow(by: 10)
      let (sum, o2) = times10.addingReportingOverflow(UInt64(byte - 0x30))
      if o1 || o2 { return nil }
      value = sum
    }
    return value
  }
}
