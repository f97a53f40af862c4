#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// How much of a model file is read, and when reading stops early.
///
/// A model file's first bytes decide its encoding (the binary magic, or JSON white space then
/// `{`); anything else is refused after those few bytes. A regular file is then read by its
/// size. A pipe, a device or standard input is read in chunks: a binary stream up to the file
/// length its header declares (plus one byte, to notice trailing data), a JSON stream up to
/// ``jsonStreamLimit``. The buffer grows by doubling as bytes arrive, so memory stays under
/// about twice the bytes actually received, whatever a header claims.
public struct ModelInputLimits: Sendable, Equatable {
  /// The default cap on a JSON model read from a pipe, device or standard input: 256 MiB.
  public static let defaultJSONStreamLimit = 256 << 20

  /// The environment variable the tools read to override ``jsonStreamLimit``: a byte count,
  /// optionally with a `K`, `M` or `G` suffix (powers of 1024).
  public static let jsonStreamLimitVariable = "NNKIT_JSON_STREAM_LIMIT"

  /// The most bytes of a JSON model read from something that is not a regular file.
  public var jsonStreamLimit: Int

  /// Creates limits.
  public init(jsonStreamLimit: Int = ModelInputLimits.defaultJSONStreamLimit) {
    self.jsonStreamLimit = jsonStreamLimit
  }

  /// The limits with ``jsonStreamLimit`` taken from `NNKIT_JSON_STREAM_LIMIT` when it is set
  /// and valid; nil with a message when it is set but not a byte count.
  public static func fromEnvironment() -> Result<ModelInputLimits, ModelFileError> {
    guard let raw = getenv(jsonStreamLimitVariable) else { return .success(ModelInputLimits()) }
    let text = String(cString: raw)
    guard let value = parseByteCount(text) else {
      return .failure(
        .invalidField(
          offset: nil, path: jsonStreamLimitVariable,
          problem: "expected a byte count such as 268435456 or 256M, found \""
            + escapedForTerminal(text) + "\""))
    }
    return .success(ModelInputLimits(jsonStreamLimit: value))
  }

  /// `text` as a byte count: digits, optionally followed by K, M or G.
  static func parseByteCount(_ text: String) -> Int? {
    var digits = Substring(text)
    var shift = 0
    switch digits.last {
    case "K", "k": shift = 10
    case "M", "m": shift = 20
    case "G", "g": shift = 30
    default: break
    }
    if shift > 0 { digits = digits.dropLast() }
    guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
      let value = Int(digits), value <= Int.max >> shift
    else { return nil }
    return value << shift
  }
}

/// A file descriptor opened for reading a model, with the bytes read so far.
struct ModelByteSource {
  let fd: Int32
  let name: String
  var bytes: [UInt8] = []
  var ended = false

  /// Reads until `bytes` holds at least `count` bytes or the input ends. The buffer grows by
  /// doubling, never by more than what arrives.
  mutating func fill(upTo count: Int) throws(ModelFileError) {
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while bytes.count < count && !ended {
      let wanted = min(chunk.count, count - bytes.count)
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, wanted) }
      if n < 0 {
        if errno == EINTR { continue }
        throw .io(path: name, operation: "read", errno: errno)
      }
      if n == 0 {
        ended = true
        break
      }
      bytes.append(contentsOf: chunk[0..<n])
    }
  }

  /// Reads and discards up to `count` more bytes; returns how many there were.
  mutating func drain(upTo count: Int) throws(ModelFileError) -> Int {
    var chunk = [UInt8](repeating: 0, count: 65_536)
    var total = 0
    while total < count && !ended {
      let n = chunk.withUnsafeMutableBytes {
        read(fd, $0.baseAddress, min($0.count, count - total))
      }
      if n < 0 {
        if errno == EINTR { continue }
        throw .io(path: name, operation: "read", errno: errno)
      }
      if n == 0 { ended = true } else { total += n }
    }
    return total
  }
}

extension ModelReader {
  /// How many bytes decide the encoding and, for the binary encoding, the declared length.
  static let sniffSize = NNMFormat.headerSize

  /// How far past a binary stream's declared length the reader counts bytes (without keeping
  /// them) to report the stream's true length.
  static let trailingBytesCounted = 1 << 20

  /// The bytes of the model file at `path`, read with the bounds of ``ModelInputLimits``.
  ///
  /// Refuses, after at most 32 bytes, input that cannot be a model file, with the error
  /// `read(bytes:)` gives for it (`bad-magic`, `unrecognized-encoding`, `empty`, …).
  public func readBytes(
    contentsOf path: FilePath, limits: ModelInputLimits = ModelInputLimits()
  ) throws(ModelFileError) -> [UInt8] {
    try readBytes(atPath: path.string, limits: limits)
  }

