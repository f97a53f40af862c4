#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A node of a parsed JSON document. Numbers are kept as byte ranges of the source text and
/// converted by the reader of the document, in the precision the field needs.
package struct JSONNode {
  /// Absolute byte offset of the node's first character.
  package var offset: Int
  package var value: JSONNodeValue
}

/// One `"key": value` member of an object, in document order.
package struct JSONMember {
  package var key: String
  /// Absolute byte offset of the key's opening quote.
  package var offset: Int
  package var value: JSONNode
  /// Where the key's text starts in the parsed buffer, and its length in bytes; -1 when the
  /// key had escapes (then only ``key`` holds its bytes).
  var keyStart: Int
  var keyLength: Int

  /// Whether the key is exactly the bytes of `name`.
  func hasKey(_ name: StaticString, in source: UnsafeBufferPointer<UInt8>) -> Bool {
    let count = name.utf8CodeUnitCount
    if keyLength >= 0 {
      return keyLength == count
        && sameBytes(
          UnsafeRawBufferPointer(source).slice(keyStart, count),
          UnsafeRawBufferPointer(start: name.utf8Start, count: count))
    }
    return sameBytes(key, name.description)
  }
}

/// A JSON value. Arrays of numbers only are kept as one span, so a million weights cost no
/// per-element allocation.
package enum JSONNodeValue {
  case null
  case bool(Bool)
  /// The number's text: `source[start..<end]`.
  case number(start: Int, end: Int)
  case string(String)
  case array([JSONNode])
  /// An array of `count` numbers whose text is `source[start..<end]` (from `[` to after `]`).
  case numberArray(start: Int, end: Int, count: Int)
  case object([JSONMember])

  /// The JSON type's name, for error messages.
  package var typeName: String {
    switch self {
    case .null: "null"
    case .bool: "a boolean"
    case .number: "a number"
    case .string: "a string"
    case .array, .numberArray: "an array"
    case .object: "an object"
    }
  }
}

/// A step of a JSON path.
enum JSONPathComponent {
  case key(String)
  case index(Int)
}

/// Renders a JSON path as `$.layers[1].weights`, quoting keys that are not identifiers.
func renderPath(_ components: [JSONPathComponent]) -> String {
  var text = "$"
  for component in components {
    switch component {
    case .index(let index): text += "[\(index)]"
    case .key(let key): text += pathKey(key)
    }
  }
  return text
}

