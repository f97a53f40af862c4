import ArgumentParser
import NNCommandLine
import NNEngine
import NNModel
import NNToolOptions

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
