import NNModel

/// Where one dense layer's parameters sit in a network's flat parameter array.
public struct LayerLayout: Sendable, Equatable {
  /// The activation function.
  public let activation: Activation
  /// The number of inputs each neuron takes.
  public let inputs: Int
  /// The number of neurons.
  public let units: Int
  /// Index of `W[0, 0]` in ``Network/parameters``; `W` is `[units, inputs]`, row-major.
  public let weightOffset: Int
  /// Index of `b[0]` in ``Network/parameters``, right after the weights.
  @inlinable public var biasOffset: Int { weightOffset + inputs * units }
  /// Index one past the layer's last parameter.
  @inlinable public var endOffset: Int { biasOffset + units }

  /// Creates a layout.
  public init(activation: Activation, inputs: Int, units: Int, weightOffset: Int) {
    self.activation = activation
    self.inputs = inputs
    self.units = units
    self.weightOffset = weightOffset
  }
}

/// A feed-forward network of dense layers, computing in `Scalar` (`Float` or `Double`).
///
/// Layer `l` computes `z = W·x + b` and `a = f(z)`, where `x` is the previous layer's `a` (or
/// the normalized input for the first layer). All weights and biases live in one contiguous
/// array, ``parameters``, layer after layer, each layer's `W` (row-major `[units, inputs]`)
/// followed by its `b`, so the optimizers run over one flat buffer and the kernels over
/// contiguous rows. A `Network` is a value: copies are independent.
public struct Network<Scalar: NetworkScalar>: Sendable {
  /// The layers, from the input side to the output.
  public let layers: [LayerLayout]
  /// Every weight and bias, in the layout described by ``layers``.
  @inlinable public var parameters: [Scalar] { storage }
  /// The parameters' storage (its count never changes).
  @usableFromInline var storage: [Scalar]
  /// The number of inputs of the first layer.
  public let inputCount: Int
  /// The number of outputs of the last layer.
  public let outputCount: Int
  /// The widest layer, counting the input as a layer.
  public let maxWidth: Int
  /// The kernels this network's single-precision layers run on: ``KernelPath/selected`` at
  /// first; setting a path the CPU cannot run gives the widest it can.
  @inlinable public var kernelPath: KernelPath {
    get { kernels }
    set { kernels = min(newValue, KernelPath.widest) }
  }
  @usableFromInline var kernels: KernelPath = .selected

  /// Builds the network of `model`, converting its parameters to `Scalar`.
  ///
  /// Throws an ``EngineError`` naming the layer when the shapes do not chain (layer `l`'s
  /// inputs equal layer `l−1`'s units, the first layer's inputs equal the feature count), a
  /// tensor's element count disagrees with its shape, or softmax is used before the last layer.
  public init(model: Model) throws(EngineError) {
    guard !model.features.isEmpty else { throw .noInputs }
    guard !model.layers.isEmpty else { throw .noLayers }
    var layouts: [LayerLayout] = []
    var offset = 0
    var inputs = model.features.count
    for (index, layer) in model.layers.enumerated() {
      let shape = layer.weights.shape
      guard shape.count == 2, shape[1] == inputs, shape[0] >= 0 else {
        throw .weightShape(
          layer: index, expected: [shape.first ?? 0, inputs], found: shape)
      }
      let units = shape[0]
      guard units > 0 else { throw .emptyLayer(layer: index) }
      let (weightCount, overflow) = units.multipliedReportingOverflow(by: inputs)
      guard !overflow, weightCount < Int.max / 4 else { throw .tooLarge(layer: index) }
      guard layer.weights.storage.count == weightCount else {
        throw .elementCount(
          layer: index, tensor: "weights", expected: weightCount,
          found: layer.weights.storage.count)
      }
      guard layer.biases.shape == [units] else {
        throw .biasShape(layer: index, expected: [units], found: layer.biases.shape)
      }
      guard layer.biases.storage.count == units else {
        throw .elementCount(
          layer: index, tensor: "biases", expected: units, found: layer.biases.storage.count)
      }
      if layer.activation == .softmax && index != model.layers.count - 1 {
        throw .softmaxNotLast(layer: index)
      }
      layouts.append(
        LayerLayout(
          activation: layer.activation, inputs: inputs, units: units, weightOffset: offset))
      offset += weightCount + units
      guard offset < Int.max / 4 else { throw .tooLarge(layer: index) }
      inputs = units
    }
    var parameters: [Scalar] = []
    parameters.reserveCapacity(offset)
    for layer in model.layers {
      parameters += Scalar.values(of: layer.weights.storage)
      parameters += Scalar.values(of: layer.biases.storage)
    }
    self.layers = layouts
    self.storage = parameters
    self.inputCount = model.features.count
    self.outputCount = inputs
    self.maxWidth = layouts.reduce(model.features.count) { max($0, $1.units) }
  }

