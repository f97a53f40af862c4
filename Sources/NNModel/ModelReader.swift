/// A model read from a file, with what the file said about itself.
public struct ModelFile: Sendable, Equatable {
  /// The model.
  public var model: Model
  /// The encoding the bytes were in.
  public var encoding: ModelEncoding
  /// The format version stamped in the file.
  public var version: FormatVersion
}

/// Decodes model files from bytes or paths, detecting the encoding from the content.
///
/// ```swift
/// let model = try ModelReader().read(contentsOf: "gender.nnm").model
/// ```
///
/// The binary decoder checks the whole layout and every section's CRC-32C before it trusts a
/// byte, and bounds every allocation by the bytes present; the JSON decoder is a strict parser
/// with depth and size limits. Both end with ``Model/validate()``. Errors are
/// ``ModelFileError`` values naming the byte offset and, where there is one, the JSON path.
public struct ModelReader: Sendable {
  /// The format version this reader implements.
  public var formatVersion: FormatVersion

  /// Creates a reader of the newest format this library knows.
  public init() { formatVersion = .supported }

  /// Creates a reader that behaves as a reader of format `version` (of the same major
  /// version) would: it treats what later minor versions added as unknown. This is how the
  /// tests check that an older reader refuses a newer file it must not misread.
  public init(behavingAs version: FormatVersion) {
    precondition(version.major == FormatVersion.supported.major && version <= .supported)
    formatVersion = version
  }

  /// The encoding of `bytes`: binary if they start with the first byte of the magic, JSON if
  /// the first byte that is not JSON white space is `{`, otherwise nil.
  public static func detectEncoding(_ bytes: UnsafeRawBufferPointer) -> ModelEncoding? {
    guard let first = bytes.first else { return nil }
    if first == NNMFormat.magic[0] { return .binary }
    for byte in bytes {
      switch byte {
      case 0x20, 0x09, 0x0A, 0x0D: continue
      case UInt8(ascii: "{"): return .json
      default: return nil
      }
    }
    return nil
  }

  /// Decodes a model file held in memory.
  public func read(bytes: UnsafeRawBufferPointer) throws(ModelFileError) -> ModelFile {
    if bytes.isEmpty { throw .empty }
    switch Self.detectEncoding(bytes) {
    case .binary: return try readBinary(bytes)
    case .json: return try readJSON(bytes)
    case nil:
      // §2: the first byte decides; a damaged magic is named in the message only.
      throw .unrecognizedEncoding(firstBytes: Array(bytes.prefix(8)))
    }
  }

  /// Decodes a model file held in memory.
  public func read(bytes: [UInt8]) throws(ModelFileError) -> ModelFile {
    let result = bytes.withUnsafeBytes { raw in
      Result { () throws(ModelFileError) -> ModelFile in try read(bytes: raw) }
    }
    return try result.get()
  }

  /// Reads and decodes the file at `path`, verifying everything (like `read(bytes:)`).
  ///
  /// Regular files of 1 MiB or more are mapped (read-only) for their header, section table
  /// and metadata, and each tensor section is read (`pread`) straight into the model's array,
  /// its CRC-32C and finiteness checked chunk by chunk while in cache: one pass over the
  /// weights, no intermediate buffer. As with any mapping, another process truncating the file
  /// during the load makes an access to the mapped part fault (`SIGBUS`); read the bytes
  /// yourself and call `read(bytes:)` where that cannot be ruled out. Smaller files, pipes and
  /// devices are read with the bounds of ``readBytes(contentsOf:limits:)``.
  public func read(contentsOf file: FilePath) throws(ModelFileError) -> ModelFile {
    let path = file.string
    if let mapping = try FileMapping(
      path: path, minimumSize: 1 << 20, populate: false, keepsDescriptor: true)
    {
      // The mapping must outlive the decoding of its bytes.
      let result = withExtendedLifetime(mapping) {
        Result { () throws(ModelFileError) -> ModelFile in
          let bytes = mapping.bytes
          if bytes.first == NNMFormat.magic[0] {
            return try readBinary(bytes, tensorFile: (mapping.descriptor, path))
          }
          return try read(bytes: bytes)
        }
      }
      return try result.get()
    }
    return try read(bytes: try readBytes(atPath: path))
  }

  /// Decodes the binary encoding, verifying every checksum. With `tensorFile`, the tensor
  /// sections are read from that open file (the one `bytes` maps) into their arrays.
  func readBinary(
    _ bytes: UnsafeRawBufferPointer, tensorFile: (descriptor: Int32, path: String)? = nil
  ) throws(ModelFileError) -> ModelFile {
    let layout = try BinaryLayout.parse(bytes, readerVersion: formatVersion)
    var (model, tensors) = try layout.decodeMeta(bytes)
    try layout.checkTensorSections(tensors)
    for (k, tensor) in tensors.enumerated() {
      let index = tensor.section
      let storage = try readTensor(
        tensor, entry: layout.sections[index], from: bytes, file: tensorFile)
      if k % 2 == 0 {
        model.layers[k / 2].weights.storage = storage
      } else {
        model.layers[k / 2].biases.storage = storage
      }
    }
    model.extraSections = try layout.extraSections(after: tensors.count, in: bytes, verify: true)
    try model.validate(elements: true, values: false)
    try model.checkGateSection(present: layout.hasGateSection(after: tensors.count))
    try model.checkStamp(layout.version, offset: 10)
    return ModelFile(model: model, encoding: .binary, version: layout.version)
  }

  /// Decodes the JSON encoding.
  func readJSON(_ bytes: UnsafeRawBufferPointer) throws(ModelFileError) -> ModelFile {
    let text = bytes.assumingMemoryBound(to: UInt8.self)
    var parser = JSONParser(bytes: text)
    let root = try parser.parseDocument()
    var decoder = ModelJSONDecoder(source: text, base: 0, target: .document(version: .supported))
    decoder.readerVersion = formatVersion
    let model = try decoder.decodeModel(root)
    try model.validate(elements: true, values: false)
    try model.checkGateSection(present: decoder.sawGateSection)
    let version = versionOf(root) ?? .supported
    try model.checkStamp(version, offset: nil)
    return ModelFile(model: model, encoding: .json, version: version)
  }

  private func versionOf(_ root: JSONNode) -> FormatVersion? {
    guard case .object(let members) = root.value,
      let member = members.first(where: { sameBytes($0.key, "version") }),
      case .string(let text) = member.value.value
    else { return nil }
    return FormatVersion(text)
  }
}

extension Model {
  /// Reads the model file at `path` (binary or JSON, detected from the content):
  /// `Model(contentsOf: "gender.nnm")`.
  public init(contentsOf path: FilePath) throws(ModelFileError) {
    self = try ModelReader().read(contentsOf: path).model
  }

  /// Decodes a model file held in memory (binary or JSON, detected from the content).
  public init(bytes: [UInt8]) throws(ModelFileError) {
    self = try ModelReader().read(bytes: bytes).model
  }

  /// The binary encoding of this model.
  public func binaryEncoded() throws(ModelFileError) -> [UInt8] { try ModelWriter().binary(self) }

  /// The canonical JSON encoding of this model, as text ending with a line feed.
  public func jsonEncoded() throws(ModelFileError) -> String { try ModelWriter().jsonText(self) }

  /// Writes this model to `path` atomically (see ``ModelWriter/write(_:to:encoding:)``).
  public func write(to path: FilePath, encoding: ModelEncoding = .binary) throws(ModelFileError) {
    try ModelWriter().write(self, to: path, encoding: encoding)
  }
}
