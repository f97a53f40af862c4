import NNModel

// The activation functions and their derivatives, one scalar at a time.
//
// Layer-wide loops live in `Kernels.swift`; softmax, which couples a whole layer, lives there too.

extension Activation {
  /// Whether the activation acts on each neuron separately (every one but softmax).
  @inlinable public var isElementwise: Bool { self != .softmax }

  /// f(z) for an elementwise activation, computed in `Scalar`.
  ///
  /// - sigmoid: σ(z) = 1 / (1 + e^−z). For very negative z, e^−z overflows to +∞ and the
  ///   result is exactly 0 (never NaN); for very positive z it is exactly 1. This is the
  ///   tutorial's formula, so its numbers come out bit for bit.
  /// - tanh: the C library's `tanh`, saturating at ±1.
  /// - relu: z when z > 0, else 0. leaky_relu: z when z > 0, else `Activation.leakyReLUSlope` · z.
  /// - identity: z.
  ///
  /// Softmax is not elementwise; asking for it here returns z unchanged.
  @inlinable
  public func apply<Scalar: NetworkScalar>(_ z: Scalar) -> Scalar {
    switch self {
    case .sigmoid: return 1 / (1 + Scalar.exponential(-z))
    case .tanh: return Scalar.hyperbolicTangent(z)
    case .relu: return z > 0 ? z : 0
    case .leakyReLU: return z > 0 ? z : Scalar(Activation.leakyReLUSlope) * z
    case .identity, .softmax: return z
    }
  }

  /// f′(z) for an elementwise activation, from the input z and the output a = f(z).
  ///
  /// σ′ = a(1 − a) (the tutorial's `deriv_sigmoid`), tanh′ = 1 − a², relu′ = [z > 0],
  /// leaky_relu′ = 1 for z > 0 else the slope, identity′ = 1. (At z = 0 the ReLU family takes
  /// the left derivative.) Softmax has a Jacobian instead; see `Kernels.softmaxBackward`.
  @inlinable
  public func derivative<Scalar: NetworkScalar>(z: Scalar, a: Scalar) -> Scalar {
    switch self {
    case .sigmoid: return a * (1 - a)
    case .tanh: return 1 - a * a
    case .relu: return z > 0 ? 1 : 0
    case .leakyReLU: return z > 0 ? 1 : Scalar(Activation.leakyReLUSlope)
    case .identity, .softmax: return 1
    }
  }
}
