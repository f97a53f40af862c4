import CNumbers
import Glibc
import Testing

@testable import NNModel

/// Random finite doubles: uniformly random bit patterns (every exponent, subnormals included).
private func randomDoubles(_ count: Int, seed: UInt64) -> [Double] {
  var state = seed
  var values: [Double] = []
  while values.count < count {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    let value = Double(bitPattern: state ^ (state >> 29))
    if value.isFinite { values.append(value) }
  }
  return values
}

/// Edge values: powers of two across the whole range, their neighbours, the extremes, zeros,
/// the subnormal range, and values that are floats.
private let edgeDoubles: [Double] = {
  var values: [Double] = [
    0, -0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude,
    .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 0.1, 0.2, 0.3, 1 / 3, 1e23,
    0x1p53 + 2,
    Double(Float.greatestFiniteMagnitude), Double(Float.leastNonzeroMagnitude),
    Double(Float.leastNormalMagnitude), Double(bitPattern: 0x000F_FFFF_FFFF_FFFF),
    Double(bitPattern: 0x0008_0000_0000_0001),
  ]
  for exponent in -1074...1023 {
    let power = Double(sign: .plus, exponent: exponent, significand: 1)
    values += [power, power.nextUp, power.nextDown, -power]
  }
  return values
}()

@Suite("Numbers in JSON: shortest round trip")
struct NumberRoundTripTests {
  func written(_ value: Double) -> [UInt8] {
    var writer = JSONWriter()
    writer.double(value)
    return writer.bytes
  }

  func written(_ value: Float) -> [UInt8] {
    var writer = JSONWriter()
    writer.inlineFloats([value])
    return Array(writer.bytes.dropFirst().dropLast())
  }

  /// 200,000 random doubles by default, `NNKIT_RANDOM_DOUBLES=N` for N (`docs/benchmarks.md`,
  /// W5j, for the long check).
  @Test("doubles print as `description` and parse back to the same bits")
  func doubles() {
    let count = getenv("NNKIT_RANDOM_DOUBLES").flatMap { Int(String(cString: $0)) } ?? 200_000
    for value in edgeDoubles + randomDoubles(count, seed: 1) {
      let bytes = written(value)
      #expect(bytes == Array(value.description.utf8), "\(value)")
      let back = bytes.withUnsafeBufferPointer { NumberText.double($0) }
      #expect(back.bitPattern == value.bitPattern, "\(value)")
    }
  }

  @Test("floats print as `description` and parse back to the same bits")
  func floats() {
    var state: UInt32 = 7
    var values: [Float] = [
      0, -0.0, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, 0.1,
      16_777_216, Float(bitPattern: 0x0025_0000),
    ]
    for exponent in -149...127 {
      values.append(Float(sign: .plus, exponent: exponent, significand: 1))
    }
    while values.count < 200_000 {
      state = state &* 1_664_525 &+ 1_013_904_223
      let value = Float(bitPattern: state)
      if value.isFinite { values.append(value) }
    }
    for value in values {
      let bytes = written(value)
      #expect(bytes == Array(value.description.utf8), "\(value)")
      let back = bytes.withUnsafeBufferPointer { NumberText.float($0) }
      #expect(back.bitPattern == value.bitPattern, "\(value)")
    }
  }

  @Test("decimal text of up to 19 digits and any exponent converts as strtod does")
  func decimalTextMatchesStrtod() {
    var state: UInt64 = 99
    func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state ^ (state >> 31)
    }
    var texts = [
      "1e23", "8.98846567431158e307", "9007199254740993", "9007199254740993e3", "2.5e-324",
      "4.9406564584124654e-324", "2.2250738585072011e-308", "2.2250738585072014e-308",
      "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308",
      "7.2057594037927933e16", "1e-342", "1e-343", "1e308", "1e309", "0.000000000000000001",
      "9999999999999999999", "9999999999999999999e-324", "1234567890123456789e-30",
      "0.000123", "100.5", "0", "-0.0", "0.0e0", "123.456e-7", "18446744073709551616",
      "18446744073709551616e-30", "0.1000000000000000055511151231257827", "1.0000000000000000001",
      "0.00000000000000000000123456789012345678", "-120034.0056e+12",
    ]
    for _ in 0..<200_000 {
      let digits = Int(next() % 19) + 1
      var mantissa = ""
      for k in 0..<digits { mantissa += String(k == 0 ? next() % 9 + 1 : next() % 10) }
      let exponent = Int(next() % 680) - 360
      texts.append("\(mantissa)e\(exponent)")
    }
    var undecided = 0
    for text in texts {
      let bytes = Array(text.utf8)
      let fast = bytes.withUnsafeBufferPointer { NumberText.double($0) }
      let slow = bytes.withUnsafeBufferPointer {
        $0.withMemoryRebound(to: CChar.self) { nn_parse_double($0.baseAddress!, $0.count) }
      }
      #expect(fast.bitPattern == slow.bitPattern, "\(text)")
      if let digits = UInt64(text.prefix { $0 != "e" }),
        let exponent = Int(text.drop { $0 != "e" }.dropFirst()),
        digits != 0, NumberText.eiselLemire(digits, exponent) == nil
      {
        undecided += 1
      }
    }
    // Only subnormal results (about 5% of these exponents) and rare halfway cases fall back.
    #expect(undecided < texts.count / 10, "\(undecided) of \(texts.count) fell back")
  }
}
