import NNModel

/// What ``AnyNetwork`` asks of its network, in `Double`s. `Network<Float>` and `Network<Double>`
/// implement it once, generically, so that `AnyNetwork` reaches its network through this one
/// existential instead of a `switch` over the precisions in every method.
///
/// The witnesses are generic; `@_specialize` compiles each for `Float` and `Double` and makes the
/// generic entry jump to them (the engine's EagerSpecializer), so a call through the
/// existential runs code as specialized as a call on a concrete `Network<Float>`.
protocol DoubleNetwork: Sendable {
  var scalarType: ScalarType { get }
  var outputCount: Int { get }
  func writing(into model: Model) -> Model
  func predict(raw: [Double], features: [Feature]) -> [Double]
  func predict(normalized input: [Double]) throws(EngineError) -> [Double]
  func predict(normalizedBatch inputs: [[Double]]) throws(EngineError) -> [[Double]]
  func predict(
    columns: [[Double]], rows: Range<Int>, features: [Feature],
    into output: UnsafeMutablePointer<Double>)
  func trace(normalized input: [Double]) throws(EngineError) -> ForwardTrace
  func gradients(normalized input: [Double], target: [Double], loss: Loss) throws(EngineError)
    -> GradientReport
  func chainRule(normalized input: [Double], target: [Double], loss: Loss, parameter: ParameterID)
    throws(EngineError) -> ChainRuleBreakdown
  func meanLoss(on data: TrainingData, features: [Feature], loss: Loss) throws(EngineError)
    -> Double
  func contains(_ id: ParameterID) -> Bool
  subscript(double id: ParameterID) -> Double { get set }
  mutating func train(
    on data: TrainingData, validation: TrainingData?, features: [Feature],
    configuration: TrainingConfiguration, onEpoch: (EpochReport) -> EpochDecision
  ) throws(TrainingError) -> TrainingReport
}

extension Network: DoubleNetwork {
  var scalarType: ScalarType { Scalar.scalarType }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func predict(raw: [Double], features: [Feature]) -> [Double] {
    withUnsafeTemporaryAllocation(of: Scalar.self, capacity: inputCount + outputCount) {
      buffer in
      for index in 0..<inputCount {
        buffer[index] = Scalar(features[index].normalization.apply(raw[index]))
      }
      let output = UnsafeMutableBufferPointer(rebasing: buffer[inputCount...])
      forward(UnsafeBufferPointer(rebasing: buffer[..<inputCount]), into: output)
      return output.map(Double.init)
    }
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func predict(normalized input: [Double]) throws(EngineError) -> [Double] {
    try forward(input.map { Scalar($0) }).map(Double.init)
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func predict(normalizedBatch inputs: [[Double]]) throws(EngineError) -> [[Double]] {
    try forward(batch: inputs.map { $0.map { Scalar($0) } }).map { $0.map(Double.init) }
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func trace(normalized input: [Double]) throws(EngineError) -> ForwardTrace {
    try trace(input.map { Scalar($0) }).doubles
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func gradients(normalized input: [Double], target: [Double], loss: Loss) throws(EngineError)
    -> GradientReport
  {
    try gradients(input: input.map { Scalar($0) }, target: target.map { Scalar($0) }, loss: loss)
      .doubles
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func chainRule(normalized input: [Double], target: [Double], loss: Loss, parameter: ParameterID)
    throws(EngineError) -> ChainRuleBreakdown
  {
    try chainRule(
      input: input.map { Scalar($0) }, target: target.map { Scalar($0) }, loss: loss,
      parameter: parameter)
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func meanLoss(on data: TrainingData, features: [Feature], loss: Loss) throws(EngineError)
    -> Double
  {
    try meanLoss(on: Self.dataset(data, features: features), loss: loss)
  }

  subscript(double id: ParameterID) -> Double {
    get { Double(self[id]) }
    set { self[id] = Scalar(newValue) }
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  mutating func train(
    on data: TrainingData, validation: TrainingData?, features: [Feature],
    configuration: TrainingConfiguration, onEpoch: (EpochReport) -> EpochDecision
  ) throws(TrainingError) -> TrainingReport {
    try train(
      on: Self.dataset(data, features: features),
      validation: validation.map { Self.dataset($0, features: features) },
      configuration: configuration, onEpoch: onEpoch)
  }

  /// Raw rows normalized with `features` and flattened in this network's precision.
  static func dataset(_ data: TrainingData, features: [Feature]) -> Dataset<Scalar> {
    var inputs: [Scalar] = []
    inputs.reserveCapacity(data.count * features.count)
    for row in data.inputs {
      for (value, feature) in zip(row, features) {
        inputs.append(Scalar(feature.normalization.apply(value)))
      }
    }
    return Dataset(
      inputs: inputs, targets: data.targets.flatMap { $0.map { Scalar($0) } }, count: data.count)
  }
}
