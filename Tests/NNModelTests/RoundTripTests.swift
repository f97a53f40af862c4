import CNumbers
import NNTestSupport
import Testing

@testable import NNModel

@Test(arguments: [ScalarType.float32, .float64])
func binaryJSONBinaryIsByteIdentical(_ scalarType: ScalarType) throws {
  var model = Fixtures.gender(scalarType)
  model.extraSections = [
    OpaqueSection(type: NNMFormat.fourCC("XTRA"), isRequired: false, payload: [1, 2, 3, 0xFF])
  ]
  let binary = try model.binaryEncoded()
  let decoded = try ModelReader().read(bytes: binary)
  #expect(decoded.encoding == .binary)
  #expect(decoded.version == .v1)
  #expect(decoded.model == model)
  let json = try decoded.model.jsonEncoded()
  let fromJSON = try ModelReader().read(bytes: Array(json.utf8))
  #expect(fromJSON.encoding == .json)
  #expect(fromJSON.model == model)
  #expect(try fromJSON.model.binaryEncoded() == binary)
  #expect(try Model(bytes: binary).jsonEncoded() == json)
}

@Test func extremeValuesSurviveBothEncodings() throws {
  let doubles: [Double] = [
    0.1, 1e-300, 5e-324, 2.2250738585072014e-308, -0.0, .greatestFiniteMagnitude,
    -.greatestFiniteMagnitude, 1e16, 123456789.125, 1 / 3,
  ]
  let floats: [Float] = [
    0.1, 1e-45, 1.17549435e-38, -0.0, .greatestFiniteMagnitude, 16_777_217, 1 / 3, 3.4e-39,
  ]
  for storage in [TensorStorage.float64(doubles), .float32(floats)] {
    let n = storage.count
    let zero =
      TensorStorage.float64([0]).scalarType == storage.scalarType
      ? TensorStorage.float64([0]) : .float32([0])
    let model = Model(
      features: [Feature(name: "x")],
      layers: [
        DenseLayer(
          activation: .identity, weights: Tensor(shape: [n, 1], storage: storage),
          biases: Tensor(shape: [n], storage: storage)),
        DenseLayer(
          activation: .identity,
          weights: Tensor(shape: [1, n], storage: storage),
          biases: Tensor(shape: [1], storage: zero)),
      ])
    let json = try model.jsonEncoded()
    let back = try Model(bytes: Array(json.utf8))
    #expect(back == model)
    let bits = { (s: TensorStorage) -> [UInt64] in
      switch s {
      case .float32(let v): v.map { UInt64($0.bitPattern) }
      case .float64(let v): v.map(\.bitPattern)
      }
    }
    #expect(bits(back.layers[0].weights.storage) == bits(storage))  // -0.0 keeps its sign
    #expect(try Model(bytes: model.binaryEncoded()) == model)
    #expect(try back.jsonEncoded() == json)
  }
}

@Test func jsonNumbersAreShortestRoundTrip() throws {
  let model = Model(
    features: [Feature(name: "x")],
    layers: [
      DenseLayer(
        activation: .identity, inputs: 1, units: 4, weights: [0.1, 1e-05, 1e16, 100],
        biases: [-0.0, 5e-324, 1.7976931348623157e308, 0.30000000000000004])
    ])
  let json = try model.jsonEncoded()
  #expect(json.contains("\"data\": [0.1, 1e-05, 1e+16, 100.0]"))
  #expect(json.contains("\"data\": [-0.0, 5e-324, 1.7976931348623157e+308, 0.30000000000000004]"))
  let f32 = Model(
    features: [Feature(name: "x")],
    layers: [
      DenseLayer(
        activation: .identity, inputs: 1, units: 3, weights: [0.1, 3.4028234663852886e38, 1e-45],
        biases: [0, 0, 0], scalarType: .float32)
    ])
  #expect(try f32.jsonEncoded().contains("\"data\": [0.1, 3.4028235e+38, 1e-45]"))
}

@Test func decimalTextIsRoundedCorrectlyInEachPrecision() {
  func double(_ text: String) -> Double {
    Array(text.utf8).withUnsafeBufferPointer { NumberText.double($0) }
  }
  func float(_ text: String) -> Float {
    Array(text.utf8).withUnsafeBufferPointer { NumberText.float($0) }
  }
  #expect(double("0.1") == 0.1)
  #expect(double("0.30000000000000004") == 0.1 + 0.2)
  #expect(double("1.7976931348623157e+308") == .greatestFiniteMagnitude)
  #expect(double("1e309") == .infinity)
  #expect(double("5e-324") == .leastNonzeroMagnitude)
  #expect(double("-0.0").sign == .minus)
  #expect(double("123456789012345678901234567890") == 1.2345678901234568e29)
  #expect(float("0.1") == Float(0.1))
  #expect(float("3.4028235e+38") == .greatestFiniteMagnitude)
  #expect(float("3.5e38") == .infinity)
  #expect(float("1e-45") == .leastNonzeroMagnitude)
  // Directly to binary32: 1.00000005960464477550 is just above the midpoint between 1 and
  // 1 + 2^-23, but rounds to the midpoint in binary64, which would then round down to 1.
  #expect(float("1.00000005960464477550") == Float(bitPattern: 0x3F80_0001))
  #expect(float("16777217") == 16_777_216)
}

@Test func float32FastPathAgreesWithDirectRounding() {
  var state: UInt64 = 12_345
  for _ in 0..<20_000 {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    let value = Float(bitPattern: UInt32(truncatingIfNeeded: state >> 32) & 0x7F7F_FFFF)
    for text in [value.description, String(Double(value)), String(Double(value).nextUp)] {
      let bytes = Array(text.utf8)
      let fast = bytes.withUnsafeBufferPointer { NumberText.float($0) }
      let slow = bytes.withUnsafeBufferPointer {
        $0.withMemoryRebound(to: CChar.self) { nn_parse_float($0.baseAddress!, $0.count) }
      }
      #expect(fast.bitPattern == slow.bitPattern, "\(text)")
    }
  }
  // Exactly halfway between two Floats after conversion to Double: must not round twice.
  #expect(
    Array("1.00000005960464477550".utf8).withUnsafeBufferPointer { NumberText.float($0) }
      == Float(bitPattern: 0x3F80_0001))
}
