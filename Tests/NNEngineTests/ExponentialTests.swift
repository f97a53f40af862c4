import Testing

@testable import NNEngine

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite("The exponential")
struct ExponentialTests {
  @Test("double: within 1 ulp of the C library's exp on a million arguments, mostly equal")
  func doubleAgreesWithLibm() {
    var rng = SplitMix64(seed: 7)
    var differing = 0
    var worst: UInt64 = 0
    let count = 1_000_000
    for index in 0..<count {
      // Most arguments where networks use it (|x| < 40), a few over the whole range.
      let span = index % 10 == 0 ? 745.0 : 40.0
      let x = (rng.nextUnitInterval() * 2 - 1) * span
      let distance = ulps(Exponential.double(x), exp(x))
      worst = max(worst, distance)
      if distance != 0 { differing += 1 }
    }
    #expect(worst <= 1)
    #expect(differing < count / 100, "\(differing) of \(count) differ by 1 ulp")
  }

  @Test("double: edges, overflow, underflow, subnormals and NaN")
  func doubleEdges() {
    #expect(Exponential.double(0) == 1)
    #expect(Exponential.double(-0.0) == 1)
    #expect(Exponential.double(1) == exp(1))
    #expect(Exponential.double(.infinity) == .infinity)
    #expect(Exponential.double(-.infinity) == 0)
    #expect(Exponential.double(.nan).isNaN)
    #expect(Exponential.double(709.78) == exp(709.78))
    #expect(Exponential.double(709.8) == .infinity)
    #expect(Exponential.double(-746) == 0)
    #expect(Exponential.double(.leastNonzeroMagnitude) == 1)
    // The two-step range on both sides, subnormal results included: within 1 ulp.
    for x in stride(from: 708.0, through: 709.78, by: 0.01) {
      #expect(ulps(Exponential.double(x), exp(x)) <= 1, "x = \(x)")
      #expect(ulps(Exponential.double(-x), exp(-x)) <= 1, "x = \(-x)")
    }
    for x in stride(from: -745.13, through: -708.0, by: 0.37) {
      #expect(ulps(Exponential.double(x), exp(x)) <= 1, "x = \(x)")
    }
  }

  @Test("float: within 1 ulp of the C library's expf on a million arguments, mostly equal")
  func floatAgreesWithLibm() {
    var differing = 0
    var worst: UInt64 = 0
    var rng = SplitMix64(seed: 8)
    let count = 1_000_000
    for _ in 0..<count {
      let x = Float((rng.nextUnitInterval() * 2 - 1) * 100)
      let mine = Exponential.float(x)
      let theirs = expf(x)
      // Both are positive, so their bit patterns order like their values.
      let distance = Int64(mine.bitPattern) - Int64(theirs.bitPattern)
      if distance != 0 { differing += 1 }
      worst = max(worst, distance.magnitude)
    }
    #expect(worst <= 1)
    #expect(differing < count / 100, "\(differing) of \(count) differ")
    #expect(Exponential.float(89) == .infinity)
    #expect(Exponential.float(-104) == 0)
    #expect(Exponential.float(-100) == expf(-100))  // a subnormal float
  }
}
