/// A feed-forward neural network and everything needed to use it: one `.nnm` model file.
///
/// `Model` is a plain value. Reading and writing it is the job of the codecs in this module;
/// running and training it is the job of `NNEngine`.
public struct Model: Sendable, Equatable {
  /// A short name for the model, such as `"gender"`.
  public var name: String?
  /// A free-form description.
  public var description: String?
  /// The inputs, in the order the first layer expects them.
  public var features: [Feature]
  /// The dense layers, from the input side to the output.
  public var layers: [DenseLayer]
  /// How to read the last layer's activations.
  public var output: OutputSpec
  /// How the model was made, if known.
  public var provenance: Provenance?
  /// Free-form string metadata. Encoders write the keys in sorted (code point) order.
  public var metadata: [String: String]
  /// Sections of a binary file that this version of the reader does not know, carried through
  /// unchanged when the model is written again.
  public var extraSections: [OpaqueSection]

  /// Creates a model.
  public init(
    name: String? = nil, description: String? = nil, features: [Feature], layers: [DenseLayer],
    output: OutputSpec = OutputSpec(), provenance: Provenance? = nil,
    metadata: [String: String] = [:], extraSections: [OpaqueSection] = []
  ) {
    self.name = name
    self.description = description
    self.features = features
    self.layers = layers
    self.output = output
    self.provenance = provenance
    self.metadata = metadata
    self.extraSections = extraSections
  }

  /// The number of inputs the first layer takes.
  public var inputCount: Int { features.count }

  /// The number of outputs the last layer gives (0 for a model without layers).
  public var outputCount: Int { layers.last?.units ?? 0 }

  /// The total number of weights and biases.
  public var parameterCount: Int {
    layers.reduce(0) { $0 + $1.weights.storage.count + $1.biases.storage.count }
  }

  /// The element type of the parameters (all tensors of a valid model share it).
  public var scalarType: ScalarType { layers.first?.weights.scalarType ?? .float64 }
}

/// One input of a model.
public struct Feature: Sendable, Equatable {
  /// The input's name, such as `"weight"`.
  public var name: String
  /// The unit of the raw value, such as `"lb"`, if any.
  public var unit: String?
  /// How a raw value is turned into what the first layer sees.
  public var normalization: Normalization

  /// Creates a feature.
  public init(name: String, unit: String? = nil, normalization: Normalization = .identity) {
    self.name = name
    self.unit = unit
    self.normalization = normalization
  }
}

/// A per-input affine map from a raw value to the network's input: `x' = (x − shift) / scale`.
///
/// The tutorial's "weight minus 135" is `shift: 135, scale: 1`; standardisation is
/// `shift: mean, scale: standard deviation`. `scale` is never zero.
public struct Normalization: Sendable, Equatable {
  /// Subtracted from the raw value.
  public var shift: Double
  /// Divides the shifted value.
  public var scale: Double

  /// Creates a normalization.
  public init(shift: Double = 0, scale: Double = 1) {
    self.shift = shift
    self.scale = scale
  }

  /// The map that leaves values unchanged.
  public static let identity = Normalization()

  /// Whether this is the identity map.
  public var isIdentity: Bool { shift == 0 && scale == 1 }

  /// Applies the map to a raw value.
  @inlinable public func apply(_ raw: Double) -> Double { (raw - shift) / scale }
}

/// A fully connected layer: `a = f(W·x + b)`.
public struct DenseLayer: Sendable, Equatable {
  /// The activation function `f`.
  public var activation: Activation
  /// `W`, shape `[units, inputs]`, row-major: row `j` holds the weights into neuron `j`.
  public var weights: Tensor
  /// `b`, shape `[units]`.
  public var biases: Tensor

  /// Creates a layer from its tensors.
  public init(activation: Activation, weights: Tensor, biases: Tensor) {
    self.activation = activation
    self.weights = weights
    self.biases = biases
  }

  /// Creates a layer from Double values in `scalarType`.
  public init(
    activation: Activation, inputs: Int, units: Int, weights: [Double], biases: [Double],
    scalarType: ScalarType = .float64
  ) {
    self.activation = activation
    self.weights = Tensor(shape: [units, inputs], values: weights, scalarType: scalarType)
    self.biases = Tensor(shape: [units], values: biases, scalarType: scalarType)
  }

  /// The number of neurons.
  public var units: Int { weights.shape.first ?? 0 }
  /// The number of inputs each neuron takes.
  public var inputs: Int { weights.shape.count > 1 ? weights.shape[1] : 0 }
}

