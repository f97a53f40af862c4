import CNumbers

/// Converts validated JSON number text to binary values.
package enum NumberText {
  @usableFromInline static let powers: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  ]
  private static let floatPowers: [Float] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
  ]

  /// A validated JSON number's decimal mantissa and exponent, read from `text[start...]` up to
  /// the first byte that cannot continue it (`end`); `exact` is false when the text has more
  /// than 19 significant digits or an exponent beyond ±100,000 (the mantissa or exponent may
  /// then be wrong, and the caller takes the slow path on `text[start..<end]`).
  @inline(__always)
  private static func decompose(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> (
    negative: Bool, mantissa: UInt64, exponent: Int, end: Int, exact: Bool
  ) {
    let count = text.count
    let negative = text[start] == UInt8(ascii: "-")
    var i = negative ? start + 1 : start
    var mantissa: UInt64 = 0
    // The digits of the integer part, then of the fraction, each in a loop of its own (no
    // per-digit test for the point); past 19 significant digits the mantissa wraps, and the
    // count below sends the text to the slow path.
    @inline(__always) func digits(from start: Int) -> Int {
      accumulateDigits(text, from: start, into: &mantissa, eightAtATime: true)
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
    var exact = significant <= 19
    if i < count && text[i] | 0x20 == UInt8(ascii: "e") {
      i += 1
      var sign = 1
      if text[i] == UInt8(ascii: "-") {
        sign = -1
        i += 1
      } else if text[i] == UInt8(ascii: "+") {
        i += 1
      }
      var value = 0
      while i < count {
        let digit = text[i] &- 0x30
        if digit >= 10 { break }
        if value <= 100_000 { value = value * 10 + Int(digit) }
        i += 1
      }
      if value > 100_000 { exact = false }
      exponent += sign * value
    }
    return (negative, mantissa, exponent, i, exact)
  }

  /// The correctly rounded Double of the validated JSON number at `text[start...]`, and the
  /// index just past it: one pass over the digits (the JSON decoder's weight arrays).
  @inline(__always)
  static func double(in text: UnsafeBufferPointer<UInt8>, from start: Int) -> (Double, Int) {
    let (negative, mantissa, exponent, end, exact) = decompose(text, from: start)
    if exact {
      if mantissa < 1 << 53, exponent >= -22 && exponent <= 22 {
        var value = Double(mantissa)
        value = exponent < 0 ? value / powers[-exponent] : value * powers[exponent]
        return (negative ? -value : value, end)
      }
      if let value = eiselLemire(mantissa, exponent) { return (negative ? -value : value, end) }
    }
    let slow = UnsafeBufferPointer(rebasing: text[start..<end]).withMemoryRebound(to: CChar.self) {
      nn_parse_double($0.baseAddress, $0.count)
    }
    return (slow, end)
  }

  /// The correctly rounded Double (±infinity when out of range).
  ///
  /// Up to 19 significant digits: Clinger's exact fast path when it applies, else the
  /// Eisel–Lemire method (`eiselLemire`); longer text, subnormal results and the rare cases
  /// the method cannot decide go to the C library's `strtod` (`nn_parse_double`).
  static func double(_ text: UnsafeBufferPointer<UInt8>) -> Double {
    double(in: text, from: 0).0
  }

  /// w · 10^q correctly rounded, for a nonzero w, by the Eisel–Lemire method (Lemire, "Number
  /// Parsing at a Gigabyte per Second", 2021, as in the fast_float library): multiply w,
  /// normalised, by the 128 leading bits of 5^q (`nn_power_of_five`), keep 55 bits and round
  /// to 53, with the power of two from q·log2(10). Nil for a subnormal result and for a result
  /// that might lie exactly halfway between two doubles where the truncated product cannot
  /// tell (the caller then uses `strtod`).
  @usableFromInline static func eiselLemire(_ w: UInt64, _ q: Int) -> Double? {
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
    let (negative, mantissa, exponent, _, exact) = decompose(text, from: 0)
    if exact, mantissa < 1 << 53, exponent >= -22 && exponent <= 22 {
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
    return text.withMemoryRebound(to: CChar.self) { nn_parse_float($0.baseAddress, $0.count) }
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

/// Digits eight at a time in one 64-bit word ("SIMD within a register", as in Lemire's fast
/// number parsing): the JSON parser's grammar check and the decoder's conversion of weight
/// arrays, whose numbers have 16-17 digits.
extension NumberText {
  /// The eight bytes at `text[index..<index + 8]` (which must exist), the first in the low byte.
  @inlinable @inline(__always)
  static func eightBytes(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt64 {
    UInt64(
      littleEndian: UnsafeRawBufferPointer(text).loadUnaligned(
        fromByteOffset: index, as: UInt64.self))
  }

  /// Nonzero bits in the byte of every non-digit of `word` (and perhaps in later bytes): a byte
  /// is a digit when its high nibble is 3 and stays 3 after adding 6. A carry out of a byte
  /// ≥ 0xFA only disturbs the bytes after that non-digit.
  @inlinable @inline(__always)
  static func nonDigitMask(_ word: UInt64) -> UInt64 {
    let nibbles: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
    let threes: UInt64 = 0x3030_3030_3030_3030
    return ((word & nibbles) ^ threes) | (((word &+ 0x0606_0606_0606_0606) & nibbles) ^ threes)
  }

  /// The value of eight ASCII digits, the first the most significant: pairs, then fours, then
  /// all eight, by three multiplications.
  @inlinable @inline(__always)
  static func eightDigitsValue(_ word: UInt64) -> UInt64 {
    var v = word &- 0x3030_3030_3030_3030
    v = (v &* 10) &+ (v >> 8)  // bytes 0, 2, 4, 6: two-digit values
    let low: UInt64 = 0x0000_00FF_0000_00FF
    let first = (v & low) &* (100 &+ (1_000_000 << 32))
    let second = ((v >> 16) & low) &* (1 &+ (10_000 << 32))
    return (first &+ second) >> 32
  }

  /// Appends the digits at `text[start...]` to `mantissa` (× 10 and add, wrapping), eight at a
  /// time while eight bytes are digits when `eightAtATime` (SWAR), then one at a time; returns
  /// the index of the first byte that is not a digit.
  @inlinable @inline(__always)
  static func accumulateDigits(
    _ text: UnsafeBufferPointer<UInt8>, from start: Int, into mantissa: inout UInt64,
    eightAtATime: Bool
  ) -> Int {
    let count = text.count
    var end = start
    while eightAtATime && end &+ 8 <= count {
      let word = eightBytes(text, at: end)
      guard nonDigitMask(word) == 0 else { break }
      mantissa = mantissa &* 100_000_000 &+ eightDigitsValue(word)
      end &+= 8
    }
    while end < count {
      let digit = text[end] &- 0x30
      if digit >= 10 { break }
      mantissa = mantissa &* 10 &+ UInt64(digit)
      end += 1
    }
    return end
  }

  /// The index of the first byte at or after `start` that is not an ASCII digit (`text.count`
  /// when there is none).
  @inline(__always)
  static func endOfDigits(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    var i = start
    while i &+ 8 <= text.count {
      let mask = nonDigitMask(eightBytes(text, at: i))
      if mask != 0 { return i &+ mask.trailingZeroBitCount &>> 3 }
      i &+= 8
    }
    while i < text.count && text[i] &- 0x30 < 10 { i += 1 }
    return i
  }
}
