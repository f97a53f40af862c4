import NNTestSupport
import Testing

@testable import NNModel

private let validText = Fixtures.json(Fixtures.gender())

@Test func everyTruncationOfJSONIsATypedError() throws {
  let bytes = Array(validText.utf8)
  for length in 0..<bytes.count - 1 {
    let error = decodeError(Array(bytes[0..<length]))
    #expect(error != nil, "length \(length)")
    if length > 0 {
      #expect(error?.code == "json-syntax", "length \(length): \(String(describing: error))")
    }
  }
  // Only the final line feed is optional.
  #expect(try Model(bytes: Array(bytes.dropLast())) == Fixtures.gender())
}

@Test func deepNestingIsRefusedWithoutRecursingFar() {
  let deep = "{\"a\": " + String(repeating: "[", count: 100_000)
  #expect(
    decodeError(deep)
      == .nestingTooDeep(offset: 37, path: "$.a" + String(repeating: "[0]", count: 31), limit: 32))
  let objects = String(repeating: "{\"k\":", count: 50_000)
  #expect(decodeError(objects)?.code == "nesting-too-deep")
}

@Test func duplicateKeysAreRefused() {
  let text = validText.replacing(
    "\"name\": \"gender\",", with: "\"name\": \"gender\",\n  \"name\": \"again\",")
  #expect(decodeError(text) == .duplicateKey(offset: 63, path: "$", key: "name"))
  let metadata = validText.replacing(
    "\"author\": \"tests\",", with: "\"author\": \"tests\", \"author\": \"x\",")
  #expect(decodeError(metadata)?.code == "duplicate-key")
  #expect(decodeError(metadata)?.path == "$.metadata")
  var many = "{" + (0..<20).map { "\"k\($0)\": 1" }.joined(separator: ", ")
  many += ", \"k7\": 2}"
  #expect(decodeError(many)?.code == "duplicate-key")
}

@Test func errorsCarryPathAndOffset() throws {
  let text = validText.replacing(
    "\"data\": [1.0, 2.0]", with: "\"data\": [1.0, \"two\"]")
  let error = decodeError(text)
  #expect(
    error?.path == "$.layers[1].weights.data[0]" || error?.path == "$.layers[1].weights.data[1]")
  let outOfRange = try Fixtures.gender(.float32).jsonEncoded().replacing(
    "\"data\": [1.0, 2.0]", with: "\"data\": [1.0, 1e39]")
  let rangeError = decodeError(outOfRange)
  #expect(rangeError?.path == "$.layers[1].weights.data[1]")
  #expect(rangeError?.problem.hasSuffix("number out of the range of f32") == true)
  let unknownActivation = validText.replacing(
    "\"activation\": \"sigmoid\"", with: "\"activation\": \"swish\"")
  #expect(decodeError(unknownActivation)?.path == "$.layers[0].activation")
  let unknownKey = validText.replacing(
    "\"name\": \"gender\",", with: "\"name\": \"gender\", \"colour\": \"red\",")
  #expect(decodeError(unknownKey)?.description.contains("unknown key \"colour\"") == true)
  let badSyntax = validText.replacing("\"scale\": 1.0", with: "\"scale\": 01.0")
  #expect(decodeError(badSyntax)?.description.contains("leading zeros") == true)
  let nanText = validText.replacing("\"shift\": 135.0", with: "\"shift\": NaN")
  #expect(decodeError(nanText)?.code == "json-syntax")
}

@Test func versionsInJSON() throws {
  let newerMajor = validText.replacing(
    "\"version\": \"1.0\"", with: "\"version\": \"2.0\"")
  // The offset is the version string's, not the top of the document.
  let versionOffset = Array(newerMajor.utf8).firstRange(of: Array("\"2.0\"".utf8))!.lowerBound
  #expect(
    decodeError(newerMajor)
      == .unsupportedJSONVersion(
        offset: versionOffset, found: FormatVersion(major: 2, minor: 0), supported: .v1point1))
  let newerMinor = validText.replacing(
    "\"version\": \"1.0\"", with: "\"version\": \"1.4\""
  )
  .replacing(
    "\"name\": \"gender\",", with: "\"name\": \"gender\", \"added_in_1_4\": true,")
  let file = try ModelReader().read(bytes: Array(newerMinor.utf8))
  #expect(file.version == FormatVersion(major: 1, minor: 4))
  #expect(file.model == Fixtures.gender())
}