/// What the last layer's activations mean.
public struct OutputSpec: Sendable, Equatable {
  /// The kind of task.
  public var task: Kind
  /// One name per output unit (may be empty); for a classifier, the class labels live in `task`.
  public var names: [String]
  /// For a regression model, one map per output unit from the network's output to the answer,
  /// `y = y′ · scale + shift` (the inverse of a feature's normalization), or empty when the
  /// outputs are the answer. Training standardizes regression targets, so the network learns
  /// numbers near 0 and the answer comes out in the target's own units (format 1.1).
  public var normalization: [Normalization]

  /// Creates an output description.
  public init(task: Kind = .regression, names: [String] = [], normalization: [Normalization] = []) {
    self.task = task
    self.names = names
    self.normalization = normalization
  }

  /// The answer in the target's units for the network's outputs `values`: each output mapped
  /// by its normalization (`y′ · scale + shift`); `values` unchanged when there is none.
  @inlinable public func denormalized(_ values: [Double]) -> [Double] {
    guard normalization.count == values.count else { return values }
    return zip(values, normalization).map { $0 * $1.scale + $1.shift }
  }

  /// The network's output for the answer `values` in the target's units (the inverse of
  /// ``denormalized(_:)``): what training compares the network's outputs with.
  @inlinable public func normalized(_ values: [Double]) -> [Double] {
    guard normalization.count == values.count else { return values }
    return zip(values, normalization).map { $1.apply($0) }
  }

  /// How outputs are turned into an answer.
  public enum Kind: Sendable, Equatable {
    /// The outputs are the answer.
    case regression
    /// One output in (0, 1): `positive` when it is at least `threshold`, else `negative`.
    /// The tutorial's gender network is `binary(threshold: 0.5, negative: "M", positive: "F")`.
    case binary(threshold: Double, negative: String, positive: String)
    /// One output per class; the answer is the label of the largest.
    case multiclass(labels: [String])
  }
}

/// How a model was made.
public struct Provenance: Sendable, Equatable {
  /// The program that wrote the model, such as `"nntool"`.
  public var tool: String?
  /// That program's version.
  public var toolVersion: String?
  /// The training data: file name (not path), row count, SHA-256 of its bytes (lower-case hex).
  public var dataFile: String?
  /// Number of training rows.
  public var dataRows: Int?
  /// SHA-256 of the training file's bytes, 64 lower-case hex digits.
  public var dataSHA256: String?
  /// The loss function's name, such as `"mse"`.
  public var loss: String?
  /// The optimizer's name, such as `"sgd"`.
  public var optimizer: String?
  /// Numeric hyper-parameters by name (`learning_rate`, `batch_size`, `momentum`, …).
  public var hyperparameters: [String: Double]
  /// The seed of the random-number generator used for initialisation and shuffling.
  public var seed: UInt64?
  /// The name of that generator's algorithm, such as `"splitmix64"`.
  public var rng: String?
  /// Number of epochs trained.
  public var epochs: Int?
  /// The training loss after each epoch.
  public var lossHistory: [Double]
  /// The loss on the held-out validation rows after each epoch, when training had a validation
  /// split (format 1.1); empty otherwise.
  public var validationLossHistory: [Double] = []
  /// When the model was made (RFC 3339, UTC); written only when asked for, so the same
  /// training gives the same bytes.
  public var createdAt: String?

  /// Creates a provenance record.
  public init(
    tool: String? = nil, toolVersion: String? = nil, dataFile: String? = nil,
    dataRows: Int? = nil, dataSHA256: String? = nil, loss: String? = nil,
    optimizer: String? = nil, hyperparameters: [String: Double] = [:], seed: UInt64? = nil,
    rng: String? = nil, epochs: Int? = nil, lossHistory: [Double] = [],
    validationLossHistory: [Double] = [], createdAt: String? = nil
  ) {
    self.tool = tool
    self.toolVersion = toolVersion
    self.dataFile = dataFile
    self.dataRows = dataRows
    self.dataSHA256 = dataSHA256
    self.loss = loss
    self.optimizer = optimizer
    self.hyperparameters = hyperparameters
    self.seed = seed
    self.rng = rng
    self.epochs = epochs
    self.lossHistory = lossHistory
    self.validationLossHistory = validationLossHistory
    self.createdAt = createdAt
  }
}

/// A section of a binary model file that this reader does not interpret.
public struct OpaqueSection: Sendable, Equatable {
  /// The section's four-character type code.
  public var type: UInt32
  /// Whether a reader that does not know the type must refuse the file.
  public var isRequired: Bool
  /// The section's payload.
  public var payload: [UInt8]

  /// Creates an opaque section.
  public init(type: UInt32, isRequired: Bool, payload: [UInt8]) {
    self.type = type
    self.isRequired = isRequired
    self.payload = payload
  }
}
