/// Makes text taken from files safe to print.
///
/// Names of features, labels and metadata come from files someone else may have written. Printed
/// raw, a name could hold a line break that forges an extra output line, or an escape sequence
/// that repaints the terminal. These functions escape every control character.
public enum Escaping {
  /// `text` with every control character (C0, DEL, C1) written as an escape: `\n`, `\t`, `\r`,
  /// `\\` stays as is, others as `\u{1B}`. The result is a single line.
  public static func singleLine(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isControl) else { return text }
    var result = ""
    for scalar in text.unicodeScalars {
      guard isControl(scalar) else {
        result.unicodeScalars.append(scalar)
        continue
      }
      switch scalar {
      case "\n": result += "\\n"
      case "\t": result += "\\t"
      case "\r": result += "\\r"
      default: result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      }
    }
    return result
  }

  /// `text` as a CSV field: quoted (with doubled quotes) when it holds a comma, a quote, or a
  /// line break; control characters other than line breaks are escaped first.
  public static func csvField(_ text: String) -> String {
    let needsQuotes = text.unicodeScalars.contains {
      $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r"
    }
    let cleaned = singleLine(text)
    guard needsQuotes else { return cleaned }
    return "\"" + cleaned.replacingAll("\"", with: "\"\"") + "\""
  }

  /// `text` as a JSON string literal, quotes included (RFC 8259 escapes; non-ASCII kept as is).
  public static func jsonString(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          let hex = String(scalar.value, radix: 16)
          result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result + "\""
  }

  private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0)
  }
}

extension String {
  /// This string with every occurrence of `target` replaced (no Foundation needed).
  func replacingAll(_ target: String, with replacement: String) -> String {
    guard !target.isEmpty else { return self }
    var result = ""
    var rest = self[...]
    while let range = rest.firstRange(of: target) {
      result += rest[..<range.lowerBound]
      result += replacement
      rest = rest[range.upperBound...]
    }
    return result + rest
  }
}
