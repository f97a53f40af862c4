import Glibc
import NNTestSupport
import Testing

@testable import NNModel

// Reading a model from devices and pipes: refused after a few bytes when the input cannot be
// a model, and never read past what its header (binary) or the stream limit (JSON) allows.

/// The result of `ModelReader.readBytes(descriptor:…)` on a pipe holding `bytes` (at most the
/// pipe's 64 KiB buffer), closed after them.
private func readThroughPipe(
  _ bytes: [UInt8], limits: ModelInputLimits = ModelInputLimits()
) throws(ModelFileError) -> [UInt8] {
  var ends: [Int32] = [0, 0]
  precondition(pipe(&ends) == 0 && bytes.count <= 65_536)
  let written = bytes.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
  precondition(written == bytes.count)
  close(ends[1])
  defer { close(ends[0]) }
  return try ModelReader().readBytes(descriptor: ends[0], name: "<pipe>", limits: limits)
}

private func code(_ body: () throws -> Void) -> String? {
  do {
    try body()
    return nil
  } catch {
    return (error as? ModelFileError)?.code
  }
}

@Test func anEndlessDeviceIsRefusedFromItsFirstBytes() {
  // Before: /dev/zero was read up to 4 GiB before the "larger than" error.
  #expect(code { _ = try ModelReader().read(contentsOf: "/dev/zero") } == "unrecognized-encoding")
  #expect(
    code { _ = try ModelReader().readBytes(contentsOf: "/dev/zero") } == "unrecognized-encoding")
  #expect(code { _ = try Model(contentsOf: "/dev/null") } == "empty")
}

@Test func aBinaryStreamIsReadOnlyToItsDeclaredLength() throws {
  let bytes = try Fixtures.gender().binaryEncoded()
  #expect(try readThroughPipe(bytes) == bytes)
  // Trailing bytes: the decoder reports the stream's true length.
  let longer = try readThroughPipe(bytes + [1, 2, 3])
  #expect(longer.count == bytes.count + 3)
  #expect {
    try ModelReader().read(bytes: longer)
  } throws: {
    ($0 as? ModelFileError)
      == .fileLengthMismatch(declared: UInt64(bytes.count), actual: bytes.count + 3)
  }
}

@Test func aJSONStreamStopsAtItsLimit() throws {
  let text = Array(try Fixtures.gender().jsonEncoded().utf8)
  #expect(try readThroughPipe(text) == text)
  let small = ModelInputLimits(jsonStreamLimit: 100)
  #expect {
    try readThroughPipe(text, limits: small)
  } throws: {
    guard case .limitExceeded(let offset, _, _, let limit, _) = $0 as? ModelFileError else {
      return false
    }
    return offset == 100 && limit == 100
  }
  // White space alone counts toward the limit too.
  #expect(
    code { _ = try readThroughPipe(Array(repeating: 0x20, count: 500), limits: small) }
      == "limit-exceeded")
  // A regular file is read by its size, whatever the stream limit.
  let path = temporaryDirectory() + "/m.json"
  try AtomicFile.write(text, to: path)
  #expect(try ModelReader().readBytes(contentsOf: FilePath(path), limits: small) == text)
}

@Test func inputThatCannotBeAModelIsRefusedAsTheWholeFileWouldBe() throws {
  // Followed by 40 000 more bytes: refused from the first ones.
  let tail = [UInt8](repeating: 0x41, count: 40_000)
  for (prefix, expected) in [
    ([UInt8]("NNM1 not a model".utf8), "unrecognized-encoding"),
    ([0x89, 0x4E, 0x4E, 0x4D, 0x0A, 0x1A, 0x0A, 0], "bad-magic"),
    ([0x20, 0x0A, 0x0D], "unrecognized-encoding"),
    ([0x89, 0x4E], "bad-magic"),
  ] as [([UInt8], String)] {
    #expect(code { _ = try readThroughPipe(prefix + tail) } == expected)
    #expect(code { _ = try ModelReader().read(bytes: prefix + tail) } == expected)
  }
  // Alone: the input ends there.
  #expect(code { _ = try readThroughPipe([]) } == "empty")
  #expect(code { _ = try readThroughPipe([0x20, 0x0A]) } == "unrecognized-encoding")
  #expect(
    code { _ = try ModelReader().read(bytes: try readThroughPipe([0x89, 0x4E])) } == "truncated")
}

@Test func byteCountsParse() {
  #expect(ModelInputLimits.parseByteCount("1024") == 1024)
  #expect(ModelInputLimits.parseByteCount("2M") == 2 << 20)
  #expect(ModelInputLimits.parseByteCount("1g") == 1 << 30)
  for bad in ["", "M", "-1", "1.5M", "1T", "99999999999999999999", "1 M"] {
    #expect(ModelInputLimits.parseByteCount(bad) == nil, "\(bad)")
  }
}