/// A strict JSON parser (RFC 8259 with the restrictions of the `.nnm` spec): no duplicate keys,
/// nesting at most ``NNMFormat/maxJSONDepth`` deep, strings of valid UTF-8, numbers at most 128 characters, only
/// space, tab, CR and LF as white space, no byte order mark.
package struct JSONParser {
  let bytes: UnsafeBufferPointer<UInt8>
  /// Added to every offset reported (the position of the text inside a file).
  let base: Int
  var index = 0
  var path: [JSONPathComponent] = []

  static let maxNumberLength = 128

  package init(bytes: UnsafeBufferPointer<UInt8>, base: Int = 0) {
    self.bytes = bytes
    self.base = base
  }

  /// Parses one document: a value with optional white space around it and nothing else.
  package mutating func parseDocument() throws(ModelFileError) -> JSONNode {
    skipWhitespace()
    let node = try parseValue(depth: 0)
    skipWhitespace()
    if index < bytes.count { throw syntax("unexpected \(describeByte()) after the document") }
    return node
  }

  func syntax(_ problem: String) -> ModelFileError {
    .jsonSyntax(offset: base + index, path: renderPath(path), problem: problem)
  }

  func describeByte() -> String {
    guard index < bytes.count else { return "end of input" }
    let byte = bytes[index]
    if byte >= 0x21 && byte <= 0x7E { return "'\(Character(Unicode.Scalar(byte)))'" }
    return "byte 0x" + hex(UInt64(byte), digits: 2)
  }

  mutating func skipWhitespace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x09, 0x0A, 0x0D: index += 1
      default: return
      }
    }
  }

  mutating func parseValue(depth: Int) throws(ModelFileError) -> JSONNode {
    guard index < bytes.count else { throw syntax("unexpected end of input, expected a value") }
    let start = base + index
    switch bytes[index] {
    case UInt8(ascii: "{"): return JSONNode(offset: start, value: try parseObject(depth: depth + 1))
    case UInt8(ascii: "["): return JSONNode(offset: start, value: try parseArray(depth: depth + 1))
    case UInt8(ascii: "\""): return JSONNode(offset: start, value: .string(try parseString()))
    case UInt8(ascii: "t"):
      try literal("true")
      return JSONNode(offset: start, value: .bool(true))
    case UInt8(ascii: "f"):
      try literal("false")
      return JSONNode(offset: start, value: .bool(false))
    case UInt8(ascii: "n"):
      try literal("null")
      return JSONNode(offset: start, value: .null)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      let numberStart = index
      try scanNumber()
      return JSONNode(offset: start, value: .number(start: numberStart, end: index))
    default:
      throw syntax("unexpected \(describeByte()), expected a value")
    }
  }

  mutating func literal(_ word: StaticString) throws(ModelFileError) {
    let count = word.utf8CodeUnitCount
    for k in 0..<count {
      guard index < bytes.count, bytes[index] == word.utf8Start[k] else {
        throw syntax("invalid literal, expected \(word)")
      }
      index += 1
    }
  }

  mutating func enter(depth: Int) throws(ModelFileError) {
    if depth > NNMFormat.maxJSONDepth {
      throw .nestingTooDeep(
        offset: base + index, path: renderPath(path), limit: NNMFormat.maxJSONDepth)
    }
  }

  mutating func parseObject(depth: Int) throws(ModelFileError) -> JSONNodeValue {
    try enter(depth: depth)
    index += 1
    skipWhitespace()
    var members: [JSONMember] = []
    if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
      index += 1
      return .object(members)
    }
    members.reserveCapacity(4)
    var seen = Set<[UInt8]>()
    while true {
      guard index < bytes.count else { throw syntax("unexpected end of input, expected a key") }
      guard bytes[index] == UInt8(ascii: "\"") else {
        throw syntax("unexpected \(describeByte()), expected a string key")
      }
      let keyOffset = base + index
      let keyStart = index + 1
      let key = try parseString()
      // A key without escapes is its source bytes between the quotes.
      let keyLength = bytes[keyStart..<index - 1].contains(0x5C) ? -1 : index - 1 - keyStart
      if members.count < 8 {
        for member in members {
          let same =
            member.keyLength >= 0 && keyLength >= 0
            ? member.keyLength == keyLength
              && sameBytes(
                UnsafeRawBufferPointer(bytes).slice(member.keyStart, keyLength),
                UnsafeRawBufferPointer(bytes).slice(keyStart, keyLength))
            : sameBytes(member.key, key)
          if same { throw .duplicateKey(offset: keyOffset, path: renderPath(path), key: key) }
        }
      } else {
        if seen.isEmpty { for member in members { seen.insert(Array(member.key.utf8)) } }
        if !seen.insert(Array(key.utf8)).inserted {
          throw .duplicateKey(offset: keyOffset, path: renderPath(path), key: key)
        }
      }
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
        throw syntax("unexpected \(describeByte()), expected ':'")
      }
      index += 1
      skipWhitespace()
      path.append(.key(key))
      let value = try parseValue(depth: depth)
      path.removeLast()
      members.append(
        JSONMember(
          key: key, offset: keyOffset, value: value, keyStart: keyStart, keyLength: keyLength))
      if try !moreFollow(close: "}") { return .object(members) }
    }
  }

  /// After an object member or array element: consumes a `,` (another one follows: true) or
  /// the closing bracket `close` (the container ends: false); anything else is an error.
  mutating func moreFollow(close: Unicode.Scalar) throws(ModelFileError) -> Bool {
    skipWhitespace()
    guard index < bytes.count else {
      throw syntax("unexpected end of input, expected ',' or '\(close)'")
    }
    if bytes[index] == UInt8(ascii: ",") {
      index += 1
      skipWhitespace()
      return true
    }
    if bytes[index] == UInt8(ascii: close) {
      index += 1
      return false
    }
    throw syntax("unexpected \(describeByte()), expected ',' or '\(close)'")
  }

  mutating func parseArray(depth: Int) throws(ModelFileError) -> JSONNodeValue {
    try enter(depth: depth)
    let open = index
    index += 1
    skipWhitespace()
    if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
      index += 1
      return .array([])
    }
    if let numbers = try scanNumberArray(open: open) { return numbers }
    index = open + 1
    skipWhitespace()
    var elements: [JSONNode] = []
    path.append(.index(0))
    while true {
      path[path.count - 1] = .index(elements.count)
      elements.append(try parseValue(depth: depth))
      if try !moreFollow(close: "]") {
        path.removeLast()
        return .array(elements)
      }
    }
  }

  /// Scans an array made only of numbers; nil (with `index` unspecified) when an element is
  /// something else.
  mutating func scanNumberArray(open: Int) throws(ModelFileError) -> JSONNodeValue? {
    var count = 0
    path.append(.index(0))
    defer { path.removeLast() }
    while true {
      guard index < bytes.count else { throw syntax("unexpected end of input, expected a value") }
      let byte = bytes[index]
      guard byte == UInt8(ascii: "-") || (byte >= 0x30 && byte <= 0x39) else { return nil }
      path[path.count - 1] = .index(count)
      try scanNumber()
      count += 1
      skipWhitespace()
      guard index < bytes.count else {
        throw syntax("unexpected end of input, expected ',' or ']'")
      }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        skipWhitespace()
        continue
      }
      if bytes[index] == UInt8(ascii: "]") {
        index += 1
        return .numberArray(start: open, end: index, count: count)
      }
      throw syntax("unexpected \(describeByte()), expected ',' or ']'")
    }
  }

  /// Checks the JSON number grammar `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
  mutating func scanNumber() throws(ModelFileError) {
    let start = index
    if bytes[index] == UInt8(ascii: "-") { index += 1 }
    guard index < bytes.count, isDigit(bytes[index]) else {
      throw syntax("invalid number: expected a digit")
    }
    if bytes[index] == UInt8(ascii: "0") {
      index += 1
      if index < bytes.count && isDigit(bytes[index]) {
        throw syntax("invalid number: leading zeros are not allowed")
      }
    } else {
      index = NumberText.endOfDigits(bytes, from: index)
    }
    if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
      index += 1
      guard index < bytes.count, isDigit(bytes[index]) else {
        throw syntax("invalid number: expected a digit after '.'")
      }
      index = NumberText.endOfDigits(bytes, from: index)
    }
    if index < bytes.count && (bytes[index] | 0x20) == UInt8(ascii: "e") {
      index += 1
      if index < bytes.count
        && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"))
      {
        index += 1
      }
      guard index < bytes.count, isDigit(bytes[index]) else {
        throw syntax("invalid number: expected a digit in the exponent")
      }
      while index < bytes.count && isDigit(bytes[index]) { index += 1 }
    }
    if index - start > Self.maxNumberLength {
      let end = index
      index = start
      throw .limitExceeded(
        offset: base + start, path: renderPath(path), what: "number length",
        limit: UInt64(Self.maxNumberLength), found: UInt64(end - start))
    }
  }

  mutating func parseString() throws(ModelFileError) -> String {
    let open = index
    index += 1
    let contentStart = index
    // Fast path: no escapes.
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        try checkLength(index - contentStart, open: open)
        let slice = UnsafeBufferPointer(rebasing: bytes[contentStart..<index])
        guard let text = String(validating: slice, as: UTF8.self) else {
          index = contentStart
          throw syntax("invalid UTF-8 in string")
        }
        index += 1
        return text
      }
      if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
      index += 1
    }
    var buffer = Array(bytes[contentStart..<index])
    while true {
      guard index < bytes.count else { throw syntax("unexpected end of input inside a string") }
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") { break }
      if byte < 0x20 {
        throw syntax("unescaped control character 0x\(hex(UInt64(byte), digits: 2)) in string")
      }
      if byte != UInt8(ascii: "\\") {
        buffer.append(byte)
        index += 1
      } else {
        index += 1
        guard index < bytes.count else { throw syntax("unexpected end of input inside a string") }
        let escape = bytes[index]
        index += 1
        switch escape {
        case UInt8(ascii: "\""): buffer.append(0x22)
        case UInt8(ascii: "\\"): buffer.append(0x5C)
        case UInt8(ascii: "/"): buffer.append(0x2F)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
          var scalar = try hex4()
          if scalar >= 0xD800 && scalar < 0xDC00 {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
              bytes[index + 1] == UInt8(ascii: "u")
            else { throw syntax("unpaired surrogate in \\u escape") }
            index += 2
            let low = try hex4()
            guard low >= 0xDC00 && low < 0xE000 else {
              throw syntax("unpaired surrogate in \\u escape")
            }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          } else if scalar >= 0xDC00 && scalar < 0xE000 {
            throw syntax("unpaired surrogate in \\u escape")
          }
          // Surrogates were combined or refused above, so every value left is a scalar.
          guard let decoded = Unicode.Scalar(scalar) else {
            throw syntax("invalid \\u escape")
          }
          buffer.append(contentsOf: Array(String(decoded).utf8))
        default:
          index -= 1
          throw syntax("invalid escape \\\(describeByte())")
        }
      }
      try checkLength(buffer.count, open: open)
    }
    try checkLength(buffer.count, open: open)
    guard let text = String(validating: buffer, as: UTF8.self) else {
      index = open
      throw syntax("invalid UTF-8 in string")
    }
    index += 1
    return text
  }

  /// The longest string the parser accepts: a base64 payload of the largest extra section.
  /// Fields check their own, lower limits.
  static let maxStringBytes = (NNMFormat.maxExtraSectionBytes + 2) / 3 * 4

  func checkLength(_ length: Int, open: Int) throws(ModelFileError) {
    if length > Self.maxStringBytes {
      throw .limitExceeded(
        offset: base + open, path: renderPath(path), what: "string length in bytes",
        limit: UInt64(Self.maxStringBytes), found: UInt64(length))
    }
  }

  mutating func hex4() throws(ModelFileError) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard index < bytes.count else { throw syntax("unexpected end of input in \\u escape") }
      let byte = bytes[index]
      let digit: UInt32
      switch byte {
      case 0x30...0x39: digit = UInt32(byte - 0x30)
      case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
      case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
      default: throw syntax("invalid hex digit \(describeByte()) in \\u escape")
      }
      value = value << 4 | digit
      index += 1
    }
    return value
  }
}

@inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

/// Whether two strings have the same UTF-8 bytes (Swift's `==` compares canonical equivalence).
func sameBytes(_ a: String, _ b: String) -> Bool {
  var a = a
  var b = b
  return a.withUTF8 { pa in
    b.withUTF8 { pb in sameBytes(UnsafeRawBufferPointer(pa), UnsafeRawBufferPointer(pb)) }
  }
}

/// Whether two buffers hold the same bytes. (`memcmp` must not be given the null address an
/// empty buffer may have.)
@inline(__always) func sameBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
  guard a.count == b.count else { return false }
  guard let pa = a.baseAddress, let pb = b.baseAddress else { return true }  // both empty
  return memcmp(pa, pb, a.count) == 0
}
