import CNumbers
import Testing

@testable import NNModel

/// The hard cases of a shortest-digits printer, each checked against Swift's `description`
/// (an independent implementation) and against parsing back. Millions of random doubles are in
/// `NumberRoundTripTests`; `scripts/shortest_decimal_table.py` checks the table and the
/// logarithm approximations with exact integers.
@Suite("ShortestDecimal: the JSON writer's double printer")
struct ShortestDecimalTests {
  func printed(_ value: Double) -> String {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: ShortestDecimal.maxLength) {
      guard let base = $0.baseAddress else { return "" }
      let count = ShortestDecimal.write(value, to: base)
      return String(decoding: UnsafeBufferPointer(rebasing: $0[..<count]), as: UTF8.self)
    }
  }

  func expectDescription(_ values: [Double]) {
    var mismatches = 0
    for value in values {
      let text = printed(value)
      if text != value.description {
        mismatches += 1
        if mismatches <= 10 { Issue.record("\(value.description): printed \(text)") }
      }
      let back = Array(text.utf8).withUnsafeBufferPointer { NumberText.double($0) }
      if back.bitPattern != value.bitPattern {
        mismatches += 1
        if mismatches <= 10 { Issue.record("\(text) reads back as \(back)") }
      }
    }
    #expect(mismatches == 0)
  }

  @Test("the smallest subnormals, where the shortest text has one or two digits")
  func smallSubnormals() {
    expectDescription((1...50_000).map { Double(bitPattern: $0) })
  }

  @Test("short decimals d·10^e, their neighbours, and the layout's switch points")
  func shortDecimals() {
    var values: [Double] = [1e-4, 1e-4.nextDown, 9.9e-5, 0x1p53, 0x1p53.nextUp, 0x1p53.nextDown]
    for exponent in -325...309 {
      for digits in [1, 2, 3, 5, 7, 9, 17, 25, 99, 123, 4_999, 123_456_789] {
        guard let value = Double("\(digits)e\(exponent)"), value.isFinite, value != 0 else {
          continue
        }
        values += [value, value.nextUp, value.nextDown, -value]
      }
    }
    expectDescription(values)
  }

  @Test("ties: decimals exactly halfway between two doubles (inclusive rounding interval)")
  func halfwayDecimals() {
    // m·2^j = d·10^j with m = d·5^j odd in [2^53, 2^54) lies exactly halfway between two
    // doubles; the one with the even significand includes it in its interval.
    var values: [Double] = []
    var power: UInt64 = 1
    for j in 0...23 {
      for d in stride(from: 1, through: 999, by: 2) {
        let (m, overflow) = power.multipliedReportingOverflow(by: UInt64(d))
        if !overflow, m >= 1 << 53, m < 1 << 54 {
          let near = Double(sign: .plus, exponent: j, significand: Double(m))
          values += [near, near.nextUp, near.nextDown]
        }
      }
      power *= 5
    }
    #expect(values.count > 100)
    expectDescription(values)
  }

  @Test("integers, small fractions and weight-like values")
  func ordinaryValues() {
    var values: [Double] = []
    for i in 0..<20_000 {
      let x = Double(i)
      values += [x, -x, x / 1000, x * 1e-4, x * 1e-5, x * 1e12, x + 0.5]
    }
    expectDescription(values)
  }

  @Test("floats: subnormals, both ends of every binade, short decimals, the layout's switches")
  func floats() {
    var values: [Float] = [16_777_216, 33_554_432, 1e-4, 9.9e-5, Float(1e-4).nextDown, 0, -0.0]
    values += (1...20_000).map { Float(bitPattern: $0) }
    for exponent in UInt32(0)..<255 {
      for fraction in UInt32(0)..<200 {
        values += [exponent << 23 | fraction, exponent << 23 | (0x7F_FFFF - fraction)].map {
          Float(bitPattern: $0)
        }
      }
    }
    for exponent in -46...39 {
      for digits in [1, 3, 7, 25, 123, 4_999, 1_234_567] {
        guard let value = Float("\(digits)e\(exponent)"), value.isFinite, value != 0 else {
          continue
        }
        values += [value, value.nextUp, value.nextDown, -value]
      }
    }
    var mismatches = 0
    for value in values {
      let text = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: ShortestDecimal.maxLength)
      { buffer -> String in
        guard let base = buffer.baseAddress else { return "" }
        let count = ShortestDecimal.write(value, to: base)
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
      }
      let back = Array(text.utf8).withUnsafeBufferPointer { NumberText.float($0) }
      if text != value.description || back.bitPattern != value.bitPattern {
        mismatches += 1
        if mismatches <= 10 { Issue.record("\(value.description): printed \(text)") }
      }
    }
    #expect(mismatches == 0)
  }

  @Test("non-finite values print as `description` does")
  func nonFinite() {
    for value in [Double.infinity, -.infinity, .nan] {
      #expect(printed(value) == value.description)
    }
    var writer = JSONWriter()
    let floats: [Float] = [.infinity, -.infinity, .nan]
    writer.inlineFloats(floats)
    let expected = "[" + floats.map(\.description).joined(separator: ", ") + "]"
    #expect(writer.bytes == Array(expected.utf8))
  }

  @Test("an array longer than the writer's chunk prints as the descriptions joined")
  func inlineArrayAcrossChunks() {
    let values = (0..<2_500).map { Double($0) * 0.37 - 400 }
    var writer = JSONWriter()
    writer.inlineDoubles(values)
    let expected = "[" + values.map(\.description).joined(separator: ", ") + "]"
    #expect(String(decoding: writer.bytes, as: UTF8.self) == expected)
    var empty = JSONWriter()
    empty.inlineDoubles([])
    #expect(empty.bytes == Array("[]".utf8))
  }
}
