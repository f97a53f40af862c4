import CNumbers

/// The shortest decimal text that reads back as the same `Double` (or `Float`), written into a byte
/// buffer, in exactly the layout of Swift's `description` (`0.1`, `100.0`, `-0.0`, `1e-05`,
/// `1e+16`, `9007199254740992.0`, `1.7976931348623157e+308`).
///
/// Digits: the Schubfach method (R. Giulietti, "The Schubfach way to render doubles", 2020).
/// A finite nonzero `v = c·2^q` rounds back from every decimal in its rounding interval
/// `R = [(c − ½)·2^q, (c + ½)·2^q]` (`c − ¼` below a power of two; the ends included when `c`
/// is even, as round-half-even reads them). With `k = ⌊log10(2^q)⌋` (⌊log10(¾·2^q)⌋ below a power
/// of two) the interval is narrower than `10^(k+1)`, so the shortest decimal in `R` is either a
/// multiple of `10^(k+1)` — at most one lies in `R` — or one of `s·10^k`, `(s + 1)·10^k` with
/// `s = ⌊v·10^−k⌋`, the one closer to `v` (the even one on a tie). `v·10^−k` and the ends
/// of `R` come from one 64 × 126-bit product each with the table `nn_shortest_decimal` (10^−k to
/// 126 bits, rounded up), rounded to odd, which keeps every comparison exact. Integers below
/// 2^53 are their own shortest digits.
///
/// Layout (`description`'s): plain decimal with at least one digit after the point when
/// `1e-4 ≤ |v| ≤ 2^53` (and for zero); otherwise one digit, the point and the rest only when
/// there are more, `e`, the sign and at least two exponent digits; for `Float` the same with
/// 2^24. `ShortestDecimalTests` and `NumberRoundTripTests` compare both with `description`.
enum ShortestDecimal {
  /// Bytes `write` may touch: the longest text (`-2.2250738585072014e-308`) is 24 bytes, and
  /// the digits are written with fixed-size stores that can reach 35 bytes past the start.
  static let maxLength = 40

  /// Writes the text of `value` at `out`, which must have room for `maxLength` bytes, and
  /// returns the number of bytes written.
  @inline(__always)
  static func write(_ value: Double, to out: UnsafeMutablePointer<UInt8>) -> Int {
    let bits = value.bitPattern
    let biasedExponent = Int(truncatingIfNeeded: bits >> 52 & 0x7FF)
    if biasedExponent == 0x7FF { return writeDescription(value.description, to: out) }
    return write(
      negative: bits >> 63 != 0, biasedExponent: biasedExponent, fraction: bits & (1 << 52 - 1),
      precision: 53, exponentBias: 1075,
      aboveIntegers: bits & ~(1 << 63) > (0x4340_0000_0000_0000 as UInt64), to: out)
  }

  /// Writes the text of `value` (the shortest decimal that reads back as the same `Float`, as
  /// `Float.description` writes it: plain decimal from 1e-4 to 2^24) at `out`, which must have
  /// room for `maxLength` bytes, and returns the number of bytes written.
  @inline(__always)
  static func write(_ value: Float, to out: UnsafeMutablePointer<UInt8>) -> Int {
    let bits = value.bitPattern
    let biasedExponent = Int(truncatingIfNeeded: bits >> 23 & 0xFF)
    if biasedExponent == 0xFF { return writeDescription(value.description, to: out) }
    return write(
      negative: bits >> 31 != 0, biasedExponent: biasedExponent,
      fraction: UInt64(bits & (1 << 23 - 1)), precision: 24, exponentBias: 150,
      aboveIntegers: bits & 0x7FFF_FFFF > 0x4B80_0000, to: out)
  }

  /// The printer for either precision: `value = c·2^q` with `c = 2^(precision−1) + fraction`,
  /// `q = biasedExponent − exponentBias` (subnormals: `c = fraction`, `q = 1 − exponentBias`);
  /// `aboveIntegers` when |value| exceeds 2^precision, where `description` switches to
  /// exponential notation.
  @inline(__always)
  private static func write(
    negative: Bool, biasedExponent: Int, fraction: UInt64, precision: Int, exponentBias: Int,
    aboveIntegers: Bool, to out: UnsafeMutablePointer<UInt8>
  ) -> Int {
    var p = out
    if negative {
      p.pointee = UInt8(ascii: "-")
      p += 1
    }
    var significand: UInt64
    var exponent: Int
    if biasedExponent != 0 {
      let c = 1 << UInt64(precision - 1) | fraction
      let q = biasedExponent - exponentBias
      if q < 0 && q > -precision && (c >> UInt64(-q)) << UInt64(-q) == c {
        (significand, exponent) = (c >> UInt64(-q), 0)  // an integer below 2^precision
      } else {
        (significand, exponent) = digits(c, q, irregular: fraction == 0 && biasedExponent > 1)
      }
    } else if fraction != 0 {
      (significand, exponent) = digits(fraction, 1 - exponentBias, irregular: false)
    } else {
      p[0] = UInt8(ascii: "0")
      p[1] = UInt8(ascii: ".")
      p[2] = UInt8(ascii: "0")
      return p + 3 - out
    }
    removeTrailingZeros(&significand, &exponent)
    let count = decimalDigitCount(significand)
    // value = 0.d1…dn · 10^pointPosition; the digits left-aligned in 17 places.
    let pointPosition = exponent + count
    let digits = significand &* nn_powers_of_ten()[17 - count]
    if pointPosition < -3 || aboveIntegers {
      return p + writeExponential(digits, count, pointPosition - 1, to: p) - out
    }
    return p + writeDecimal(digits, count, pointPosition, to: p) - out
  }

