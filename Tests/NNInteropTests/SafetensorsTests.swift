import Foundation
import NNModel
import NNTestSupport
import Testing

@testable import NNInterop

@Suite struct SafetensorsTests {
  /// A file from a header text and data bytes.
  func file(_ header: String, data: [UInt8]) -> [UInt8] {
    var bytes: [UInt8] = []
    withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { bytes += $0 }
    return bytes + Array(header.utf8) + data
  }

  func floats(_ values: [Float]) -> [UInt8] {
    values.flatMap { v in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
  }

  func failure(_ bytes: [UInt8], _ options: ImportOptions = ImportOptions()) -> InteropError? {
    do {
      _ = try Safetensors.read(bytes: bytes, options: options)
      return nil
    } catch { return error }
  }

  @Test func pytorchStateDictOrderedByNumber() throws {
    // Layers 0, 2 and 10, written out of order: 10 comes last, not between 0 and 2.
    let header = """
      {"10.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},\
      "0.weight":{"dtype":"F32","shape":[2,1],"data_offsets":[8,16]},\
      "0.bias":{"dtype":"F32","shape":[2],"data_offsets":[16,24]},\
      "2.weight":{"dtype":"F32","shape":[2,2],"data_offsets":[24,40]},\
      "2.bias":{"dtype":"F32","shape":[2],"data_offsets":[40,48]}}
      """
    let data = floats([5, 6, 1, 2, 0.5, 0.25, 1, 0, 0, 1, 0, 0])
    let imported = try Safetensors.read(
      bytes: file(header, data: data), options: ImportOptions(activation: .relu))
    let model = imported.model
    #expect(model.layers.map(\.weights.shape) == [[2, 1], [2, 2], [1, 2]])
    #expect(model.layers.map(\.activation) == [.relu, .relu, .identity])
    #expect(model.layers[2].weights.doubles == [5, 6])
    #expect(model.layers[2].biases.doubles == [0])
    #expect(imported.notes.contains { $0.contains("no bias") })
  }

  @Test func halfPrecisionWidened() throws {
    let header = """
      {"0.weight":{"dtype":"F16","shape":[1,2],"data_offsets":[0,4]},\
      "0.bias":{"dtype":"BF16","shape":[1],"data_offsets":[4,6]}}
      """
    // F16 1.5 = 0x3E00, F16 -2^-24 = 0x8001; BF16 0.75 = 0x3F40.
    let imported = try Safetensors.read(
      bytes: file(header, data: [0x00, 0x3E, 0x01, 0x80, 0x40, 0x3F]))
    #expect(imported.model.layers[0].weights.storage == .float32([1.5, -0x1p-24]))
    #expect(imported.model.layers[0].biases.storage == .float32([0.75]))
    #expect(imported.notes.contains { $0.contains("F16/BF16") })
  }

  @Test func headerLengthOfAllOnes() {
    let bytes = Array(repeating: UInt8(0xFF), count: 16)
    #expect(failure(bytes)?.code == "limit-exceeded")
    #expect(failure([1, 0, 0])?.code == "truncated")
    #expect(failure(file("{}", data: []).dropLast(1).map { $0 })?.code == "truncated")
  }

  @Test func holesOverlapsAndTrailingBytes() {
    let hole = """
      {"0.weight":{"dtype":"F32","shape":[1,1],"data_offsets":[4,8]}}
      """
    #expect(failure(file(hole, data: floats([0, 1])))?.code == "data-layout")
    let trailing = """
      {"0.weight":{"dtype":"F32","shape":[1,1],"data_offsets":[0,4]}}
      """
    #expect(failure(file(trailing, data: floats([0, 1])))?.code == "data-layout")
    let short = """
      {"0.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,4]}}
      """
    #expect(failure(file(short, data: floats([0])))?.code == "tensor-size")
  }

  @Test func twoToTheFortyElements() {
    let header = """
      {"0.weight":{"dtype":"F32","shape":[1048576,1048576],"data_offsets":[0,4]}}
      """
    #expect(failure(file(header, data: floats([0])))?.code == "limit-exceeded")
  }

  @Test func hugeDimensionTimesZero() {
    let header = """
      {"0.weight":{"dtype":"F32","shape":[1073741824,0],"data_offsets":[0,0]}}
      """
    #expect(failure(file(header, data: []))?.code == "shape-mismatch")
  }

  @Test func layersMustConnect() {
    let header = """
      {"0.weight":{"dtype":"F32","shape":[2,1],"data_offsets":[0,8]},\
      "1.weight":{"dtype":"F32","shape":[1,3],"data_offsets":[8,20]}}
      """
    let error = failure(file(header, data: floats([1, 2, 3, 4, 5])))
    #expect(error?.code == "shape-mismatch")
    #expect(error?.description.hasPrefix("tensor '1.weight': takes 3 inputs") == true)
  }

  @Test func otherTensorsAreRefused() {
    let header = """
      {"0.running_mean":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}
      """
    #expect(failure(file(header, data: floats([1])))?.code == "unexpected-tensor")
  }

  /// The elements are checked while they are copied; a non-finite one anywhere is still
  /// refused, naming the tensor element, in both dtypes.
  @Test(arguments: [ScalarType.float32, .float64])
  func nonFiniteElementsAreRefused(_ scalarType: ScalarType) throws {
    let bytes = try Safetensors.encode(Fixtures.scaledGender(scalarType))
    let width = scalarType.byteWidth
    let elements = 9  // 2-2-1: weights 4, biases 2, weights 2, bias 1
    let dataStart = bytes.count - elements * width
    for k in 0..<elements {
      for bad in [Double.nan, .infinity, -.infinity] {
        var patched = bytes
        let pattern: [UInt8] =
          scalarType == .float32
          ? withUnsafeBytes(of: Float(bad).bitPattern.littleEndian) { Array($0) }
          : withUnsafeBytes(of: bad.bitPattern.littleEndian) { Array($0) }
        patched.replaceSubrange(
          (dataStart + k * width)..<(dataStart + (k + 1) * width), with: pattern)
        let error = failure(patched)
        #expect(error?.code == "non-finite", "element \(k), \(bad)")
        #expect(error?.description.contains(".data[") == true, "element \(k), \(bad)")
      }
    }
  }

  @Test func everyTruncationAndFlipIsHandled() throws {
    let bytes = try Safetensors.encode(Fixtures.scaledGender(.float32))
    for length in 0..<bytes.count where length % 5 == 0 {
      #expect(failure(Array(bytes[0..<length])) != nil)
    }
    for index in stride(from: 0, to: bytes.count, by: 11) {
      var damaged = bytes
      damaged[index] ^= 0x20
      _ = failure(damaged)  // must not crash
    }
  }

  @Test func metadataThatDoesNotFitTheTensorsIsRefused() throws {
    let model = Fixtures.scaledGender(.float32)
    var other = model
    other.layers[1] = DenseLayer(
      activation: .sigmoid, inputs: 2, units: 2, weights: [1, 2, 3, 4], biases: [0, 0],
      scalarType: .float32)
    other.output = OutputSpec(task: .regression)
    // The tensors of `model` with the description of `other`.
    let meta = String(decoding: other.metaDocument, as: UTF8.self)
    var bytes = try Safetensors.encode(model)
    let headerLength = bytes[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
    var header = String(decoding: bytes[8..<(8 + headerLength)], as: UTF8.self)
    let original = String(decoding: model.metaDocument, as: UTF8.self)
    var writer = JSONWriter()
    writer.string(original)
    var replacement = JSONWriter()
    replacement.string(meta)
    header = header.replacingOccurrences(
      of: String(decoding: writer.bytes, as: UTF8.self),
      with: String(decoding: replacement.bytes, as: UTF8.self))
    var text = Array(header.utf8)
    while (8 + text.count) % 8 != 0 { text.append(0x20) }
    let data = bytes[(8 + headerLength)...]
    bytes = []
    withUnsafeBytes(of: UInt64(text.count).littleEndian) { bytes += $0 }
    bytes += text + data
    let error = failure(bytes)
    #expect(error?.code == "shape-mismatch")
    #expect(
      error?.description.hasPrefix(
        "tensor '2.weight': F32 [1, 2], the nnkit metadata says F32 [2, 2]") == true)
  }

  @Test func naturalOrdering() {
    #expect(["fc10", "fc2", "fc1"].sorted(by: naturalOrder) == ["fc1", "fc2", "fc10"])
    #expect(["net.10", "net.2", "net.0"].sorted(by: naturalOrder) == ["net.0", "net.2", "net.10"])
  }
}
