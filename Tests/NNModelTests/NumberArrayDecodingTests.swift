import CNumbers
import NNTestSupport
import Testing

@testable import NNModel

/// The JSON decoder's f64 weight arrays, converted in one pass that also finds each number's
/// end (`NumberText.double(in:from:)`): every spelling the grammar allows, the slow paths, and
/// the located error for a number out of range.
@Suite("JSON decoding of f64 weight arrays")
struct NumberArrayDecodingTests {
  /// The gender model's JSON with its first layer's weights replaced by `weights` (four
  /// numbers' text, spaced as given).
  func document(weights: String) throws -> [UInt8] {
    let text = try Fixtures.gender().jsonEncoded()
    let original = "[0.1, -0.2, 1e-300, -0.0]"
    #expect(text.contains(original))
    return Array(text.replacing(original, with: weights).utf8)
  }

  func strtod(_ text: String) -> Double {
    Array(text.utf8).withUnsafeBufferPointer {
      $0.withMemoryRebound(to: CChar.self) { nn_parse_double($0.baseAddress, $0.count) }
    }
  }

  @Test(
    "every spelling reads as strtod reads it",
    arguments: [
      ["0", "-0.0", "1E5", "2e+3"],
      ["123456789012345678901234567890", "-0.000000000000000000000000001234", "1e-400", "7e22"],
      ["0.1000000000000000055511151231257827", "4.9406564584124654e-324", "1e308", "-5e-324"],
      ["1.7976931348623157e308", "2.2250738585072011e-308", "9007199254740993", "1e-00005"],
    ])
  func spellings(_ numbers: [String]) throws {
    let bytes = try document(weights: "[ " + numbers.joined(separator: " ,\n\t") + " ]")
    let model = try Model(bytes: bytes)
    guard case .float64(let values) = model.layers[0].weights.storage else {
      Issue.record("expected f64 weights")
      return
    }
    #expect(values.map(\.bitPattern) == numbers.map { strtod($0).bitPattern })
  }

  @Test("a number beyond f64 names its place")
  func outOfRange() throws {
    let bytes = try document(weights: "[0.5, 1, -1e400, 2]")
    let offset = bytes.firstRange(of: Array("-1e400".utf8))!.lowerBound
    #expect {
      _ = try Model(bytes: bytes)
    } throws: { error in
      guard case .invalidField(let at, let path, let problem) = error as? ModelFileError else {
        return false
      }
      return at == offset && path.hasSuffix("weights.data[2]") && problem.contains("f64")
    }
  }
}

@Suite("Eight digits at a time")
struct EightDigitTests {
  @Test("every byte value in every position: the first non-digit is found")
  func endOfDigits() {
    for position in 0..<12 {
      for byte in 0...255 {
        var text = Array(repeating: UInt8(ascii: "7"), count: 12)
        text[position] = UInt8(byte)
        let isDigit = byte >= 0x30 && byte <= 0x39
        let end = text.withUnsafeBufferPointer { NumberText.endOfDigits($0, from: 0) }
        #expect(end == (isDigit ? 12 : position), "byte \(byte) at \(position)")
      }
    }
    // A byte ≥ 0xFA before the end carries into the next byte: still found first.
    let text: [UInt8] = [0x31, 0xFF, 0x2F, 0x31, 0x31, 0x31, 0x31, 0x31, 0x31]
    #expect(text.withUnsafeBufferPointer { NumberText.endOfDigits($0, from: 0) } == 1)
  }

  @Test("eight digits' value")
  func value() {
    var state: UInt64 = 3
    for k in 0..<100_000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let number =
        k < 10
        ? [
          0, 99_999_999, 1, 10_000_000, 12_345_678, 87_654_321, 9, 90, 900,
          9_000,
        ][k] : state % 100_000_000
      let text = String(number)
      let digits = Array((String(repeating: "0", count: 8 - text.count) + text).utf8)
      let word = digits.withUnsafeBufferPointer { NumberText.eightBytes($0, at: 0) }
      #expect(NumberText.eightDigitsValue(word) == number)
      #expect(NumberText.nonDigitMask(word) == 0)
    }
  }
}
