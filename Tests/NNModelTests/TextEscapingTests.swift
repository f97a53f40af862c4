import Testing

@testable import NNModel

@Test func terminalEscapingMarksEveryControlCharacterAndBackslash() {
  #expect(escapedForTerminal("a\nb\u{1B}[31m") == "a\\nb\\u{1B}[31m")
  #expect(escapedForTerminal("héllo") == "héllo")
  #expect(escapedForTerminal("\u{7F}\u{9B}\t\r") == "\\u{7F}\\u{9B}\\t\\r")
  // A literal backslash-n must not read like an escaped line feed (Escaping.singleLine's bug).
  #expect(escapedForTerminal("a\\nb") == "a\\\\nb")
  #expect(escapedForTerminal("a\\nb") != escapedForTerminal("a\nb"))
}

@Test func terminalEscapingOfAssembledMessagesIsIdempotent() {
  let once = escapedForTerminal("x \\ y\n\u{1B}", keepingBackslashes: true)
  #expect(once == "x \\ y\\n\\u{1B}")
  #expect(escapedForTerminal(once, keepingBackslashes: true) == once)
}

@Test func jsonStringLiteralsFollowTheSpecsCanonicalEscapes() {
  #expect(jsonStringLiteral("a\"\\\n\u{01}\u{08}\u{0C}") == #""a\"\\\n\u0001\b\f""#)
  // §6: only C0 is escaped; DEL and non-ASCII are written as they are.
  #expect(jsonStringLiteral("\u{7F}é😀") == "\"\u{7F}é😀\"")
  // Shown to a person: DEL and C1 escaped too, still valid JSON.
  #expect(jsonStringLiteral("\u{7F}\u{9B}é", terminalSafe: true) == #""\u007f\u009bé""#)
}
