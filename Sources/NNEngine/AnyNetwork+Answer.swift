import NNModel

extension AnyNetwork {
  /// The answer for raw feature values, in the targets' units: the outputs of
  /// ``predict(raw:)`` mapped by the model's output normalization (`y = y′ · scale + shift`,
  /// format 1.1), or the outputs themselves for a model without one. `predict` gives the
  /// network's own outputs, which the loss and the gradients are computed on.
  ///
  /// - Throws: ``EngineError/inputCount(expected:found:row:)`` unless there is one value per
  ///   feature.
  public func answer(raw: [Double]) throws(EngineError) -> [Double] {
    output.denormalized(try predict(raw: raw))
  }
}