  /// ``readBytes(contentsOf:limits:)`` for a path as the tools were given it: opened and named
  /// in errors exactly so (a `FilePath` would coalesce `//` and drop a trailing `/`).
  package func readBytes(
    atPath path: String, limits: ModelInputLimits = ModelInputLimits()
  ) throws(ModelFileError) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 { throw .io(path: path, operation: "open", errno: errno) }
    defer { close(fd) }
    return try readBytes(descriptor: fd, name: path, limits: limits)
  }

  /// The bytes of a model file read from the open descriptor `fd` (for example 0, standard
  /// input), with the bounds of ``ModelInputLimits``; `name` names it in errors.
  public func readBytes(
    descriptor fd: Int32, name: String, limits: ModelInputLimits = ModelInputLimits()
  ) throws(ModelFileError) -> [UInt8] {
    var info = stat()
    if fstat(fd, &info) != 0 { throw .io(path: name, operation: "stat", errno: errno) }
    let kind = info.st_mode & S_IFMT
    if kind == S_IFDIR { throw .io(path: name, operation: "read", errno: EISDIR) }
    var source = ModelByteSource(fd: fd, name: name)
    if kind == S_IFREG {
      let size = Int(info.st_size)
      source.bytes.reserveCapacity(size)
      try source.fill(upTo: min(size, Self.sniffSize))
      try refuseUnlessModel(&source, limit: max(limits.jsonStreamLimit, size))
      // A file that grows while it is read is read on to its end, bounded like a stream.
      try source.fill(upTo: size)
      if source.bytes.count < size { return source.bytes }  // it shrank
      return try readRest(&source, limits: limits, regularSize: size)
    }
    try source.fill(upTo: Self.sniffSize)
    try refuseUnlessModel(&source, limit: limits.jsonStreamLimit)
    return try readRest(&source, limits: limits, regularSize: nil)
  }

  /// Throws the error for the bytes read so far unless they can start a model file. For a JSON
  /// stream of white space, reads on until the `{` or `limit`.
  private func refuseUnlessModel(_ source: inout ModelByteSource, limit: Int)
    throws(ModelFileError)
  {
    while true {
      let encoding = source.bytes.withUnsafeBytes { Self.detectEncoding($0) }
      if encoding != nil { return }
      let allWhiteSpace = source.bytes.allSatisfy { [0x20, 0x09, 0x0A, 0x0D].contains($0) }
      if source.ended || !allWhiteSpace {
        // The same error the whole file would give: it depends only on these bytes.
        _ = try read(bytes: source.bytes)
        return
      }
      if source.bytes.count > limit {
        throw Self.streamTooLong(source.name, limit: limit, json: true)
      }
      try source.fill(upTo: min(limit + 1, max(Self.sniffSize, source.bytes.count * 2)))
    }
  }

  /// Reads the rest of an input whose first bytes are a model file's.
  private func readRest(
    _ source: inout ModelByteSource, limits: ModelInputLimits, regularSize: Int?
  ) throws(ModelFileError) -> [UInt8] {
    let isBinary = source.bytes.first == NNMFormat.magic[0]
    if isBinary && source.bytes.count >= 24 && source.bytes.starts(with: NNMFormat.magic) {
      let declared = source.bytes.withUnsafeBytes { $0.u64(16) }
      let cap = Int(clamping: max(declared, UInt64(regularSize ?? 0)))
      try source.fill(upTo: cap == Int.max ? cap : cap + 1)
      if source.bytes.count > cap {
        let extra = try source.drain(upTo: Self.trailingBytesCounted)
        if !source.ended { throw Self.streamTooLong(source.name, limit: cap, json: false) }
        // The decoder reports trailing bytes (after checking the header checksum) with the
        // input's length; stand-in zero bytes for the few counted give it the true length.
        return source.bytes + [UInt8](repeating: 0, count: extra)
      }
      return source.bytes
    }
    if isBinary {
      // Not the magic, or too short for a header: the decoder says which from these bytes.
      _ = try read(bytes: source.bytes)
      return source.bytes
    }
    let cap = max(limits.jsonStreamLimit, regularSize ?? 0)
    try source.fill(upTo: cap == Int.max ? cap : cap + 1)
    if source.bytes.count > cap {
      throw Self.streamTooLong(source.name, limit: cap, json: true)
    }
    return source.bytes
  }

  /// The error for a stream that goes on past `limit` bytes.
  private static func streamTooLong(_ name: String, limit: Int, json: Bool) -> ModelFileError {
    let why =
      json
      ? "a JSON model from a pipe or device; \(ModelInputLimits.jsonStreamLimitVariable) "
        + "raises the limit"
      : "the binary header's file length"
    return .limitExceeded(
      offset: limit, path: nil,
      what: "the length of \(escapedForTerminal(name)) (\(why))", limit: UInt64(limit),
      found: UInt64(limit) + 1)
  }
}
