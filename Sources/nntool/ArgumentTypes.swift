import ArgumentParser
import NNCommandLine
import NNEngine
import NNModel

// The closed sets of values that options take, as argument-parser types. Each spells out its
// value strings: argument-parser's defaults go through String(describing:), whose dynamic
// casts scan every protocol conformance in the binary at start-up.

/// `--task`.
enum TaskArgument: String, ExpressibleByArgument, CaseIterable {
  static var allValueStrings: [String] { allCases.map(\.rawValue) }
  var defaultValueDescription: String { rawValue }

  case regression
  case binary
  case multiclass

  var kind: TargetKind { TargetKind(rawValue: rawValue)! }
}

/// `--activation`, `--output-activation`.
enum ActivationArgument: String, ExpressibleByArgument, CaseIterable {
  static var allValueStrings: [String] { allCases.map(\.rawValue) }
  var defaultValueDescription: String { rawValue }

  case sigmoid
  case tanh
  case relu
  case leakyReLU = "leaky_relu"
  case identity
  case softmax

  var activation: Activation { Activation(rawValue: rawValue)! }
}

/// `--optimizer`.
enum OptimizerArgument: String, ExpressibleByArgument, CaseIterable {
  static var allValueStrings: [String] { allCases.map(\.rawValue) }
  var defaultValueDescription: String { rawValue }

  case sgd
  case momentum
  case adam

  var choice: OptimizerChoice { OptimizerChoice(rawValue: rawValue)! }
}

/// `--init`.
enum InitializationArgument: String, ExpressibleByArgument, CaseIterable {
  static var allValueStrings: [String] { allCases.map(\.rawValue) }
  var defaultValueDescription: String { rawValue }

  case normal
  case xavier
  case he

  var initialization: Initialization { Initialization(rawValue: rawValue)! }
}

/// `--normalize`: a method fitted on the training rows (`none`, `shift`, `standard`,
/// `minmax`), or `shift=a,b,…`, explicit shifts in feature order (scale 1).
///
/// Any text parses here; ``resolve()`` checks it, so a bad value is a one-line usage error.
struct NormalizeArgument: ExpressibleByArgument {
  static var allValueStrings: [String] { NormalizationMethod.allCases.map(\.rawValue) }
  var defaultValueDescription: String { text }

  /// The value as given.
  let text: String

  init?(argument: String) { text = argument }

  /// The method to fit, or the explicit shifts (method `shift`, one number per feature).
  func resolve() throws(ToolError) -> (method: NormalizationMethod, shifts: [Double]?) {
    if let method = NormalizationMethod(rawValue: text) { return (method, nil) }
    let prefix = "shift="
    guard text.hasPrefix(prefix) else {
      throw ToolError.usage(
        "--normalize \(Escaping.jsonString(text)): expected none, shift, standard, minmax "
          + "or shift=a,b,… (one number per feature)")
    }
    var shifts: [Double] = []
    for part in splitList(String(text.dropFirst(prefix.count))) {
      guard let value = NumberFormatting.parseDecimal(part) else {
        throw ToolError.usage(
          "--normalize \(Escaping.jsonString(text)): \(Escaping.jsonString(part)) is not a number")
      }
      shifts.append(value)
    }
    guard !shifts.isEmpty else {
      throw ToolError.usage(
        "--normalize \(Escaping.jsonString(text)): give one shift per feature, as shift=a,b,…")
    }
    return (.shift, shifts)
  }
}

/// `--on-interrupt`.
enum InterruptArgument: String, ExpressibleByArgument, CaseIterable {
  static var allValueStrings: [String] { allCases.map(\.rawValue) }
  var defaultValueDescription: String { rawValue }

  case save
  case best
  case discard
}

/// `--to binary|json`.
enum ModelEncodingArgument: String, ExpressibleByArgument, CaseIterable {
  static var allValueStrings: [String] { allCases.map(\.rawValue) }
  var defaultValueDescription: String { rawValue }

  case binary
  case json

  var encoding: ModelEncoding { self == .json ? .json : .binary }
}

/// `--dtype f32|f64`.
enum ScalarTypeArgument: String, ExpressibleByArgument, CaseIterable {
  static var allValueStrings: [String] { allCases.map(\.rawValue) }
  var defaultValueDescription: String { rawValue }

  case f32
  case f64

  var scalarType: ScalarType { self == .f32 ? .float32 : .float64 }
}

/// `--loss mse|bce|ce`.
enum LossArgument: String, ExpressibleByArgument, CaseIterable {
  static var allValueStrings: [String] { allCases.map(\.rawValue) }
  var defaultValueDescription: String { rawValue }

  case mse
  case bce
  case ce

  var loss: Loss {
    switch self {
    case .mse: .meanSquaredError
    case .bce: .binaryCrossEntropy
    case .ce: .categoricalCrossEntropy
    }
  }
}

/// `--missing`.
enum MissingArgument: String, ExpressibleByArgument, CaseIterable {
  static var allValueStrings: [String] { allCases.map(\.rawValue) }
  var defaultValueDescription: String { rawValue }

  case error
  case drop

  var policy: MissingValuePolicy { MissingValuePolicy(rawValue: rawValue)! }
}

/// `--normalize-target`.
enum TargetNormalizationArgument: String, ExpressibleByArgument, CaseIterable {
  static var allValueStrings: [String] { allCases.map(\.rawValue) }
  var defaultValueDescription: String { rawValue }

  case standard
  case none
}
