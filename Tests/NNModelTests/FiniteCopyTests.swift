import Testing

@testable import NNModel

/// The one-pass copy with finiteness check against a plain copy and `isFinite`, across chunk
/// boundaries (16 KiB) and huge-page-sized buffers.
@Suite struct FiniteCopyTests {
  @Test(arguments: [1, 4095, 4096, 4097, 600_000])
  func float32CopiesExactlyAndFindsNonFinite(_ count: Int) {
    let values = (0..<count).map { Float($0) * 0.5 - 3 }
    let clean = values.withUnsafeBytes {
      finiteCheckedElements(from: $0.baseAddress!, count: count, as: Float.self)
    }
    #expect(clean.elements == values)
    #expect(clean.allFinite)
    for bad in [count - 1, count / 2, 0] {
      for value in [Float.nan, .infinity, -.infinity] {
        var dirty = values
        dirty[bad] = value
        let copied = dirty.withUnsafeBytes {
          finiteCheckedElements(from: $0.baseAddress!, count: count, as: Float.self)
        }
        #expect(!copied.allFinite, "\(value) at \(bad) of \(count)")
        #expect(copied.elements.map(\.bitPattern) == dirty.map(\.bitPattern))
      }
    }
  }

  @Test(arguments: [1, 2047, 2048, 2049, 300_000])
  func float64CopiesExactlyAndFindsNonFinite(_ count: Int) {
    let values = (0..<count).map { Double($0) * 0.25 - 7 }
    let clean = values.withUnsafeBytes {
      finiteCheckedElements(from: $0.baseAddress!, count: count, as: Double.self)
    }
    #expect(clean.elements == values)
    #expect(clean.allFinite)
    for bad in [count - 1, count / 2, 0] {
      for value in [Double.nan, .infinity, -.infinity] {
        var dirty = values
        dirty[bad] = value
        let copied = dirty.withUnsafeBytes {
          finiteCheckedElements(from: $0.baseAddress!, count: count, as: Double.self)
        }
        #expect(!copied.allFinite, "\(value) at \(bad) of \(count)")
        #expect(copied.elements.map(\.bitPattern) == dirty.map(\.bitPattern))
      }
    }
  }
}
