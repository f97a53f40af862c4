/// The closed list of activation functions a model file may name.
///
/// Nothing in a model file is executable: a layer names one of these, and a reader refuses any
/// other name. The raw value is the name used in both encodings.
public enum Activation: String, CaseIterable, Sendable, Hashable {
  /// σ(z) = 1 / (1 + e^−z), the tutorial's activation.
  case sigmoid
  /// tanh(z).
  case tanh
  /// max(0, z).
  case relu
  /// z for z > 0, otherwise ``Activation/leakyReLUSlope`` · z.
  case leakyReLU = "leaky_relu"
  /// z, unchanged (for regression outputs).
  case identity
  /// e^z_i / Σ_j e^z_j over the layer; allowed only on the output layer.
  case softmax

  /// The slope of ``leakyReLU`` for negative inputs. Fixed by format v1.
  public static let leakyReLUSlope = 0.01
}
