import Testing

@testable import NNModel

/// The tools' decimal grammar (`NumberText.decimal`, `decimalPrefix`: CSV cells, typed numbers)
/// over the JSON numbers' conversion, checked against an independent reference: a plain grammar
/// check, and the standard library's `Double(_:)` (the C library's `strtod`) for the value.
@Suite("Decimal text in the tools' grammar")
struct DecimalTextTests {
  func decimal(_ text: String) -> Double? {
    Array(text.utf8).withUnsafeBufferPointer { NumberText.decimal($0) }
  }

  func prefix(_ text: String, from start: Int = 0) -> (value: Double, end: Int)? {
    Array(text.utf8).withUnsafeBufferPointer { NumberText.decimalPrefix($0, from: start) }
  }

  /// The reference: blanks around `[+-]? digits [. digits] [(e|E) [+-]? digits]` with at least
  /// one mantissa digit, and a finite value.
  func reference(_ text: String) -> Double? {
    let bytes = Array(text.utf8)
    var start = 0
    var end = bytes.count
    while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
    while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
    let body = Array(bytes[start..<end])
    var i = 0
    func isDigit(_ k: Int) -> Bool { k < body.count && body[k] >= 0x30 && body[k] <= 0x39 }
    if i < body.count, body[i] == UInt8(ascii: "+") || body[i] == UInt8(ascii: "-") { i += 1 }
    var mantissaDigits = 0
    while isDigit(i) { (i, mantissaDigits) = (i + 1, mantissaDigits + 1) }
    if i < body.count, body[i] == UInt8(ascii: ".") {
      i += 1
      while isDigit(i) { (i, mantissaDigits) = (i + 1, mantissaDigits + 1) }
    }
    guard mantissaDigits > 0 else { return nil }
    if i < body.count, body[i] == UInt8(ascii: "e") || body[i] == UInt8(ascii: "E") {
      i += 1
      if i < body.count, body[i] == UInt8(ascii: "+") || body[i] == UInt8(ascii: "-") { i += 1 }
      guard isDigit(i) else { return nil }
      while isDigit(i) { i += 1 }
    }
    guard i == body.count, let value = Double(String(decoding: body, as: UTF8.self)),
      value.isFinite
    else { return nil }
    return value
  }

  @Test("random texts read as the reference reads them, bit for bit")
  func randomTexts() {
    var state: UInt64 = 14  // a linear congruential generator (Knuth's MMIX constants)
    func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state
    }
    func below(_ bound: Int) -> Int { Int((next() >> 33) % UInt64(bound)) }
    let pieces = [
      "", "", "-", "+", "0", "00", "7", "12345", "9007199254740993", "00000000000000000000",
      "17976931348623157", "4940656458412465441765687928682213723651", ".", ".", "e", "E",
      "e-", "e+", "308", "309", "-324", "22", "23", "1", " ", "\t", "x", "nan", "inf", "0x1",
    ]
    for _ in 0..<4000 {
      let text = (0..<below(7)).map { _ in pieces[below(pieces.count)] }.joined()
      #expect(decimal(text)?.bitPattern == reference(text)?.bitPattern, "\(text)")
    }
    for _ in 0..<2000 {  // printed doubles of every magnitude, and their neighbours' digits
      let value = Double(bitPattern: next())
      guard value.isFinite else { continue }
      let text = "\(value)"
      #expect(decimal(text)?.bitPattern == value.bitPattern, "\(text)")
      let longer = text.replacing("e", with: "1e")
      #expect(decimal(longer)?.bitPattern == reference(longer)?.bitPattern, "\(longer)")
    }
  }

  @Test("the forms the CSV reader has always accepted, and what it refuses")
  func forms() {
    #expect(decimal("+5") == 5)
    #expect(decimal(".5") == 0.5)
    #expect(decimal("5.") == 5)
    #expect(decimal("-.5e1") == -5)
    #expect(decimal(" \t1.5E+2\t ") == 150)
    #expect(decimal("-0")?.sign == .minus)
    #expect(decimal("-0e400")?.sign == .minus)
    #expect(decimal("4.9e-324") == .leastNonzeroMagnitude)
    #expect(decimal("1e-400") == 0)
    #expect(decimal("1.7976931348623157e308") == .greatestFiniteMagnitude)
    #expect(
      decimal(String(repeating: "1", count: 300) + "e-299")
        == Double("1." + String(repeating: "1", count: 299)))
    for refused in [
      "", " ", "+", "-", ".", "e5", "1e", "1e+", "1 2", "1.2.3", "1e999", "-1e999", "nan", "inf",
      "0x10", "1,5", "١",
    ] {
      #expect(decimal(refused) == nil, "\(refused)")
    }
  }

  @Test("a prefix ends where the number ends, and an exponent without digits refuses it")
  func prefixes() {
    #expect(prefix("1.5,2")?.value == 1.5)
    #expect(prefix("1.5,2")?.end == 3)
    #expect(prefix("x,-2.5e1\n", from: 2)?.value == -25)
    #expect(prefix("x,-2.5e1\n", from: 2)?.end == 8)
    #expect(prefix("0x10")?.end == 1)
    #expect(prefix("12abc")?.end == 2)
    #expect(prefix("1e,") == nil)
    #expect(prefix("1e-x") == nil)
    #expect(prefix(" 1") == nil)
    #expect(prefix("1e999,") == nil)
  }
}
