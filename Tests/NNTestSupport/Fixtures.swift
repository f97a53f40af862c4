import NNModel

/// Models shared by the test targets of NNModel and NNInterop. The golden vectors in
/// `formats/vectors` are written from them (`NNM_WRITE_VECTORS=1 swift test --filter
/// VectorTests`), so a change here changes those files.
public enum Fixtures {
  /// The tutorial's 2-2-1 sigmoid network with its normalization, labels, provenance and
  /// metadata (a subnormal-range weight, a negative zero, non-ASCII and control characters in
  /// the metadata).
  public static func gender(_ scalarType: ScalarType = .float64) -> Model {
    Model(
      name: "gender", description: "Victor Zhou's 2-2-1 network",
      features: [
        Feature(name: "weight", unit: "lb", normalization: Normalization(shift: 135, scale: 1)),
        Feature(name: "height", unit: "in", normalization: Normalization(shift: 66, scale: 1)),
      ],
      layers: [
        DenseLayer(
          activation: .sigmoid, inputs: 2, units: 2, weights: [0.1, -0.2, 1e-300, -0.0],
          biases: [0.5, 3], scalarType: scalarType),
        DenseLayer(
          activation: .sigmoid, inputs: 2, units: 1, weights: [1, 2], biases: [0],
          scalarType: scalarType),
      ],
      output: OutputSpec(task: .binary(threshold: 0.5, negative: "M", positive: "F")),
      provenance: Provenance(
        tool: "nntool", toolVersion: "0.1.0", dataFile: "gender.csv", dataRows: 4,
        dataSHA256: String(repeating: "ab", count: 32), loss: "mse", optimizer: "sgd",
        hyperparameters: ["learning_rate": 0.1, "batch_size": 1], seed: UInt64.max,
        rng: "splitmix64",
        epochs: 1000, lossHistory: [0.25, 0.125, 1e-05]),
      metadata: ["author": "tests", "ünïcode\t": "line\nbreak \"quoted\""])
  }

  /// A three-class classifier (f32, ReLU then softmax).
  public static func multiclass() -> Model {
    Model(
      name: "iris",
      features: ["a", "b", "c", "d"].map { Feature(name: $0) },
      layers: [
        DenseLayer(
          activation: .relu, inputs: 4, units: 3, weights: (0..<12).map { Double($0) / 7 },
          biases: [0.1, 0.2, 0.3], scalarType: .float32),
        DenseLayer(
          activation: .softmax, inputs: 3, units: 3, weights: (0..<9).map { -Double($0) / 3 },
          biases: [0, 0, 0], scalarType: .float32),
      ],
      output: OutputSpec(task: .multiclass(labels: ["setosa", "versicolor", "virginica"])))
  }
}

extension Fixtures {
  /// The binary encoding of `model`, a fixture that is valid by construction: a model the
  /// writer refuses is a broken fixture, which stops the tests rather than failing one.
  public static func binary(_ model: Model) -> [UInt8] {
    do {
      return try model.binaryEncoded()
    } catch {
      preconditionFailure("a fixture the writer refuses: \(error)")
    }
  }

  /// The JSON encoding of `model`, a fixture that is valid by construction (as ``binary(_:)``).
  public static func json(_ model: Model) -> String {
    do {
      return try model.jsonEncoded()
    } catch {
      preconditionFailure("a fixture the writer refuses: \(error)")
    }
  }
}
