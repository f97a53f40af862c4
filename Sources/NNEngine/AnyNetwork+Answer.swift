import NNModel

extension AnyNetwork {
  /// The answer for raw feature values, in the targets' units: the outputs of
  /// ``predict(raw:)`` mapped by the model's output normalization (`y = y′ · scale + shift`,
  /// format 1.1), or the outputs themselves for a model without one. `predict` gives the
  /// network's own outputs, which the loss and the gradients are computed on.
  public func answer(raw: [Double]) -> [Double] {
    output.denormalized(predict(raw: raw))
  }
}
