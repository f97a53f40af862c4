/// Encodes models in either encoding and writes them to files atomically.
///
/// ```swift
/// let writer = ModelWriter()
/// try writer.write(model, to: "gender.nnm")                 // binary
/// try writer.write(model, to: "gender.json", encoding: .json)
/// let text = try writer.jsonText(model)
/// ```
///
/// Every method validates the model first (``Model/validate()``) and stamps the lowest format
/// version that can represent it (1.0 for everything this library can express).
public struct ModelWriter: Sendable {
  /// Creates a writer.
  public init() {}

  /// The lowest format version that can represent `model`.
  public func version(for model: Model) -> FormatVersion { .v1 }

  /// The model in `encoding`.
  public func encode(_ model: Model, as encoding: ModelEncoding) throws(ModelFileError) -> [UInt8] {
    switch encoding {
    case .binary: try binary(model)
    case .json: try json(model)
    }
  }

  /// The canonical JSON encoding as UTF-8 bytes (ending with a line feed).
  public func json(_ model: Model) throws(ModelFileError) -> [UInt8] {
    try model.validate()
    return encodeModelJSON(model, target: .document(version: version(for: model)))
  }

  /// The canonical JSON encoding as text.
  public func jsonText(_ model: Model) throws(ModelFileError) -> String {
    String(decoding: try json(model), as: UTF8.self)
  }

  /// The binary encoding.
  public func binary(_ model: Model) throws(ModelFileError) -> [UInt8] {
    try model.validate()
    let meta = encodeModelJSON(model, target: .meta)
    if meta.count > NNMFormat.maxMetaBytes {
      throw .limitExceeded(
        offset: nil, path: "$", what: "META section length", limit: UInt64(NNMFormat.maxMetaBytes),
        found: UInt64(meta.count))
    }
    var lengths = [meta.count]
    for layer in model.layers {
      lengths.append(layer.weights.storage.count * layer.weights.scalarType.byteWidth)
      lengths.append(layer.biases.storage.count * layer.biases.scalarType.byteWidth)
    }
    for extra in model.extraSections { lengths.append(extra.payload.count) }
    let sectionCount = lengths.count
    var offsets: [Int] = []
    var end = NNMFormat.headerSize + sectionCount * NNMFormat.sectionEntrySize
    for length in lengths {
      let offset = aligned(end)
      offsets.append(offset)
      end = offset + length
    }
    let total = end
    let version = version(for: model)
    return [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
      let out = UnsafeMutableRawBufferPointer(buffer)
      out.initializeMemory(as: UInt8.self, repeating: 0)
      func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        out.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self)
      }
      func copy(_ source: UnsafeRawBufferPointer, to offset: Int) {
        guard source.count > 0 else { return }
        UnsafeMutableRawBufferPointer(rebasing: out[offset..<offset + source.count]).copyMemory(
          from: source)
      }
      for (k, byte) in NNMFormat.magic.enumerated() { out[k] = byte }
      put(version.major, at: 8)
      put(version.minor, at: 10)
      put(UInt32(sectionCount), at: 12)
      put(UInt64(total), at: 16)
      meta.withUnsafeBytes { copy($0, to: offsets[0]) }
      var types = [NNMFormat.metaSectionType]
      var flags = [NNMFormat.requiredFlag]
      var index = 1
      for layer in model.layers {
        for tensor in [layer.weights, layer.biases] {
          writeLittleEndian(tensor.storage, into: out, at: offsets[index])
          types.append(NNMFormat.tensorSectionType)
          flags.append(NNMFormat.requiredFlag)
          index += 1
        }
      }
      for extra in model.extraSections {
        extra.payload.withUnsafeBytes { copy($0, to: offsets[index]) }
        types.append(extra.type)
        flags.append(extra.isRequired ? NNMFormat.requiredFlag : 0)
        index += 1
      }
      for k in 0..<sectionCount {
        let at = NNMFormat.headerSize + k * NNMFormat.sectionEntrySize
        put(types[k], at: at)
        put(flags[k], at: at + 4)
        put(UInt64(offsets[k]), at: at + 8)
        put(UInt64(lengths[k]), at: at + 16)
        let payload = UnsafeRawBufferPointer(rebasing: out[offsets[k]..<offsets[k] + lengths[k]])
        put(crc32c(payload), at: at + 24)
      }
      let tableEnd = NNMFormat.headerSize + sectionCount * NNMFormat.sectionEntrySize
      let readOnly = UnsafeRawBufferPointer(out)
      let headerCRC = crc32c(
        readOnly.slice(NNMFormat.headerSize, tableEnd - NNMFormat.headerSize),
        continuing: crc32c(readOnly.slice(0, 28)))
      put(headerCRC, at: 28)
      initialized = total
    }
  }

  /// Writes `model` to `path` atomically: a temporary file in the same directory is written,
  /// flushed to disk (`fsync`) and renamed over `path`, then the directory is flushed. If
  /// anything fails, the temporary file is removed and an existing file at `path` is untouched.
  public func write(_ model: Model, to path: String, encoding: ModelEncoding = .binary)
    throws(ModelFileError)
  {
    let bytes = try encode(model, as: encoding)
    try AtomicFile.write(bytes, to: path)
  }
}

/// Writes a tensor's elements little-endian at `offset`.
private func writeLittleEndian(
  _ storage: TensorStorage, into out: UnsafeMutableRawBufferPointer, at offset: Int
) {
  switch storage {
  case .float32(let values):
    values.withUnsafeBytes { source in
      guard source.count > 0 else { return }
      UnsafeMutableRawBufferPointer(rebasing: out[offset..<offset + source.count]).copyMemory(
        from: source)
    }
    #if _endian(big)
      for (k, value) in values.enumerated() {
        out.storeBytes(
          of: value.bitPattern.littleEndian, toByteOffset: offset + 4 * k, as: UInt32.self)
      }
    #endif
  case .float64(let values):
    values.withUnsafeBytes { source in
      guard source.count > 0 else { return }
      UnsafeMutableRawBufferPointer(rebasing: out[offset..<offset + source.count]).copyMemory(
        from: source)
    }
    #if _endian(big)
      for (k, value) in values.enumerated() {
        out.storeBytes(
          of: value.bitPattern.littleEndian, toByteOffset: offset + 8 * k, as: UInt64.self)
      }
    #endif
  }
}
