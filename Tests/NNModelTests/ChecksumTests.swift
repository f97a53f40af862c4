import CChecksum
import Testing

@testable import NNModel

@Test func crc32cKnownValues() {
  #expect(crc32c(Array("123456789".utf8)) == 0xE306_9283)
  #expect(crc32c([UInt8]()) == 0)
  #expect(crc32c([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
  #expect(crc32c([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
  #expect(crc32c(Array(0...31)) == 0x46DD_794E)
}

@Test func hardwareAndPortableAgreeOnEveryLengthAndAlignment() {
  var state: UInt64 = 0x1234_5678
  let data = (0..<(3 * 4096 * 3 + 777)).map { _ -> UInt8 in
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return UInt8(truncatingIfNeeded: state >> 33)
  }
  data.withUnsafeBytes { raw in
    let lengths = Array(0..<70) + [4095, 4096, 12_287, 12_288, 12_289, 24_576 + 5, raw.count - 8]
    for start in 0..<8 {
      for length in lengths where start + length <= raw.count {
        let p = raw.baseAddress! + start
        let fast = nn_crc32c(0, p, length)
        #expect(fast == nn_crc32c_portable(0, p, length), "start \(start) length \(length)")
        // Chaining: crc(a || b) == crc(b, continuing: crc(a)).
        let split = length / 3
        #expect(nn_crc32c(nn_crc32c(0, p, split), p + split, length - split) == fast)
      }
    }
  }
}

@Test func copyWithChecksumAndFinitenessScan() {
  let source = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
  var destination = [UInt8](repeating: 0, count: source.count)
  let crc = destination.withUnsafeMutableBytes { d in
    source.withUnsafeBytes { s in nn_crc32c_copy(0, d.baseAddress!, s.baseAddress!, s.count) }
  }
  #expect(destination == source)
  #expect(crc == crc32c(source))
  var floats = [Float](repeating: 1.5, count: 10_000)
  #expect(firstNonFinite(floats) == nil)
  floats[9_999] = -.infinity
  floats[7_777] = .nan
  #expect(firstNonFinite(floats) == 7_777)
  var doubles = [Double](repeating: -.greatestFiniteMagnitude, count: 5_000)
  #expect(firstNonFinite(doubles) == nil)
  doubles[4_097] = .infinity
  #expect(firstNonFinite(doubles) == 4_097)
}
