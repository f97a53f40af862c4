import NNModel

/// How a new network's parameters are drawn.
///
/// Every scheme draws standard normal numbers `n` from ``SplitMix64`` through
/// ``NormalSampler``, which uses only IEEE-exact operations, so a seed gives bit-identical
/// weights on every platform. Weights are drawn first, in naming order (`w1, w2, …`), then
/// biases (`b1, b2, …`) when the scheme draws them. `fanIn` and `fanOut` are a layer's inputs
/// and units.
public enum Initialization: String, CaseIterable, Sendable {
  /// Every weight and bias `n ~ N(0, 1)`, as the tutorial's `np.random.normal()`.
  case normal
  /// Xavier/Glorot normal: weights `n · √(2 / (fanIn + fanOut))`, biases 0. Suits sigmoid and
  /// tanh.
  case xavier
  /// He normal: weights `n · √(2 / fanIn)`, biases 0. Suits ReLU.
  case he
}

/// Standard normal numbers from ``SplitMix64`` by Marsaglia's polar method, computed with
/// `+ − × ÷` and `sqrt` only (all correctly rounded in IEEE 754), so the results are the same
/// bits on every platform.
///
/// Each attempt draws `u, v` uniform in [−1, 1) (53-bit, see
/// ``SplitMix64/nextUnitInterval()``) and retries until `0 < s = u² + v² < 1`; then
/// `u·f` and `v·f` with `f = √(−2 ln s / s)` are two independent normals, returned in that
/// order. `ln` is ``naturalLog(_:)`` below, not the C library's, whose last bits vary between
/// platforms.
public struct NormalSampler: Sendable {
  /// The uniform source.
  public var generator: SplitMix64
  private var spare: Double?

  /// A sampler drawing from `generator`.
  public init(generator: SplitMix64) { self.generator = generator }

  /// The next standard normal number.
  public mutating func next() -> Double {
    if let value = spare {
      spare = nil
      return value
    }
    while true {
      let u = 2 * generator.nextUnitInterval() - 1
      let v = 2 * generator.nextUnitInterval() - 1
      let s = u * u + v * v
      guard s < 1, s > 0 else { continue }
      let factor = (-2 * Self.naturalLog(s) / s).squareRoot()
      spare = v * factor
      return u * factor
    }
  }

  /// ln x for finite x > 0, from exact operations only, within about 1 ulp.
  ///
  /// Writes x = m · 2^e with m in [√½, √2) (exact: it reads the exponent and significand),
  /// then ln m = 2 artanh t with t = (m − 1)/(m + 1), |t| ≤ 0.1716, summed as the series
  /// 2t (1 + t²/3 + t⁴/5 + … + t²²/23) by Horner's rule (the next term is below 1e−18), and
  /// ln x = e · ln2_hi + (e · ln2_lo + ln m) with ln 2 split so e · ln2_hi is exact.
  public static func naturalLog(_ x: Double) -> Double {
    var m = x.significand
    var e = Double(x.exponent)
    if m > 1.414_213_562_373_095_1 {
      m /= 2
      e += 1
    }
    let t = (m - 1) / (m + 1)
    let t2 = t * t
    var series = 1.0 / 23.0
    for denominator in stride(from: 21.0, through: 3.0, by: -2.0) {
      series = series * t2 + 1.0 / denominator
    }
    series = series * t2 + 1
    let lnM = 2 * t * series
    let ln2High = 6.931_471_803_691_238_164_90e-01
    let ln2Low = 1.908_214_929_270_587_700_02e-10
    return e * ln2High + (e * ln2Low + lnM)
  }
}

/// A new model with freshly drawn parameters.
///
/// - Parameters:
///   - features: the inputs (their count is the first layer's input count).
///   - layerSizes: the number of neurons of each layer, from the first hidden layer to the
///     output layer (the tutorial's network is `[2, 1]`).
///   - activations: one activation per layer.
///   - output: how to read the outputs.
///   - initialization: the scheme.
///   - scalarType: the parameters' element type (values are drawn in Double and rounded).
///   - seed: the ``SplitMix64`` seed.
/// - Returns: the model, with its layers' weights and biases drawn.
/// - Throws: ``EngineError`` when the lists differ in length or the shape is invalid.
public func initializedModel(
  features: [Feature], layerSizes: [Int], activations: [Activation],
  output: OutputSpec = OutputSpec(), initialization: Initialization = .normal,
  scalarType: ScalarType = .float64, seed: UInt64
) throws(EngineError) -> Model {
  guard layerSizes.count == activations.count else {
    throw .layerListMismatch(sizes: layerSizes.count, activations: activations.count)
  }
  guard !features.isEmpty else { throw .noInputs }
  guard !layerSizes.isEmpty else { throw .noLayers }
  var sampler = NormalSampler(generator: SplitMix64(seed: seed))
  var fanIns: [Int] = []
  var inputs = features.count
  for (index, units) in layerSizes.enumerated() {
    guard units > 0 else { throw .emptyLayer(layer: index) }
    guard units <= 1 << 24, inputs <= 1 << 24 else { throw .tooLarge(layer: index) }
    if activations[index] == .softmax && index != layerSizes.count - 1 {
      throw .softmaxNotLast(layer: index)
    }
    fanIns.append(inputs)
    inputs = units
  }
  var weights: [[Double]] = []
  for (index, units) in layerSizes.enumerated() {
    let fanIn = fanIns[index]
    let scale: Double =
      switch initialization {
      case .normal: 1
      case .xavier: (2 / Double(fanIn + units)).squareRoot()
      case .he: (2 / Double(fanIn)).squareRoot()
      }
    weights.append((0..<units * fanIn).map { _ in scale * sampler.next() })
  }
  var biases: [[Double]] = []
  for units in layerSizes {
    biases.append(
      initialization == .normal
        ? (0..<units).map { _ in sampler.next() } : [Double](repeating: 0, count: units))
  }
  let layers = layerSizes.indices.map { index in
    DenseLayer(
      activation: activations[index], inputs: fanIns[index], units: layerSizes[index],
      weights: weights[index], biases: biases[index], scalarType: scalarType)
  }
  return Model(features: features, layers: layers, output: output)
}
