/// SplitMix64 (Steele, Lea and Flood, 2014; Vigna's reference `splitmix64.c`): a 64-bit
/// generator defined entirely by integer arithmetic, so a seed gives the same sequence on every
/// platform. nnkit uses it for initialisation and shuffling.
///
/// Each call adds the golden-ratio increment `0x9E3779B97F4A7C15` to the state and returns the
/// state mixed by `z ^= z >> 30; z &*= 0xBF58476D1CE4E5B9; z ^= z >> 27;
/// z &*= 0x94D049BB133111EB; z ^= z >> 31`.
public struct SplitMix64: RandomNumberGenerator, Sendable, Equatable {
  /// The current state (the seed before the first call).
  public var state: UInt64

  /// A generator starting from `seed`.
  public init(seed: UInt64) { state = seed }

  /// The next 64 random bits.
  @inlinable
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniformly distributed integer in `0..<bound` (Lemire's multiply-and-reject method, so
  /// there is no bias and the result depends only on the generated bits).
  ///
  /// - Precondition: `bound > 0`.
  @inlinable
  public mutating func next(below bound: UInt64) -> UInt64 {
    precondition(bound > 0, "empty range")
    var product = next().multipliedFullWidth(by: bound)
    if product.low < bound {
      let threshold = (0 &- bound) % bound
      while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
    }
    return product.high
  }

  /// A uniformly distributed Double in [0, 1): the top 53 bits times 2⁻⁵³ (exact).
  @inlinable
  public mutating func nextUnitInterval() -> Double {
    Double(next() >> 11) * 0x1p-53
  }

  /// Shuffles `indices` in place (Fisher–Yates, from the last element down).
  @inlinable
  public mutating func shuffle(_ indices: UnsafeMutableBufferPointer<Int>) {
    var i = indices.count - 1
    while i > 0 {
      let j = Int(next(below: UInt64(i + 1)))
      indices.swapAt(i, j)
      i -= 1
    }
  }
}
