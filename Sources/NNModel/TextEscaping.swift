/// The one home of text escaping in nnkit: text taken from files, made safe to print on a
/// terminal, and strings written as JSON.

/// `text` with control characters (C0, DEL, C1) and backslashes escaped, so that a name taken
/// from a file cannot move the cursor, change colours or forge a line when a tool prints it.
///
/// `\n`, `\t` and `\r` keep their usual escapes, every other control character is written as
/// `\u{1B}`, and a backslash as `\\`, so the escaped text reads back unambiguously: a literal
/// backslash and `n` never look like an escaped line feed.
///
/// - Parameters:
///   - text: Text to print, such as a feature name read from a model file.
///   - keepingBackslashes: `true` for a message already assembled from escaped parts: then only
///     control characters are escaped, so applying it twice changes nothing.
/// - Returns: The text on one line, without control characters.
public func escapedForTerminal(_ text: String, keepingBackslashes: Bool = false) -> String {
  guard
    text.unicodeScalars.contains(where: {
      isControlCharacter($0) || (!keepingBackslashes && $0 == "\\")
    })
  else { return text }
  var out = ""
  for scalar in text.unicodeScalars {
    switch scalar.value {
    case 0x5C: out += keepingBackslashes ? "\\" : "\\\\"
    case 0x0A: out += "\\n"
    case 0x09: out += "\\t"
    case 0x0D: out += "\\r"
    case 0..<0x20, 0x7F..<0xA0:
      out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    default: out.unicodeScalars.append(scalar)
    }
  }
  return out
}

/// `text` as a JSON string literal, quotes included.
///
/// Escapes as the `.nnm` spec's canonical JSON (§6) does: `"` and `\`; `\b`, `\t`, `\n`, `\f`,
/// `\r`; other C0 characters as `\u00xx` (lower-case hex); nothing else: DEL and non-ASCII are
/// written as they are, as RFC 8259 allows.
///
/// - Parameters:
///   - text: Any string.
///   - terminalSafe: `true` for text shown to a person (messages, JSON on standard output): DEL
///     and the C1 controls are escaped as `\u007f`–`\u009f` too, still valid JSON.
/// - Returns: The literal, starting and ending with `"`.
public func jsonStringLiteral(_ text: String, terminalSafe: Bool = false) -> String {
  var bytes: [UInt8] = []
  bytes.reserveCapacity(text.utf8.count + 2)
  appendJSONString(text, to: &bytes, terminalSafe: terminalSafe)
  return String(decoding: bytes, as: UTF8.self)
}

/// Appends `text` as a JSON string literal (see ``jsonStringLiteral(_:terminalSafe:)``).
func appendJSONString(_ text: String, to bytes: inout [UInt8], terminalSafe: Bool = false) {
  bytes.append(UInt8(ascii: "\""))
  for scalar in text.unicodeScalars {
    switch scalar.value {
    case 0x22, 0x5C: bytes.append(contentsOf: [0x5C, UInt8(scalar.value)])
    case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
    case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
    case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
    case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
    case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
    case let value where value < 0x20 || (terminalSafe && isControlCharacter(scalar)):
      bytes.append(contentsOf: "\\u00".utf8)
      bytes.append(hexDigit(UInt8(value >> 4)))
      bytes.append(hexDigit(UInt8(value & 15)))
    case 0..<0x80: bytes.append(UInt8(scalar.value))
    default: UTF8.encode(scalar) { bytes.append($0) }
    }
  }
  bytes.append(UInt8(ascii: "\""))
}

/// `.key` for identifier-like keys, else `["key"]` with the key as a terminal-safe JSON string
/// literal, for a JSON path in a message (`$.metadata["a b"]`).
func pathKey(_ key: String) -> String {
  let bytes = Array(key.utf8)
  let simple =
    !bytes.isEmpty
    && bytes.allSatisfy {
      ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A || $0 == 0x5F || $0 >= 0x30 && $0 <= 0x39
    }
    && !(bytes[0] >= 0x30 && bytes[0] <= 0x39)
  if simple { return "." + key }
  return "[" + jsonStringLiteral(key, terminalSafe: true) + "]"
}

private func isControlCharacter(_ scalar: Unicode.Scalar) -> Bool {
  scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0)
}

private func hexDigit(_ value: UInt8) -> UInt8 { value < 10 ? 0x30 + value : 0x61 + value - 10 }
