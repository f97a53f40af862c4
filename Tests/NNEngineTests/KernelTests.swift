import Testing

@testable import NNEngine

@Suite("Portable gradient kernels")
struct KernelTests {
  /// Widths that use every tier of `weightedRowSum`: the scalar tail alone, 8-wide, 32-wide,
  /// and all three together.
  @Test("the weighted row sum equals a plain in-order sum, bit for bit", arguments: [5, 8, 32, 45])
  func weightedRowSumIsThePlainSum(width: Int) {
    var generator = SplitMix64(seed: UInt64(width))
    func value() -> Double { Double(generator.next() % 2001) / 1000 - 1 }
    let count = 7
    let stride = 3
    let coefficients = (0..<count * stride).map { _ in value() }
    let rows = (0..<count * width).map { _ in value() }
    var out = [Double](repeating: .nan, count: width)
    coefficients.withUnsafeBufferPointer { c in
      rows.withUnsafeBufferPointer { r in
        out.withUnsafeMutableBufferPointer { o in
          Kernels.weightedRowSum(
            coefficients: c.baseAddress!, stride: stride, rows: r.baseAddress!, count: count,
            width: width, into: o.baseAddress!)
        }
      }
    }
    for k in 0..<width {
      var expected = 0.0
      for n in 0..<count { expected += coefficients[n * stride] * rows[n * width + k] }
      #expect(out[k].bitPattern == expected.bitPattern, "column \(k)")
    }
  }
}