@Test func stringEscapesRoundTrip() throws {
  var model = Fixtures.gender()
  model.name = "tab\there \u{1} \u{7F} é 😀 \"q\" \\"
  let json = try model.jsonEncoded()
  #expect(json.contains(#""name": "tab\there \u0001 \#u{7F} é 😀 \"q\" \\","#))
  #expect(try Model(bytes: Array(json.utf8)) == model)
  let escaped = json.replacing("😀", with: "\\ud83d\\ude00")
  #expect(try Model(bytes: Array(escaped.utf8)).name == model.name)
  let lone = json.replacing("😀", with: "\\ud83d")
  #expect(decodeError(lone)?.description.contains("unpaired surrogate") == true)
  var invalidUTF8 = Array(json.utf8)
  invalidUTF8[invalidUTF8.firstIndex(of: 0xC3)!] = 0xFF
  #expect(decodeError(invalidUTF8)?.description.contains("invalid UTF-8") == true)
}

@Test func utf8ValidationFollowsRFC3629() {
  func valid(_ bytes: [UInt8]) -> Bool {
    // Both the fast path (no escapes) and the escaped path of the parser's string reader.
    [[0x22] + bytes + [0x22], [0x22, 0x5C, 0x6E] + bytes + [0x22]].allSatisfy { text in
      text.withUnsafeBufferPointer { buffer in
        var parser = JSONParser(bytes: buffer)
        return (try? parser.parseDocument()) != nil
      }
    }
  }
  #expect(valid(Array("héllo 😀 ∑".utf8)))
  #expect(!valid([0xC0, 0x80]))  // overlong NUL
  #expect(!valid([0xE0, 0x80, 0x80]))  // overlong
  #expect(!valid([0xED, 0xA0, 0x80]))  // surrogate U+D800
  #expect(!valid([0xF4, 0x90, 0x80, 0x80]))  // above U+10FFFF
  #expect(!valid([0xE2, 0x82]))  // truncated sequence
  #expect(!valid([0x80]))  // lone continuation byte
  #expect(!valid([0xF8, 0x88, 0x80, 0x80, 0x80]))
  #expect(valid([0xF4, 0x8F, 0xBF, 0xBF]))  // U+10FFFF
  #expect(sameBytes("é", "é") && !sameBytes("\u{E9}", "e\u{301}"))
}

@Test func randomDamageToJSONNeverTraps() throws {
  var state: UInt64 = 0x9E37_79B9_7F4A_7C15
  func next(_ bound: Int) -> Int {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Int((state >> 33) % UInt64(bound))
  }
  let original = Array(try Fixtures.multiclass().jsonEncoded().utf8)
  let alphabet = Array("{}[],:\"\\-+.eE0123456789 \nabtfnul\u{1}".utf8) + [0xFF, 0xC3]
  var decoded = 0
  for _ in 0..<3000 {
    var bytes = original
    for _ in 0..<(1 + next(3)) {
      let at = next(bytes.count)
      switch next(3) {
      case 0: bytes[at] = alphabet[next(alphabet.count)]
      case 1: bytes.remove(at: at)
      default: bytes.insert(alphabet[next(alphabet.count)], at: at)
      }
    }
    // Either a model or a typed error; the test fails if anything traps.
    if decodeError(bytes) == nil { decoded += 1 }
  }
  #expect(decoded < 3000)
}

/// Inputs found by FuzzJSON (Fuzz/crashes/json): a key with DEL or a C1 control reached the
/// terminal through the JSON path of an error.
@Test func pathsFromFileKeysCarryNoControlCharacters() {
  let del = decodeError([0x7B, 0x22, 0x61, 0x7F, 0x22, 0x3A, 0x20, 0x78, 0x7D])  // {"a<DEL>": x}
  #expect(del?.path == #"$["a\u007f"]"#)
  let c1 = decodeError("{\"a\u{9B}\": x}")
  #expect(c1?.path == #"$["a\u009b"]"#)
  for error in [del, c1].compactMap({ $0 }) {
    #expect(
      !error.description.unicodeScalars.contains {
        $0.value < 0x20 || (0x7F..<0xA0).contains($0.value)
      })
  }
  #expect(pathKey("quote\"back\\slash") == #"["quote\"back\\slash"]"#)
  #expect(pathKey("learning_rate") == ".learning_rate")
}