  /// `description`'s text for infinities and NaNs, which model files never hold.
  private static func writeDescription(_ text: String, to out: UnsafeMutablePointer<UInt8>) -> Int {
    var count = 0
    for byte in text.utf8.prefix(maxLength) {
      out[count] = byte
      count += 1
    }
    return count
  }

  /// The shortest (then closest) decimal `significand·10^exponent` in the rounding interval of
  /// `c·2^q` (Schubfach; see the type's comment).
  @inline(__always)
  static func digits(_ c: UInt64, _ q: Int, irregular: Bool) -> (UInt64, Int) {
    let odd = c & 1
    let cb = c << 2
    let cbr = cb + 2
    let cbl: UInt64
    let k: Int
    if irregular {
      cbl = cb - 1
      k = (q &* 661_971_961_083 &- 274_743_187_321) >> 41  // ⌊log10(¾·2^q)⌋
    } else {
      cbl = cb - 2
      k = (q &* 661_971_961_083) >> 41  // ⌊log10(2^q)⌋
    }
    let h = UInt64(truncatingIfNeeded: q + ((-k &* 913_124_641_741) >> 38) + 2)  // ⌊log2(10^−k)⌋
    let entry = nn_shortest_decimal() + 2 * (292 - k)
    let g1 = entry[0]
    let g0 = entry[1]
    let vb = roundToOdd(g1, g0, cb << h)
    let vbl = roundToOdd(g1, g0, cbl << h)
    let vbr = roundToOdd(g1, g0, cbr << h)
    let s = vb >> 2
    if s >= 10 {
      // One digit fewer: the multiple of 10 below s and the one above; at most one is in R.
      // (The paper tests s ≥ 100 because Java wants two digits; `description` wants the
      // shortest, which for the smallest subnormals, s < 100, can be one digit.)
      let sp10 = 10 * (s / 10)
      let tp10 = sp10 + 10
      let upIn = vbl + odd <= sp10 << 2
      let wpIn = (tp10 << 2) + odd <= vbr
      if upIn != wpIn { return (upIn ? sp10 : tp10, k) }
    }
    // s or t = s + 1, whichever is in R; when both are, the closer to v (the even one on a
    // tie). One of them always is (R is at least 10^k wide), so t is chosen exactly when it is
    // in R and either s is not or t is closer; computed without branches, as the choice is
    // unpredictable.
    let uIn = vbl &+ odd <= s &<< 2
    let wIn = ((s &+ 1) &<< 2) &+ odd <= vbr
    let midpoint = (s &<< 2) &+ 2
    let closerToT = vb > midpoint || (vb == midpoint && s & 1 != 0)
    let pickT = wIn && (!uIn || closerToT)
    return (s &+ (pickT ? 1 : 0), k)
  }

  /// ⌊cp·g / 2^127⌋ rounded to odd (its lowest bit set when anything was dropped), for
  /// g = g1·2^63 + g0.
  @inline(__always)
  private static func roundToOdd(_ g1: UInt64, _ g0: UInt64, _ cp: UInt64) -> UInt64 {
    let mask63: UInt64 = 1 << 63 - 1
    let x1 = g0.multipliedFullWidth(by: cp).high
    let (y1, y0) = g1.multipliedFullWidth(by: cp)
    let z = (y0 >> 1) &+ x1
    let vbp = y1 &+ (z >> 63)
    return vbp | ((z & mask63) &+ mask63) >> 63
  }

  @inline(__always)
  private static func removeTrailingZeros(_ significand: inout UInt64, _ exponent: inout Int) {
    if significand % 10_000_000_000_000_000 == 0 {
      significand /= 10_000_000_000_000_000
      exponent += 16
    }
    if significand % 100_000_000 == 0 {
      significand /= 100_000_000
      exponent += 8
    }
    if significand % 10_000 == 0 {
      significand /= 10_000
      exponent += 4
    }
    if significand % 100 == 0 {
      significand /= 100
      exponent += 2
    }
    if significand % 10 == 0 {
      significand /= 10
      exponent += 1
    }
  }

  /// The number of decimal digits of `n` (1 for 0).
  @inline(__always)
  static func decimalDigitCount(_ n: UInt64) -> Int {
    // ⌊log10 n⌋ from the bit length (1233/4096 ≈ log10 2), corrected by one comparison.
    let bitLength = 64 - (n | 1).leadingZeroBitCount
    let guess = (bitLength * 1233) >> 12
    return guess + (n >= nn_powers_of_ten()[guess] ? 1 : 0)
  }

