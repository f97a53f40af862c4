import NNModel

@testable import NNEngine

/// The tutorial's people, shifted by (135 lb, 66 in), with gender 1 = F.
let shiftedTable: [(name: String, input: [Double], target: Double)] = [
  ("Alice", [-2, -1], 1),
  ("Bob", [25, 6], 0),
  ("Charlie", [17, 4], 0),
  ("Diana", [-15, -6], 1),
]

/// The tutorial's 2-2-1 sigmoid network with the given w1…w6 and b1…b3.
func tutorialModel(
  weights w: [Double], biases b: [Double], scalarType: ScalarType = .float64,
  normalization: [Normalization] = [.identity, .identity]
) -> Model {
  Model(
    features: [
      Feature(name: "weight", unit: "lb", normalization: normalization[0]),
      Feature(name: "height", unit: "in", normalization: normalization[1]),
    ],
    layers: [
      DenseLayer(
        activation: .sigmoid, inputs: 2, units: 2, weights: Array(w[0..<4]),
        biases: Array(b[0..<2]), scalarType: scalarType),
      DenseLayer(
        activation: .sigmoid, inputs: 2, units: 1, weights: Array(w[4..<6]), biases: [b[2]],
        scalarType: scalarType),
    ],
    output: OutputSpec(task: .binary(threshold: 0.5, negative: "M", positive: "F")))
}

/// A model with random parameters (N(0, 1) scaled by `scale`) of the given shape.
func randomModel(
  inputs: Int, sizes: [Int], activations: [Activation], seed: UInt64, scale: Double = 1,
  scalarType: ScalarType = .float64
) -> Model {
  var sampler = NormalSampler(generator: SplitMix64(seed: seed))
  var fanIn = inputs
  var layers: [DenseLayer] = []
  for (units, activation) in zip(sizes, activations) {
    layers.append(
      DenseLayer(
        activation: activation, inputs: fanIn, units: units,
        weights: (0..<units * fanIn).map { _ in scale * sampler.next() },
        biases: (0..<units).map { _ in scale * sampler.next() }, scalarType: scalarType))
    fanIn = units
  }
  return Model(
    features: (0..<inputs).map { Feature(name: "x\($0 + 1)") }, layers: layers)
}

/// The distance between two doubles in units in the last place.
func ulps(_ a: Double, _ b: Double) -> UInt64 {
  let x = Int64(bitPattern: a.bitPattern)
  let y = Int64(bitPattern: b.bitPattern)
  return x >= y ? UInt64(x - y) : UInt64(y - x)
}
