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
  case momentum(learningRate: Double, momentum: Double = Optimizer.defaultMomentum)
  /// Adam.
  case adam(
    learningRate: Double = Kind.adam.defaultLearningRate, beta1: Double = Optimizer.defaultBeta1,
    beta2: Double = Optimizer.defaultBeta2, epsilon: Double = Optimizer.defaultEpsilon)

  /// The momentum coefficient μ used when none is given: 0.9.
  public static let defaultMomentum = 0.9
  /// Adam's β₁ when none is given: 0.9 (Kingma and Ba's).
  public static let defaultBeta1 = 0.9
  /// Adam's β₂ when none is given: 0.999 (Kingma and Ba's).
  public static let defaultBeta2 = 0.999
  /// Adam's ε when none is given: 1e-8 (Kingma and Ba's).
  public static let defaultEpsilon = 1e-8

  /// An optimizer without its hyper-parameters; the raw value is its name in model provenance
  /// and on the command line (`nntool train --optimizer`), the one place those names are spelled.
  public enum Kind: String, CaseIterable, Sendable {
    /// Plain SGD.
    case sgd
    /// SGD with momentum.
    case momentum
    /// Adam.
    case adam

    /// The learning rate used when none is given, the one place these numbers are written:
    /// SGD 0.1 (the tutorial's), momentum 0.01, Adam 0.001 (Kingma and Ba's).
    public var defaultLearningRate: Double {
      switch self {
      case .sgd: 0.1
      case .momentum: 0.01
      case .adam: 0.001
      }
    }
  }

  /// Which optimizer this is, without its hyper-parameters.
  public var kind: Kind {
    switch self {
    case .sgd: .sgd
    case .momentum: .momentum
    case .adam: .adam
    }
  }

  /// The name used in model provenance and on the command line: `sgd`, `momentum`, `adam`.
  public var name: String { kind.rawValue }

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
  @usableFromInline enum Kind {
    case sgd, momentum, adam
  }
  @usableFromInline let kind: Kind
  /// η, μ (momentum), β₁, β₂, ε, converted once.
  @usableFromInline let eta: Scalar
  @usableFromInline let mu: Scalar
  @usableFromInline let beta1: Scalar
  @usableFromInline let beta2: Scalar
  @usableFromInline let epsilon: Scalar
  @usableFromInline let beta1Double: Double
  @usableFromInline let beta2Double: Double
  @usableFromInline let count: Int
  @usableFromInline let first: UnsafeMutablePointer<Scalar>
  @usableFromInline let second: UnsafeMutablePointer<Scalar>
  @usableFromInline var beta1Power = 1.0
  @usableFromInline var beta2Power = 1.0

  @usableFromInline
  init(optimizer: Optimizer, count: Int) {
    var (mu, beta1, beta2, epsilon) = (0.0, 0.0, 0.0, 0.0)
    switch optimizer {
    case .sgd: kind = .sgd
    case .momentum(_, let momentum): (kind, mu) = (.momentum, momentum)
    case .adam(_, let b1, let b2, let eps): (kind, beta1, beta2, epsilon) = (.adam, b1, b2, eps)
    }
    eta = Scalar(optimizer.learningRate)
    self.mu = Scalar(mu)
    self.beta1 = Scalar(beta1)
    self.beta2 = Scalar(beta2)
    self.epsilon = Scalar(epsilon)
    (beta1Double, beta2Double) = (beta1, beta2)
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
    switch kind {
    case .sgd:
      for i in 0..<count { p[i] -= eta * g[i] }
    case .momentum:
      let v = first
      for i in 0..<count {
        v[i] = mu * v[i] + g[i]
        p[i] -= eta * v[i]
      }
    case .adam:
      beta1Power *= beta1Double
      beta2Power *= beta2Double
      let correction1 = Scalar(1 - beta1Power)
      let correction2 = Scalar(1 - beta2Power)
      let (m, v) = (first, second)
      for i in 0..<count {
        m[i] = beta1 * m[i] + (1 - beta1) * g[i]
        v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
        let mHat = m[i] / correction1
        let vHat = v[i] / correction2
        p[i] -= eta * mHat / (vHat.squareRoot() + epsilon)
      }
    }
  }
}