  /// Writes the 17 digits of `n` < 10^17 (leading zeros included) at `out[0..<17]`, with a
  /// fixed sequence of independent divisions by constants and two-byte stores (no branches).
  @inline(__always)
  private static func write17Digits(_ n: UInt64, to out: UnsafeMutablePointer<UInt8>) {
    let pairTable: UnsafePointer<CChar> = nn_digit_pairs()
    let pairs = UnsafeRawPointer(pairTable)
    @inline(__always) func pair(_ value: UInt64, at offset: Int) {
      let bytes = pairs.loadUnaligned(
        fromByteOffset: 2 * Int(truncatingIfNeeded: value), as: UInt16.self)
      UnsafeMutableRawPointer(out + offset).storeBytes(of: bytes, as: UInt16.self)
    }
    @inline(__always) func eight(_ block: UInt64, at offset: Int) {
      let high = block / 10_000
      let low = block % 10_000
      pair(high / 100, at: offset)
      pair(high % 100, at: offset + 2)
      pair(low / 100, at: offset + 4)
      pair(low % 100, at: offset + 6)
    }
    let rest = n % 10_000_000_000_000_000
    out[0] = 0x30 &+ UInt8(truncatingIfNeeded: n / 10_000_000_000_000_000)
    eight(rest / 100_000_000, at: 1)
    eight(rest % 100_000_000, at: 9)
  }

  /// `d1.d2…dn` then `e±XX`: the digits go one place right of the point's slot, then the first
  /// moves left over it. `digits` holds `count` digits left-aligned in 17.
  @inline(__always)
  private static func writeExponential(
    _ digits: UInt64, _ count: Int, _ exponent: Int, to out: UnsafeMutablePointer<UInt8>
  ) -> Int {
    write17Digits(digits, to: out + 1)
    out[0] = out[1]
    out[1] = UInt8(ascii: ".")
    let length = count > 1 ? count + 1 : 1
    out[length] = UInt8(ascii: "e")
    out[length + 1] = exponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
    let magnitude = exponent < 0 ? -exponent : exponent
    let pairTable: UnsafePointer<CChar> = nn_digit_pairs()
    let pairs = UnsafeRawPointer(pairTable)
    var end = length + 2
    if magnitude >= 100 {
      out[end] = 0x30 &+ UInt8(truncatingIfNeeded: magnitude / 100)
      end += 1
    }
    let last = pairs.loadUnaligned(fromByteOffset: 2 * (magnitude % 100), as: UInt16.self)
    UnsafeMutableRawPointer(out + end).storeBytes(of: last, as: UInt16.self)
    return end + 2
  }

  /// Plain decimal with the point after `pointPosition` digits (−3 ≤ pointPosition ≤ 16):
  /// `0.000d…`, `d…d.d…d` or `d…d00.0`. `digits` holds `count` digits left-aligned in 17, so
  /// the zeros before the point of a large integer are already there.
  @inline(__always)
  private static func writeDecimal(
    _ digits: UInt64, _ count: Int, _ pointPosition: Int, to out: UnsafeMutablePointer<UInt8>
  ) -> Int {
    if pointPosition <= 0 {
      // "0.000000" then the digits over the zeros after the first -pointPosition.
      UnsafeMutableRawPointer(out).storeBytes(
        of: 0x3030_3030_3030_2E30 as UInt64, as: UInt64.self)
      write17Digits(digits, to: out + 2 - pointPosition)
      return 2 - pointPosition + count
    }
    // The digits, then the 16 bytes from the point on moved one place right for the point.
    write17Digits(digits, to: out)
    let tail = UnsafeRawPointer(out + pointPosition).loadUnaligned(as: SIMD16<UInt8>.self)
    UnsafeMutableRawPointer(out + pointPosition + 1).storeBytes(of: tail, as: SIMD16<UInt8>.self)
    out[pointPosition] = UInt8(ascii: ".")
    return max(count, pointPosition + 1) + 1
  }
}

/// The types `ShortestDecimal` prints.
protocol ShortestDecimalPrintable {
  /// Writes `value`'s shortest round-trip text at `out` (room for `ShortestDecimal.maxLength`
  /// bytes) and returns its length.
  static func writeShortest(_ value: Self, to out: UnsafeMutablePointer<UInt8>) -> Int
}

extension Double: ShortestDecimalPrintable {
  @inline(__always)
  static func writeShortest(_ value: Double, to out: UnsafeMutablePointer<UInt8>) -> Int {
    ShortestDecimal.write(value, to: out)
  }
}

extension Float: ShortestDecimalPrintable {
  @inline(__always)
  static func writeShortest(_ value: Float, to out: UnsafeMutablePointer<UInt8>) -> Int {
    ShortestDecimal.write(value, to: out)
  }
}
