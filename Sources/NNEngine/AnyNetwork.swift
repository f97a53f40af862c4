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
  /// - Throws: ``EngineError/inputCount(expected:found:row:)`` unless there is one value per
  ///   feature.
  public func normalize(raw: [Double]) throws(EngineError) -> [Double] {
    guard raw.count == inputCount else {
      throw .inputCount(expected: inputCount, found: raw.count)
    }
    return zip(raw, base.features).map { $1.normalization.apply($0) }
  }

  /// The network's own outputs for raw feature values in feature order (normalized on the
  /// stack; one allocation, the result), before any output normalization: what the loss and
  /// the gradients are computed on. `predict(_:)` gives the answer in the targets' units.
  ///
  /// - Throws: ``EngineError/inputCount(expected:found:row:)`` unless there is one value per
  ///   feature (one comparison: the rest of the pass is unchecked).
  public func predict(raw: [Double]) throws(EngineError) -> [Double] {
    guard raw.count == inputCount else {
      throw .inputCount(expected: inputCount, found: raw.count)
    }
    return storage.predict(raw: raw, features: base.features)
  }

  /// The outputs for inputs that are already normalized.
  ///
  /// - Throws: ``EngineError/inputCount(expected:found:row:)`` unless there is one value per
  ///   input.
  public func predict(normalized input: [Double]) throws(EngineError) -> [Double] {
    try storage.predict(normalized: input)
  }

  /// The network's own outputs (as ``predict(raw:)``) for many raw rows, computed as one batch.
  ///
  /// - Throws: ``EngineError/inputCount(expected:found:row:)`` with the first row (from 0)
  ///   that is not one value per feature.
  public func predict(batch raw: [[Double]]) throws(EngineError) -> [[Double]] {
    var normalized: [[Double]] = []
    normalized.reserveCapacity(raw.count)
    for (row, values) in raw.enumerated() {
      guard values.count == inputCount else {
        throw .inputCount(expected: inputCount, found: values.count, row: row)
      }
      normalized.append(zip(values, base.features).map { $1.normalization.apply($0) })
    }
    return try storage.predict(normalizedBatch: normalized)
  }

  /// The forward pass for raw values with every neuron's `z` and `a` (the trace's `input` is
  /// the normalized input).
  ///
  /// - Throws: ``EngineError/inputCount(expected:found:row:)`` unless there is one value per
  ///   feature.
  public func trace(raw: [Double]) throws(EngineError) -> ForwardTrace {
    try storage.trace(normalized: normalize(raw: raw))
  }

  /// The loss of one raw sample and its gradient for every parameter.
  ///
  /// - Throws: ``EngineError/inputCount(expected:found:row:)`` unless there is one value per
  ///   feature, ``EngineError/targetCount(expected:found:row:)`` unless there is one target per
  ///   output.
  public func gradients(raw: [Double], target: [Double], loss: Loss) throws(EngineError)
    -> GradientReport
  {
    try storage.gradients(normalized: normalize(raw: raw), target: target, loss: loss)
  }

  /// The mean loss over raw samples with the current parameters: `(1/n) Σ L(ŷᵢ, yᵢ)` over the
  /// `n` rows, the number training reports each epoch (0 for no rows).
  ///
  /// - Throws: ``EngineError/rowCountMismatch(inputs:targets:)`` unless there are as many
  ///   target rows as input rows; ``EngineError/inputCount(expected:found:row:)`` or
  ///   ``EngineError/targetCount(expected:found:row:)`` with the first row (from 0) of the wrong
  ///   length (`train(on:…)` checks the same).
  public func loss(on data: TrainingData, loss: Loss) throws(EngineError) -> Double {
    try checkShape(of: data)
    return try storage.meanLoss(on: data, features: base.features, loss: loss)
  }

  /// The value of one parameter.
  ///
  /// - Throws: ``EngineError/unknownParameter(_:)`` for an `id` built by hand that names no
  ///   weight or bias of the network (ids from ``parameterIDs`` and ``parameterID(named:)``
  ///   always do).
  public func parameter(_ id: ParameterID) throws(EngineError) -> Double {
    guard storage.contains(id) else { throw .unknownParameter(id) }
    return storage[double: id]
  }

  /// Sets one parameter (rounded to the network's precision).
  ///
  /// - Throws: as ``parameter(_:)``, before changing anything.
  public mutating func setParameter(_ id: ParameterID, to value: Double) throws(EngineError) {
    guard storage.contains(id) else { throw .unknownParameter(id) }
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
    // ``Network/train(on:validation:configuration:onEpoch:)`` checks the rest (empty data,
    // the configuration).
    return try storage.train(
      on: data, validation: validation, features: base.features, configuration: configuration,
      onEpoch: onEpoch)
  }

  /// `checkShape(of:)` for training, as a `TrainingError` naming the data set.
  private func check(_ data: TrainingData, name: String) throws(TrainingError) {
    do throws(EngineError) { try checkShape(of: data) } catch {
      throw .invalidData("\(name): \(error)")
    }
  }

  /// Throws unless `data` has as many target rows as input rows, each input row one value per
  /// feature and each target row one value per output.
  private func checkShape(of data: TrainingData) throws(EngineError) {
    guard data.inputs.count == data.targets.count else {
      throw .rowCountMismatch(inputs: data.inputs.count, targets: data.targets.count)
    }
    for (row, (input, target)) in zip(data.inputs, data.targets).enumerated() {
      guard input.count == inputCount else {
        throw .inputCount(expected: inputCount, found: input.count, row: row)
      }
      guard target.count == outputCount else {
        throw .targetCount(expected: outputCount, found: target.count, row: row)
      }
    }
  }

}

extension AnyNetwork {
  /// The chain-rule breakdown of ∂L/∂θ for one raw sample (see ``ChainRuleBreakdown``).
  ///
  /// - Throws: ``EngineError/inputCount(expected:found:row:)``,
  ///   ``EngineError/targetCount(expected:found:row:)`` for rows of the wrong length,
  ///   ``EngineError/unknownParameter(_:)`` for a `parameter` the network does not have.
  public func chainRule(raw: [Double], target: [Double], loss: Loss, parameter: ParameterID)
    throws(EngineError) -> ChainRuleBreakdown
  {
    try storage.chainRule(
      normalized: normalize(raw: raw), target: target, loss: loss, parameter: parameter)
  }
}
