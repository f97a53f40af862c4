import NNModel

/// A network in the model's own precision, behind a Double interface: what the tools use.
///
/// It keeps the model (features, normalization, output, metadata) and a `Network<Float>` or
/// `Network<Double>` (``Network``) chosen by the model's `Model.scalarType`. Raw inputs are normalized
/// with each feature's `Normalization` (`x' = (x − shift) / scale`) before they reach the
/// first layer.
public struct AnyNetwork: Sendable {
  /// A `Network<Float>` or a `Network<Double>`.
  var storage: any DoubleNetwork
  private var base: Model

  /// Builds the network of `model`.
  public init(model: Model) throws(EngineError) {
    switch model.scalarType {
    case .float32: storage = try Network<Float>(model: model)
    case .float64: storage = try Network<Double>(model: model)
    }
    base = model
  }

  /// The model with the current parameters.
  public var model: Model { storage.writing(into: base) }

  /// The precision the network computes in.
  public var scalarType: ScalarType { storage.scalarType }

  /// The number of inputs.
  public var inputCount: Int { base.features.count }
  /// The model's input features (names, units, normalization), in input order.
  public var features: [Feature] { base.features }
  /// How the model's outputs are read (regression, binary, multiclass; labels; output
  /// normalization).
  public var output: OutputSpec { base.output }
  /// The number of outputs.
  public var outputCount: Int { storage.outputCount }

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

  /// The network's own outputs for raw feature values in feature order (normalized on the
  /// stack; one allocation, the result), before any output normalization: what the loss and
  /// the gradients are computed on. `predict(_:)` gives the answer in the targets' units.
  ///
  /// - Throws: ``EngineError/inputCount(expected:found:)`` unless there is one value per
  ///   feature (one comparison: the rest of the pass is unchecked).
  public func predict(raw: [Double]) throws(EngineError) -> [Double] {
    guard raw.count == inputCount else {
      throw .inputCount(expected: inputCount, found: raw.count)
    }
    return storage.predict(raw: raw, features: base.features)
  }

  /// The outputs for inputs that are already normalized.
  public func predict(normalized input: [Double]) -> [Double] {
    storage.predict(normalized: input)
  }

  /// The outputs for many raw rows, computed as one batch.
  public func predict(batch raw: [[Double]]) -> [[Double]] {
    storage.predict(normalizedBatch: raw.map { normalize(raw: $0) })
  }

  /// The forward pass for raw values with every neuron's `z` and `a` (the trace's `input` is
  /// the normalized input).
  public func trace(raw: [Double]) -> ForwardTrace {
    storage.trace(normalized: normalize(raw: raw))
  }

  /// The loss of one raw sample and its gradient for every parameter.
  public func gradients(raw: [Double], target: [Double], loss: Loss) -> GradientReport {
    storage.gradients(normalized: normalize(raw: raw), target: target, loss: loss)
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
    return storage.meanLoss(on: data, features: base.features, loss: loss)
  }

  /// The value of one parameter.
  public func parameter(_ id: ParameterID) -> Double { storage[double: id] }

  /// Sets one parameter (rounded to the network's precision).
  public mutating func setParameter(_ id: ParameterID, to value: Double) {
    storage[double: id] = value
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
    return try storage.train(
      on: data, validation: validation, features: base.features, configuration: configuration,
      onEpoch: onEpoch)
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

}

extension AnyNetwork {
  /// The chain-rule breakdown of ∂L/∂θ for one raw sample (see ``ChainRuleBreakdown``).
  public func chainRule(raw: [Double], target: [Double], loss: Loss, parameter: ParameterID)
    -> ChainRuleBreakdown
  {
    storage.chainRule(
      normalized: normalize(raw: raw), target: target, loss: loss, parameter: parameter)
  }
}