  /// The total number of weights and biases.
  @inlinable public var parameterCount: Int { parameters.count }

  /// The weight or bias `id` names.
  ///
  /// - Precondition: ``contains(_:)`` is true for `id` (ids from `ParameterID(name:in:)` are);
  ///   a subscript cannot throw, so check a hand-built id first, or use `AnyNetwork`'s
  ///   throwing `parameter(_:)` and `setParameter(_:to:)`.
  public subscript(id: ParameterID) -> Scalar {
    get { parameters[index(of: id)] }
    set { storage[index(of: id)] = newValue }
  }

  /// Whether `id` names a weight or bias of this network (its layer, neuron and input exist).
  public func contains(_ id: ParameterID) -> Bool {
    guard layers.indices.contains(id.layer) else { return false }
    let layer = layers[id.layer]
    guard (0..<layer.units).contains(id.neuron) else { return false }
    return id.input.map { (0..<layer.inputs).contains($0) } ?? true
  }

  /// The index of `id` in ``parameters``.
  ///
  /// - Precondition: ``contains(_:)`` is true for `id`.
  public func index(of id: ParameterID) -> Int {
    let layer = layers[id.layer]
    precondition(id.neuron >= 0 && id.neuron < layer.units, "neuron out of range")
    if let input = id.input {
      precondition(input >= 0 && input < layer.inputs, "input out of range")
      return layer.weightOffset + id.neuron * layer.inputs + input
    }
    return layer.biasOffset + id.neuron
  }

  /// Whether every parameter is finite (no NaN, no infinity).
  @inlinable public var parametersAreFinite: Bool {
    storage.withUnsafeBufferPointer { values in
      var finite = true
      for value in values { finite = finite && value.isFinite }
      return finite
    }
  }

  /// `model` with this network's parameters in place of its own, each tensor kept in its
  /// element type (or `Scalar`'s, for a layer the model lacks). Everything else in the model —
  /// features, output, provenance, metadata — is untouched. If the model's layers do not match
  /// the network's shapes, the network's layers replace them.
  public func writing(into model: Model) -> Model {
    var result = model
    var newLayers: [DenseLayer] = []
    for (index, layout) in layers.enumerated() {
      let old = index < model.layers.count ? model.layers[index] : nil
      let weightType = old?.weights.scalarType ?? Scalar.scalarType
      let biasType = old?.biases.scalarType ?? Scalar.scalarType
      let weights = Array(parameters[layout.weightOffset..<layout.biasOffset])
      let biases = Array(parameters[layout.biasOffset..<layout.endOffset])
      newLayers.append(
        DenseLayer(
          activation: layout.activation,
          weights: Tensor(
            shape: [layout.units, layout.inputs],
            storage: Scalar.storage(weights, as: weightType)),
          biases: Tensor(shape: [layout.units], storage: Scalar.storage(biases, as: biasType))))
    }
    result.layers = newLayers
    return result
  }
}
