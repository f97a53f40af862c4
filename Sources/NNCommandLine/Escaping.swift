import NNModel

/// Text from files made safe for the tools' output formats. The escaping itself has one home,
/// NNModel's `escapedForTerminal(_:keepingBackslashes:)` and `jsonStringLiteral(_:terminalSafe:)`.
public enum Escaping {
  /// `text` as a CSV field: quoted (with doubled quotes) when it holds a comma, a quote, or a
  /// line break; control characters and backslashes are escaped first
  /// (``NNModel/escapedForTerminal(_:keepingBackslashes:)``).
  public static func csvField(_ text: String) -> String {
    let needsQuotes = text.unicodeScalars.contains {
      $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r"
    }
    let cleaned = escapedForTerminal(text)
    guard needsQuotes else { return cleaned }
    return "\"" + cleaned.replacing("\"", with: "\"\"") + "\""
  }
}
