import NNModel

/// A loss function: how far a prediction is from its target, averaged over a batch.
///
/// For one sample with `m` outputs `a` (the last layer's activations, `z` their weighted sums)
/// and targets `y`:
/// - ``meanSquaredError``: `L = (1/m) Σ_k (y_k − a_k)²`, so `∂L/∂a_k = −2(y_k − a_k)/m` — for
///   the tutorial's single output, `dL/dypred = −2(y − ypred)`.
/// - ``binaryCrossEntropy``: `L = −(1/m) Σ_k [y_k ln a_k + (1 − y_k) ln(1 − a_k)]`. After a
///   sigmoid it is computed from the logits, `ln(1 + e^−|z|) + max(z, 0) − y·z`, which is finite
///   for any z, and `∂L/∂z_k = (a_k − y_k)/m`.
/// - ``categoricalCrossEntropy``: `L = −Σ_k y_k ln a_k` (summed over classes). After a softmax it
///   is computed as `−Σ_k y_k (z_k − max z − ln Σ_j e^(z_j − max z))`, finite for any logits,
///   and `∂L/∂z_k = a_k Σ_j y_j − y_k` (`a − y` for a one-hot target).
///
/// A batch's loss is the mean of its samples' losses, so its gradient is the mean of theirs.
public enum Loss: String, CaseIterable, Sendable, Hashable {
  /// Mean squared error, the tutorial's loss.
  case meanSquaredError = "mse"
  /// Binary cross-entropy, for outputs in (0, 1) such as a sigmoid's.
  case binaryCrossEntropy = "bce"
  /// Categorical cross-entropy, for a softmax output and one-hot (or probability) targets.
  case categoricalCrossEntropy = "ce"

  /// The loss of one sample from its predicted outputs (not logits).
  ///
  /// Terms whose target weight is 0 are left out, so `0 · ln 0` counts as 0.
  ///
  /// - Throws: ``EngineError/targetCount(expected:found:row:)`` (`expected` is
  ///   `predicted.count`) unless there is one target per predicted value.
  public func value(predicted: [Double], target: [Double]) throws(EngineError) -> Double {
    guard predicted.count == target.count else {
      throw .targetCount(expected: predicted.count, found: target.count)
    }
    return predicted.withUnsafeBufferPointer { predicted in
      target.withUnsafeBufferPointer { value(predicted: predicted, target: $0) }
    }
  }

  /// The loss of one sample from outputs and targets in buffers (an evaluation's rows, which
  /// it does not copy into arrays); the same arithmetic as the
  /// form taking arrays.
  ///
  /// Unchecked, for speed, like the engine's other buffer forms: buffers of different lengths
  /// stop the program (a precondition); the form taking arrays checks them and throws.
  public func value(predicted: UnsafeBufferPointer<Double>, target: UnsafeBufferPointer<Double>)
    -> Double
  {
    precondition(predicted.count == target.count, "predicted and target lengths differ")
    let m = Double(predicted.count)
    var total = 0.0
    switch self {
    case .meanSquaredError:
      for (a, y) in zip(predicted, target) { total += (y - a) * (y - a) }
      return total / m
    case .binaryCrossEntropy:
      for (a, y) in zip(predicted, target) {
        if y != 0 { total -= y * Double.logarithm(a) }
        if y != 1 { total -= (1 - y) * Double.logOnePlus(-a) }
      }
      return total / m
    case .categoricalCrossEntropy:
      for (a, y) in zip(predicted, target) where y != 0 { total -= y * Double.logarithm(a) }
      return total
    }
  }

  /// `∂L/∂a_k` for one sample, from the outputs `a` (used for the chain-rule breakdown).
  public func gradient<Scalar: NetworkScalar>(predicted a: [Scalar], target y: [Scalar])
    -> [Scalar]
  {
    let m = Scalar(a.count)
    return zip(a, y).map { a, y in
      switch self {
      case .meanSquaredError: return -2 * (y - a) / m
      case .binaryCrossEntropy: return (a - y) / (a * (1 - a)) / m
      case .categoricalCrossEntropy: return y == 0 ? 0 : -y / a
      }
    }
  }

  /// One sample's loss; when `delta` is given, also writes `scale · ∂L/∂z` there.
  ///
  /// Sigmoid + binary cross-entropy and softmax + categorical cross-entropy use the logits
  /// (stable forms above); every other pairing goes through `∂L/∂a` and the activation's
  /// derivative (softmax's Jacobian: `∂L/∂z_k = a_k (g_k − Σ_j a_j g_j)` with `g = ∂L/∂a`).
  @inlinable
  func sampleLoss<S: NetworkScalar>(
    z: UnsafePointer<S>, a: UnsafePointer<S>, target y: UnsafePointer<S>, units m: Int,
    activation: Activation, delta: UnsafeMutablePointer<S>?, scale: S
  ) -> S {
    let count = S(m)
    let factor = scale / count  // ∂/∂a of a mean over m outputs, times the batch's 1/rows
    var loss: S = 0
    switch (self, activation) {
    case (.binaryCrossEntropy, .sigmoid):
      for k in 0..<m {
        let zk = z[k]
        loss += S.logOnePlus(S.exponential(-abs(zk))) + max(zk, 0) - zk * y[k]
        if let delta { delta[k] = (a[k] - y[k]) * factor }
      }
      return loss / count
    case (.categoricalCrossEntropy, .softmax):
      var largest = z[0]
      for k in 1..<max(m, 1) where z[k] > largest { largest = z[k] }
      var total: S = 0
      for k in 0..<m { total += S.exponential(z[k] - largest) }
      let logTotal = S.logarithm(total)
      var targetSum: S = 0
      for k in 0..<m where y[k] != 0 {
        loss -= y[k] * (z[k] - largest - logTotal)
        targetSum += y[k]
      }
      if let delta { for k in 0..<m { delta[k] = (a[k] * targetSum - y[k]) * scale } }
      return loss
    default:
      for k in 0..<m {
        let (ak, yk) = (a[k], y[k])
        switch self {
        case .meanSquaredError:
          loss += (yk - ak) * (yk - ak)
        case .binaryCrossEntropy:
          if yk != 0 { loss -= yk * S.logarithm(ak) }
          if yk != 1 { loss -= (1 - yk) * S.logOnePlus(-ak) }
        case .categoricalCrossEntropy:
          if yk != 0 { loss -= yk * S.logarithm(ak) }
        }
        if let delta {
          // g_k = ∂L/∂a_k, times the batch's 1/rows
          switch self {
          case .meanSquaredError: delta[k] = -2 * (yk - ak) * factor
          case .binaryCrossEntropy: delta[k] = (ak - yk) / (ak * (1 - ak)) * factor
          case .categoricalCrossEntropy: delta[k] = yk == 0 ? 0 : -yk / ak * scale
          }
        }
      }
      if self != .categoricalCrossEntropy { loss /= count }
      guard let delta else { return loss }
      if activation == .softmax {
        var weighted: S = 0
        for k in 0..<m { weighted += a[k] * delta[k] }
        for k in 0..<m { delta[k] = a[k] * (delta[k] - weighted) }
      } else {
        for k in 0..<m { delta[k] = delta[k] * activation.derivative(z: z[k], a: a[k]) }
      }
      return loss
    }
  }
}
