import NNModel

#if canImport(Glibc)
  import Glibc
#endif

/// A small deterministic generator for the benchmark's own data and starting weights, so that
/// the harness depends on nothing but the model types.
struct BenchRandom {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in [0, 1).
  mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

  /// Standard normal (Box-Muller).
  mutating func normal() -> Double {
    let u = max(uniform(), 0x1p-53)
    let v = uniform()
    return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
  }
}

/// The tutorial's 2-2-1 sigmoid network with the fixed starting weights every peer uses
/// (w1..w6 = 0.5, -0.3, 0.1, -0.6, 0.2, -0.4; b1..b3 = 0.8, 0.7, 0.3) and the tutorial's shift
/// of the inputs (weight - 135 lb, height - 66 in).
func tutorialModel(_ scalarType: ScalarType) -> Model {
  Model(
    name: "tutorial",
    features: [
      Feature(name: "weight", unit: "lb", normalization: Normalization(shift: 135, scale: 1)),
      Feature(name: "height", unit: "in", normalization: Normalization(shift: 66, scale: 1)),
    ],
    layers: [
      DenseLayer(
        activation: .sigmoid, inputs: 2, units: 2, weights: [0.5, -0.3, 0.1, -0.6],
        biases: [0.8, 0.7], scalarType: scalarType),
      DenseLayer(
        activation: .sigmoid, inputs: 2, units: 1, weights: [0.2, -0.4], biases: [0.3],
        scalarType: scalarType),
    ],
    output: OutputSpec(task: .binary(threshold: 0.5, negative: "M", positive: "F"), names: ["F"]))
}

/// The tutorial's four people in raw units, and their genders (1 = F).
let tutorialInputs: [[Double]] = [[133, 65], [160, 72], [152, 70], [120, 60]]
let tutorialTargets: [[Double]] = [[1], [0], [0], [1]]

/// A dense network with Xavier-normal (sigmoid/identity) or He-normal (ReLU) starting weights,
/// zero biases, and identity input normalization.
func denseModel(
  sizes: [Int], hidden: Activation, output: Activation, scalarType: ScalarType, seed: UInt64
) -> Model {
  var random = BenchRandom(state: seed)
  var layers: [DenseLayer] = []
  for index in 1..<sizes.count {
    let inputs = sizes[index - 1]
    let units = sizes[index]
    let activation = index == sizes.count - 1 ? output : hidden
    let sd =
      activation == .relu
      ? (2 / Double(inputs)).squareRoot() : (2 / Double(inputs + units)).squareRoot()
    let weights = (0..<inputs * units).map { _ in random.normal() * sd }
    layers.append(
      DenseLayer(
        activation: activation, inputs: inputs, units: units, weights: weights,
        biases: [Double](repeating: 0, count: units), scalarType: scalarType))
  }
  let features = (0..<sizes[0]).map { Feature(name: "x\($0)") }
  let labels = (0..<sizes[sizes.count - 1]).map { "\($0)" }
  return Model(
    name: "bench", features: features, layers: layers,
    output: OutputSpec(task: output == .softmax ? .multiclass(labels: labels) : .regression))
}

/// The digits data written by peers/python/prepare_data.py: 64 inputs (/16) then 10 one-hot
/// targets per row, float32.
struct Digits {
  var inputs: [[Double]] = []
  var targets: [[Double]] = []

  init(path: String) {
    let values = readFloats(path)
    let rows = values.count / 74
    for row in 0..<rows {
      let base = row * 74
      inputs.append(values[base..<base + 64].map(Double.init))
      targets.append(values[base + 64..<base + 74].map(Double.init))
    }
  }
}
