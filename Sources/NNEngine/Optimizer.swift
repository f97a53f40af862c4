import NNModel

/// How a gradient `g` changes the parameters `θ` after each batch.
///
/// - ``sgd(learningRate:)``: `θ ← θ − η g` (the tutorial's update).
/// - ``momentum(learningRate:momentum:)``: `v ← μ v + g; θ ← θ − η v` (v starts at 0).
/// - ``adam(learningRate:beta1:beta2:epsilon:)`` (Kingma and Ba): `m ← β₁ m + (1 − β₁) g`,
///   `v ← β₂ v + (1 − β₂) g²`, `θ ← θ − η m̂ / (√v̂ + ε)` with `m̂ = m / (1 − β₁ᵗ)`,
///   `v̂ = v / (1 − β₂ᵗ)` at step t = 1, 2, … (βᵗ by repeated multiplication, so the update
///   uses only exact IEEE operations).
public enum Optimizer: Sendable, Equatable {
  /// Plain stochastic gradient descent.
  case sgd(learningRate: Double)
  /// Gradient descent with (heavy-ball) momentum.
  case momentum(learningRate: Double, momentum: Double = 0.9)
  /// Adam.
  case adam(
    learningRate: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999,
    epsilon: Double = 1e-8)

  /// The name used in model provenance and on the command line: `sgd`, `momentum`, `adam`.
  public var name: String {
    switch self {
    case .sgd: "sgd"
    case .momentum: "momentum"
    case .adam: "adam"
    }
  }

  /// The learning rate η.
  public var learningRate: Double {
    switch self {
    case .sgd(let rate), .momentum(let rate, _), .adam(let rate, _, _, _): rate
    }
  }

  /// The hyper-parameters by name (`learning_rate`, `momentum`, `beta1`, `beta2`, `epsilon`).
  public var hyperparameters: [String: Double] {
    switch self {
    case .sgd(let rate): ["learning_rate": rate]
    case .momentum(let rate, let momentum): ["learning_rate": rate, "momentum": momentum]
    case .adam(let rate, let beta1, let beta2, let epsilon):
      ["learning_rate": rate, "beta1": beta1, "beta2": beta2, "epsilon": epsilon]
    }
  }
}

/// An optimizer's running state over a flat parameter buffer; owns its moment buffers.
@usableFromInline
final class OptimizerState<Scalar: NetworkScalar> {
  @usableFromInline let optimizer: Optimizer
  @usableFromInline let count: Int
  @usableFromInline let first: UnsafeMutablePointer<Scalar>
  @usableFromInline let second: UnsafeMutablePointer<Scalar>
  @usableFromInline var beta1Power = 1.0
  @usableFromInline var beta2Power = 1.0

  @usableFromInline
  init(optimizer: Optimizer, count: Int) {
    self.optimizer = optimizer
    self.count = count
    first = .allocate(capacity: max(count, 1))
    second = .allocate(capacity: max(count, 1))
    first.initialize(repeating: 0, count: count)
    second.initialize(repeating: 0, count: count)
  }

  deinit {
    first.deallocate()
    second.deallocate()
  }

  /// Applies one update of `parameters` from `gradient`.
  @inlinable
  func step(parameters p: UnsafeMutablePointer<Scalar>, gradient g: UnsafePointer<Scalar>) {
    switch optimizer {
    case .sgd(let rate):
      let eta = Scalar(rate)
      for i in 0..<count { p[i] -= eta * g[i] }
    case .momentum(let rate, let momentum):
      let eta = Scalar(rate)
      let mu = Scalar(momentum)
      let v = first
      for i in 0..<count {
        v[i] = mu * v[i] + g[i]
        p[i] -= eta * v[i]
      }
    case .adam(let rate, let beta1, let beta2, let epsilon):
      beta1Power *= beta1
      beta2Power *= beta2
      let (eta, b1, b2, eps) = (Scalar(rate), Scalar(beta1), Scalar(beta2), Scalar(epsilon))
      let correction1 = Scalar(1 - beta1Power)
      let correction2 = Scalar(1 - beta2Power)
      let (m, v) = (first, second)
      for i in 0..<count {
        m[i] = b1 * m[i] + (1 - b1) * g[i]
        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
        let mHat = m[i] / correction1
        let vHat = v[i] / correction2
        p[i] -= eta * mHat / (vHat.squareRoot() + eps)
      }
    }
  }
}
