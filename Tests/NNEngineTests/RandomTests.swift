import NNModel
import Testing

@testable import NNEngine

#if canImport(Glibc)
  import Glibc
#endif

@Suite("Seeded randomness and initialisation")
struct RandomTests {
  @Test("SplitMix64 gives the reference sequence (Vigna's splitmix64.c)")
  func splitMixReference() {
    var generator = SplitMix64(seed: 1_234_567)
    let expected: [UInt64] = [
      6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
      4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
    ]
    #expect((0..<5).map { _ in generator.next() } == expected)
    var zero = SplitMix64(seed: 0)
    #expect(zero.next() == 0xE220_A839_7B1D_CDAF)
  }

  @Test("bounded draws stay in range and shuffles are permutations, repeatably")
  func boundedAndShuffle() {
    var generator = SplitMix64(seed: 9)
    var counts = [Int](repeating: 0, count: 3)
    for _ in 0..<3000 { counts[Int(generator.next(below: 3))] += 1 }
    #expect(counts.allSatisfy { $0 > 900 && $0 < 1100 })
    func shuffled(seed: UInt64) -> [Int] {
      var rng = SplitMix64(seed: seed)
      var values = Array(0..<10)
      values.withUnsafeMutableBufferPointer { rng.shuffle($0) }
      return values
    }
    #expect(shuffled(seed: 5).sorted() == Array(0..<10))
    #expect(shuffled(seed: 5) == shuffled(seed: 5))
    #expect(shuffled(seed: 5) != shuffled(seed: 6))
  }

  @Test("the exact-arithmetic logarithm is within 3 ulps of the C library's")
  func naturalLog() {
    var generator = SplitMix64(seed: 11)
    for _ in 0..<20_000 {
      let x = generator.nextUnitInterval()
      guard x > 0 else { continue }
      let ours = NormalSampler.naturalLog(x)
      let libm = log(x)
      #expect(abs(ours - libm) <= 3 * libm.ulp, "ln \(x)")
    }
    #expect(NormalSampler.naturalLog(1) == 0)
    #expect(abs(NormalSampler.naturalLog(0x1p-60) - -60 * 0.693_147_180_559_945_3) < 1e-13)
  }

  @Test("normals match an independent implementation bit for bit (seed 42)")
  func normalGolden() {
    // From a Python implementation of the same polar method and logarithm (IEEE doubles).
    let expected: [Double] = [
      0x1.f8c80e851c08cp-2, -0x1.6354b5f7dce79p-1, -0x1.47f4af60c7f94p+0,
      -0x1.cd98e78b167aep-1, -0x1.342959c9fa344p-1, 0x1.48fe9fcfdf274p-1,
    ]
    var sampler = NormalSampler(generator: SplitMix64(seed: 42))
    #expect((0..<6).map { _ in sampler.next() } == expected)
  }

  @Test("normals have mean 0 and variance 1")
  func normalMoments() {
    var sampler = NormalSampler(generator: SplitMix64(seed: 1))
    let values = (0..<20_000).map { _ in sampler.next() }
    let mean = values.reduce(0, +) / Double(values.count)
    let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
    #expect(abs(mean) < 0.03)
    #expect(abs(variance - 1) < 0.05)
  }

  @Test("initialisation: normal draws w1… then b1… ; Xavier and He scale and zero the biases")
  func initialisation() throws {
    let features = [Feature(name: "a"), Feature(name: "b")]
    let model = try initializedModel(
      features: features, layerSizes: [2, 1], activations: [.sigmoid, .sigmoid],
      initialization: .normal, seed: 42)
    var sampler = NormalSampler(generator: SplitMix64(seed: 42))
    let draws = (0..<9).map { _ in sampler.next() }
    let network = try AnyNetwork(model: model)
    let names = ["w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3"]
    for (name, value) in zip(names, draws) {
      #expect(try network.parameter(try #require(network.parameterID(named: name))) == value)
    }
    let again = try initializedModel(
      features: features, layerSizes: [2, 1], activations: [.sigmoid, .sigmoid],
      initialization: .normal, seed: 42)
    #expect(again == model)

    let he = try initializedModel(
      features: (0..<50).map { Feature(name: "x\($0)") }, layerSizes: [200, 3],
      activations: [.relu, .identity], initialization: .he, seed: 1)
    let weights = he.layers[0].weights.doubles
    let variance = weights.map { $0 * $0 }.reduce(0, +) / Double(weights.count)
    #expect(abs(variance - 2.0 / 50) < 0.004)
    #expect(he.layers[0].biases.doubles.allSatisfy { $0 == 0 })
    let xavier = try initializedModel(
      features: (0..<50).map { Feature(name: "x\($0)") }, layerSizes: [150, 3],
      activations: [.tanh, .identity], initialization: .xavier, scalarType: .float32, seed: 1)
    #expect(xavier.scalarType == .float32)
    let xw = xavier.layers[0].weights.doubles
    let xavierVariance: Double = xw.map { $0 * $0 }.reduce(0, +) / Double(xw.count)
    #expect(abs(xavierVariance - 2.0 / 200) < 0.001)
  }

  @Test("initializedModel rejects inconsistent layer lists")
  func initialisationErrors() {
    #expect(throws: EngineError.layerListMismatch(sizes: 2, activations: 1)) {
      try initializedModel(
        features: [Feature(name: "a")], layerSizes: [2, 1], activations: [.sigmoid], seed: 0)
    }
    #expect(throws: EngineError.softmaxNotLast(layer: 0)) {
      try initializedModel(
        features: [Feature(name: "a")], layerSizes: [2, 1], activations: [.softmax, .sigmoid],
        seed: 0)
    }
    #expect(throws: EngineError.emptyLayer(layer: 1)) {
      try initializedModel(
        features: [Feature(name: "a")], layerSizes: [2, 0], activations: [.relu, .sigmoid],
        seed: 0)
    }
  }
}
