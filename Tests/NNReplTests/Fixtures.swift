import NNModel
import NNRepl

/// Hand-built models from the tutorial, and a session that captures what it prints.
enum Fixtures {
  /// The tutorial's 2-2-1 sigmoid network with every neuron's weights and bias set; inputs
  /// `weight` and `height` with the given shifts; output F (≥ 0.5) or M.
  static func tutorialNetwork(
    weights: [Double], bias: Double, shifts: (Double, Double) = (0, 0),
    scalarType: ScalarType = .float64
  ) -> Model {
    Model(
      name: "tutorial",
      features: [
        Feature(name: "weight", unit: "lb", normalization: Normalization(shift: shifts.0)),
        Feature(name: "height", unit: "in", normalization: Normalization(shift: shifts.1)),
      ],
      layers: [
        DenseLayer(
          activation: .sigmoid, inputs: 2, units: 2, weights: weights + weights,
          biases: [bias, bias], scalarType: scalarType),
        DenseLayer(
          activation: .sigmoid, inputs: 2, units: 1, weights: weights, biases: [bias],
          scalarType: scalarType),
      ],
      output: OutputSpec(task: .binary(threshold: 0.5, negative: "M", positive: "F")))
  }

  /// Every neuron w = [0, 1], b = 0: feedforward of [2, 3] gives 0.7216325609518421.
  static var zeroOne: Model { tutorialNetwork(weights: [0, 1], bias: 0) }

  /// All weights 1, biases 0: the tutorial's backprop example (Alice is -2 -1 => 1).
  static var allOnes: Model { tutorialNetwork(weights: [1, 1], bias: 0) }

  /// The all-ones network reading raw pounds and inches (shift 135 and 66).
  static var allOnesRaw: Model { tutorialNetwork(weights: [1, 1], bias: 0, shifts: (135, 66)) }

  /// A three-class softmax model with one input, for labels and one-hot targets.
  static var threeClasses: Model {
    Model(
      name: "iris",
      features: [Feature(name: "petal")],
      layers: [
        DenseLayer(
          activation: .softmax, inputs: 1, units: 3, weights: [1, 0, -1], biases: [0, 0, 0])
      ],
      output: OutputSpec(task: .multiclass(labels: ["setosa", "versicolor", "virginica"])))
  }

  /// A session on `model` and the capture of its output.
  static func session(_ model: Model) throws -> (Session, CapturedOutput) {
    let output = CapturedOutput()
    let session = try Session(model: model, output: output)
    return (session, output)
  }
}

extension Session {
  /// Runs `line` and returns what it printed on standard output.
  func run(_ line: String, in output: CapturedOutput) -> (CommandOutcome, String, String) {
    output.clear()
    let outcome = execute(line)
    return (outcome, output.text, output.errorText)
  }
}
