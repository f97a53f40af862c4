import ArgumentParser
import NNCommandLine
import NNEngine
import NNModel

// The closed sets of values that options take. The library's own enums are the option types
// (their raw values are the spellings); only choices that exist nowhere else are enums here.

/// An enum of the libraries used as an option value. Spelling out the value strings matters:
/// argument-parser's defaults go through String(describing:), whose dynamic casts scan every
/// protocol conformance in the binary at start-up.
protocol OptionEnum: ExpressibleByArgument, CaseIterable, RawRepresentable<String> {}

extension OptionEnum {
  /// The raw values, for help and completion.
  public static var allValueStrings: [String] { allCases.map(\.rawValue) }
  /// The raw value, for help.
  public var defaultValueDescription: String { rawValue }
  /// The case whose raw value is `argument`.
  public init?(argument: String) { self.init(rawValue: argument) }
}

/// `--task`.
extension TargetKind: ExpressibleByArgument, OptionEnum {}
/// `--activation`, `--output-activation`.
extension Activation: ExpressibleByArgument, OptionEnum {}
/// `--optimizer`.
extension Optimizer.Kind: ExpressibleByArgument, OptionEnum {}
/// `--init`.
extension Initialization: ExpressibleByArgument, OptionEnum {}
/// `convert --to binary|json`.
extension ModelEncoding: ExpressibleByArgument, OptionEnum {}
/// `--dtype f32|f64`.
extension ScalarType: ExpressibleByArgument, OptionEnum {}
/// `--loss mse|bce|ce`.
extension Loss: ExpressibleByArgument, OptionEnum {}
/// `--missing`.
extension MissingValuePolicy: ExpressibleByArgument, OptionEnum {}
/// `export --to`, `import --from`.
extension InteropFormat: ExpressibleByArgument, OptionEnum {}

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
        "--normalize \(jsonStringLiteral(text)): expected none, shift, standard, minmax "
          + "or shift=a,b,… (one number per feature)")
    }
    var shifts: [Double] = []
    for part in splitList(String(text.dropFirst(prefix.count))) {
      guard let value = NumberFormatting.parseDecimal(part) else {
        throw ToolError.usage(
          "--normalize \(jsonStringLiteral(text)): \(jsonStringLiteral(part)) is not a number")
      }
      shifts.append(value)
    }
    guard !shifts.isEmpty else {
      throw ToolError.usage(
        "--normalize \(jsonStringLiteral(text)): give one shift per feature, as shift=a,b,…")
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

/// `--normalize-target`.
enum TargetNormalizationArgument: String, ExpressibleByArgument, CaseIterable {
  static var allValueStrings: [String] { allCases.map(\.rawValue) }
  var defaultValueDescription: String { rawValue }

  case standard
  case none
}
