@_spi(Fuzzing) import NNModel

// What every fuzz input must satisfy. A broken invariant stops the process with fatalError,
// which libFuzzer reports as a crash and saves the input.
//
// 1. Decoding never traps, and an error's message is one line without control characters
//    (the spec's rule for printing strings taken from a file).
// 2. A decoded model re-encodes: binary 1.0 -> decode -> encode gives the same bytes;
//    binary -> JSON -> binary gives the same bytes; JSON -> decode -> JSON is a fixed point
//    (encode, decode, encode gives the same text), and so is JSON -> binary -> JSON.
// 3. A binary input that the eager reader accepts is accepted by MappedModel with the same
//    model, and one that the eager reader refuses is refused by MappedModel's init, verify()
//    or model(); read(contentsOf:) on the same bytes in a file gives the same result.
// 4. The META document (a binary input's section 0, or a JSON input taken as one): what the
//    one-pass decoder (MetaFastDecoder) accepts, the general decoder accepts with the same
//    model and tensors (it falls back to the general decoder on anything else).

/// Checks a candidate binary file, then the same bytes with their length and checksums
/// repaired, so that mutations reach the checks behind the CRCs.
public func checkBinaryInput(_ bytes: [UInt8]) {
  if let meta = metaSection(of: bytes) { checkMetaDecoders(meta) }
  checkInput(bytes)
  if let repaired = repairingChecksums(bytes), repaired != bytes {
    checkInput(repaired)
  }
}

/// Checks a candidate JSON document.
public func checkJSONInput(_ bytes: [UInt8]) {
  checkMetaDecoders(bytes)
  checkInput(bytes)
}

/// Invariant 4: what the one-pass META decoder accepts, the general decoder accepts too, with
/// the same model and tensors.
func checkMetaDecoders(_ document: [UInt8]) {
  if let problem = metaDecodersDisagreement(document) { broken(problem) }
}

/// The payload of section 0 as the table places it, if it lies inside `bytes`.
func metaSection(of bytes: [UInt8]) -> [UInt8]? {
  guard bytes.count >= 64, bytes.starts(with: NNMFormat.magic) else { return nil }
  func load64(_ at: Int) -> Int {
    (0..<8).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) }
  }
  let offset = load64(32 + 8)
  let length = load64(32 + 16)
  guard offset >= 0, length >= 0, offset <= bytes.count, length <= bytes.count - offset else {
    return nil
  }
  return Array(bytes[offset..<offset + length])
}

/// Decodes `bytes` with the encoding-detecting reader and checks every invariant.
func checkInput(_ bytes: [UInt8]) {
  let result = decode(bytes)
  switch result {
  case .success(let file):
    checkRoundTrip(file, input: bytes)
  case .failure(let error):
    checkMessage(error)
  }
  if bytes.first == NNMFormat.magic[0] {
    checkMapped(bytes, eager: result)
    saveTwin(bytes, result)
  }
}

/// The reader's verdict on `bytes`.
func decode(_ bytes: [UInt8]) -> Result<ModelFile, ModelFileError> {
  Result { () throws(ModelFileError) -> ModelFile in try ModelReader().read(bytes: bytes) }
}

/// Stops the process: libFuzzer records the input that got here.
func broken(_ invariant: String) -> Never {
  fatalError("fuzz invariant broken: \(invariant)")
}

/// Invariant 1: the message is one line without control characters (C0, DEL, C1), and the
/// error has a code. (Fuzz/crashes/json/path-key-*.json once broke it through JSON paths.)
func checkMessage(_ error: ModelFileError) {
  if error.code.isEmpty { broken("an error without a code") }
  let message = error.message(file: "input.nnm")
  if let bad = message.unicodeScalars.first(where: isTerminalControl) {
    broken("control character U+\(hex(bad)) in the message of \(error.code): \(message)")
  }
}

/// C0, DEL and C1: what a terminal may act on.
func isTerminalControl(_ scalar: Unicode.Scalar) -> Bool {
  scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value)
}

func hex(_ scalar: Unicode.Scalar) -> String { String(scalar.value, radix: 16, uppercase: true) }

/// Invariant 2: the encoders reproduce what the decoder accepted.
func checkRoundTrip(_ file: ModelFile, input: [UInt8]) {
  let model = file.model
  let binary = encoded(model, .binary, "binary")
  let json = encoded(model, .json, "JSON")
  if file.encoding == .binary && file.version == model.formatVersion && binary != input {
    broken("binary \(file.version) -> decode -> encode changed the bytes")
  }
  // binary -> JSON -> binary, and JSON -> binary -> JSON.
  let fromJSON = decoded(json, "the JSON encoding")
  if encoded(fromJSON, .binary, "binary (via JSON)") != binary {
    broken("binary -> JSON -> binary changed the bytes")
  }
  if encoded(fromJSON, .json, "JSON (again)") != json {
    broken("JSON -> decode -> JSON changed the text")
  }
  let fromBinary = decoded(binary, "the binary encoding")
  if encoded(fromBinary, .json, "JSON (via binary)") != json {
    broken("JSON -> binary -> JSON changed the text")
  }
  if fromBinary != model || fromJSON != model {
    broken("a re-decoded model differs from the decoded one")
  }
}

func encoded(_ model: Model, _ encoding: ModelEncoding, _ what: String) -> [UInt8] {
  do {
    return try ModelWriter().encode(model, as: encoding)
  } catch {
    broken("a model the reader accepted cannot be written as \(what): \(error.code) \(error)")
  }
}

func decoded(_ bytes: [UInt8], _ what: String) -> Model {
  switch decode(bytes) {
  case .success(let file): return file.model
  case .failure(let error): broken("the reader refuses \(what) of a model: \(error)")
  }
}
