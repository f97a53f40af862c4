/// Text made safe for XML and HTML: names and labels come from model files and CSV headers,
/// so they may hold `<`, `&`, quotes or control characters.
public enum XMLText {
  /// `text` with `&`, `<`, `>`, `"` and `'` replaced by entities, and characters XML 1.0 does
  /// not allow (control characters other than tab, line feed and carriage return; U+FFFE,
  /// U+FFFF) replaced by U+FFFD, so the document stays well-formed whatever the file held.
  public static func escaped(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
      default:
        let value = scalar.value
        if value < 0x20 || value == 0xFFFE || value == 0xFFFF || (0x7F...0x9F).contains(value) {
          out += "\u{FFFD}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }

  /// At most `limit` characters of `text`, with `…` at the end when shortened: long names
  /// from files must not run across a picture.
  public static func truncated(_ text: String, to limit: Int) -> String {
    guard text.count > limit, limit > 1 else { return text }
    return String(text.prefix(limit - 1)) + "…"
  }
}
