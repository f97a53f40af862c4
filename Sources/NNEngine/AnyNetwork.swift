import NNModel

/// A network in the model's own precision, behind a Double interface: what the tools use.
///
/// It keeps the model (features, normalization, output, metadata) and a `Network<Float>` or
/// `Network<Double>` (``Network``) chosen by the model's `Model.scalarType`. Raw inputs are normalized
/// with each feature's `Normalization` (`x' = (x − shift) / scale`) before they reach the
/// first layer.
public struct AnyNetwork: Sendable {
  @usableFromInline
  enum Storage: Sendable {
    case float32(Network<Float>)
    case float64(Network<Double>)
  }

  @usableFromInline var storage: Storage
  private var base: Model

  /// Builds the network of `model`.
  public init(model: Model) throws(EngineError) {
    switch model.scalarType {
    case .float32: storage = .float32(try Network<Float>(model: model))
    case .float64: storage = .float64(try Network<Double>(model: model))
    }
    base = model
  }

  /// The model with the current parameters.
  public var model: Model {
    switch storage {
    case .float32(let network): network.writing(into: base)
    case .float64(let network): network.writing(into: base)
    }
  }

  /// The precision the network computes in.
  public var scalarType: ScalarType {
    switch storage {
    case .float32: .float32
    case .float64: .float64
    }
  }

  /// The number of inputs.
  public var inputCount: Int { base.features.count }
  /// The model's input features (names, units, normalization), in input order.
  public var features: [Feature] { base.features }
  /// How the model's outputs are read (regression, binary, multiclass; labels; output
  /// normalization).
  public var output: OutputSpec { base.output }
  /// The number of outputs.
  public var outputCount: Int {
    switch storage {
    case .float32(let network): network.outputCount
    case .float64(let network): network.outputCount
    }
  }

  /// Every parameter in naming order (`w1, w2, …, b1, b2, …`).
  public var parameterIDs: [ParameterID] { ParameterID.all(in: base) }

  /// The parameter called `name` (`w5`, `b3`, `L1.n2.w1`, `L2.n1.b`), if it exists.
  public func parameterID(named name: String) -> ParameterID? {
    ParameterID(name: name, in: base)
  }

  /// The short name (`w5`, `b3`) of `id`.
  public func name(of id: ParameterID) -> String { id.name(in: base) }

  /// Raw feature values mapped to what the first layer sees.
  ///
  /// - Precondition: `raw.count == inputCount`.
  public func normalize(raw: [Double]) -> [Double] {
    precondition(raw.count == inputCount, "expected \(inputCount) inputs, got \(raw.count)")
    return zip(raw, base.features).map { $1.normalization.apply($0) }
  }

  /// The outputs for raw feature values (normalized on the stack; one allocation, the result).
  ///
  /// The unchecked form, for rows your own code built; `predict(_:)` checks the
  /// count and throws.
  ///
  /// - Precondition: `raw.count == inputCount`.
  public func predict(raw: [Double]) -> [Double] {
    precondition(raw.count == inputCount, "expected \(inputCount) inputs, got \(raw.count)")
    switch storage {
    case .float32(let network): return Self.predict(network, raw: raw, features: base.features)
    case .float64(let network): return Self.predict(network, raw: raw, features: base.features)
    }
  }

  private static func predict<Scalar: NetworkScalar>(
    _ network: Network<Scalar>, raw: [Double], features: [Feature]
  ) -> [Double] {
    let (inputs, outputs) = (network.inputCount, network.outputCount)
    return withUnsafeTemporaryAllocation(of: Scalar.self, capacity: inputs + outputs) { buffer in
      for index in 0..<inputs {
        buffer[index] = Scalar(features[index].normalization.apply(raw[index]))
      }
      let output = UnsafeMutableBufferPointer(rebasing: buffer[inputs...])
      network.forward(UnsafeBufferPointer(rebasing: buffer[..<inputs]), into: output)
      return output.map(Double.init)
    }
  }

  /// The outputs for inputs that are already normalized.
  public func predict(normalized input: [Double]) -> [Double] {
    switch storage {
    case .float32(let network): network.forward(input.map { Float($0) }).map(Double.init)
    case .float64(let network): network.forward(input)
    }
  }

  /// The outputs for many raw rows, computed as one batch.
  public func predict(batch raw: [[Double]]) -> [[Double]] {
    let inputs = raw.map { normalize(raw: $0) }
    switch storage {
    case .float32(let network):
      return network.forward(batch: inputs.map { $0.map { Float($0) } }).map {
        $0.map(Double.init)
      }
    case .float64(let network):
      return network.forward(batch: inputs)
    }
  }

  /// The forward pass for raw values with every neuron's `z` and `a` (the trace's `input` is
  /// the normalized input).
  public func trace(raw: [Double]) -> ForwardTrace {
    let input = normalize(raw: raw)
    switch storage {
    case .float32(let network): return network.trace(input.map { Float($0) }).doubles
    case .float64(let network): return network.trace(input)
    }
  }

  /// The loss of one raw sample and its gradient for every parameter.
  public func gradients(raw: [Double], target: [Double], loss: Loss) -> GradientReport {
    let input = normalize(raw: raw)
    switch storage {
    case .float32(let network):
      return network.gradients(
        input: input.map { Float($0) }, target: target.map { Float($0) }, loss: loss
      ).doubles
    case .float64(let network):
      return network.gradients(input: input, target: target, loss: loss)
    }
  }

  /// The mean loss over raw samples with the current parameters: `(1/n) Σ L(ŷᵢ, yᵢ)` over the
  /// `n` rows, the number training reports each epoch (0 for no rows).
  ///
  /// - Precondition: as many target rows as input rows, each input row `inputCount` values and
  ///   each target row `outputCount` values (`train(on:…)` checks the same and throws).
  public func loss(on data: TrainingData, loss: Loss) -> Double {
    // Rows of the wrong length would make the engine read past its buffers: stop instead.
    do throws(TrainingError) { try check(data, name: "data") } catch {
      preconditionFailure("\(error)")
    }
    switch storage {
    case .float32(let network): return network.meanLoss(on: dataset(data), loss: loss)
    case .float64(let network): return network.meanLoss(on: dataset(data), loss: loss)
    }
  }

  /// The value of one parameter.
  public func parameter(_ id: ParameterID) -> Double {
    switch storage {
    case .float32(let network): Double(network[id])
    case .float64(let network): network[id]
    }
  }

  /// Sets one parameter (rounded to the network's precision).
  public mutating func setParameter(_ id: ParameterID, to value: Double) {
    switch storage {
    case .float32(var network):
      network[id] = Float(value)
      storage = .float32(network)
    case .float64(var network):
      network[id] = value
      storage = .float64(network)
    }
  }

  /// Trains on raw samples (normalized here with the model's features); see
  /// ``Network/train(on:validation:configuration:onEpoch:)``.
  public mutating func train(
    on data: TrainingData, validation: TrainingData? = nil,
    configuration: TrainingConfiguration,
    onEpoch: (EpochReport) -> EpochDecision = { _ in .continue }
  ) throws(TrainingError) -> TrainingReport {
    try check(data, name: "training")
    if let validation { try check(validation, name: "validation") }
    switch storage {
    case .float32(var network):
      defer { storage = .float32(network) }
      return try network.train(
        on: dataset(data), validation: validation.map { dataset($0) },
        configuration: configuration, onEpoch: onEpoch)
    case .float64(var network):
      defer { storage = .float64(network) }
      return try network.train(
        on: dataset(data), validation: validation.map { dataset($0) },
        configuration: configuration, onEpoch: onEpoch)
    }
  }

  private func check(_ data: TrainingData, name: String) throws(TrainingError) {
    guard data.inputs.count == data.targets.count else {
      throw .invalidData(
        "\(name): \(data.inputs.count) input rows but \(data.targets.count) target rows")
    }
    for (row, (input, target)) in zip(data.inputs, data.targets).enumerated() {
      guard input.count == inputCount else {
        throw .invalidData(
          "\(name) row \(row + 1): \(input.count) inputs, the model takes \(inputCount)")
      }
      guard target.count == outputCount else {
        throw .invalidData(
          "\(name) row \(row + 1): \(target.count) targets, the model gives \(outputCount)")
      }
    }
  }

  private func dataset<Scalar: NetworkScalar>(_ data: TrainingData) -> Dataset<Scalar> {
    var inputs: [Scalar] = []
    inputs.reserveCapacity(data.count * inputCount)
    for row in data.inputs {
      for (value, feature) in zip(row, base.features) {
        inputs.append(Scalar(feature.normalization.apply(value)))
      }
    }
    return Dataset(
      inputs: inputs, targets: data.targets.flatMap { $0.map { Scalar($0) } }, count: data.count)
  }
}

extension AnyNetwork {
  /// The chain-rule breakdown of ∂L/∂θ for one raw sample (see ``ChainRuleBreakdown``).
  public func chainRule(raw: [Double], target: [Double], loss: Loss, parameter: ParameterID)
    -> ChainRuleBreakdown
  {
    let input = normalize(raw: raw)
    switch storage {
    case .float32(let network):
      return network.chainRule(
        input: input.map { Float($0) }, target: target.map { Float($0) }, loss: loss,
        parameter: parameter)
    case .float64(let network):
      return network.chainRule(input: input, target: target, loss: loss, parameter: parameter)
    }
  }
}
