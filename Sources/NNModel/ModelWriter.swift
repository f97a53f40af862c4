import CChecksum

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
/// version that can represent it (1.1 for a model with output normalization or a
/// validation-loss history, else 1.0).
public struct ModelWriter: Sendable {
  /// Creates a writer.
  public init() {}

  /// The lowest format version that can represent `model`.
  public func version(for model: Model) -> FormatVersion { model.formatVersion }

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
    let plan = try BinaryPlan(model, version: version(for: model))
    var out: [UInt8] = []
    out.reserveCapacity(plan.totalLength)
    plan.emit { out.append(contentsOf: $0) }
    return out
  }

  /// Writes `model` to `path` atomically: a temporary file in the same directory is written,
  /// flushed to disk (`fsync`) and renamed over `path`, then the directory is flushed. If
  /// anything fails, the temporary file is removed and an existing file at `path` is untouched.
  public func write(_ model: Model, to path: FilePath, encoding: ModelEncoding = .binary)
    throws(ModelFileError)
  {
    try write(model, atPath: path.string, encoding: encoding)
  }

  /// ``write(_:to:encoding:)`` for a path as the tools were given it, written and named in
  /// errors exactly so.
  package func write(_ model: Model, atPath path: String, encoding: ModelEncoding = .binary)
    throws(ModelFileError)
  {
    switch encoding {
    case .json:
      try AtomicFile.write(try json(model), to: path)
    case .binary:
      // Streamed from the model's arrays: no second copy of the weights in memory.
      let plan = try BinaryPlan(model, version: version(for: model))
      try AtomicFile.write(to: path) { sink throws(ModelFileError) in
        var failure: ModelFileError?
        plan.emit { chunk in
          if failure == nil {
            do throws(ModelFileError) { try sink.write(chunk) } catch { failure = error }
          }
        }
        if let failure { throw failure }
      }
    }
  }
}

/// The layout of a model's binary encoding, with every checksum computed, ready to be emitted
/// as a sequence of byte chunks (to memory or straight to a file).
struct BinaryPlan {
  let model: Model
  let meta: [UInt8]
  let header: [UInt8]
  let offsets: [Int]
  let lengths: [Int]
  let totalLength: Int

  init(_ model: Model, version: FormatVersion) throws(ModelFileError) {
    // One pass over each tensor's elements gives its CRC-32C and its first non-finite element
    // (which `validate` would otherwise scan for in a pass of its own).
    var tensorChecksums: [UInt32] = []
    var scanned: [Int?] = []
    for layer in model.layers {
      for tensor in [layer.weights, layer.biases] {
        let (checksum, bad) = checksumAndFirstNonFinite(tensor.storage)
        tensorChecksums.append(checksum)
        scanned.append(bad)
      }
    }
    try model.validate(elements: true, scanned: scanned)
    self.model = model
    meta = encodeModelJSON(model, target: .meta)
    if meta.count > NNMFormat.maxMetaBytes {
      throw .limitExceeded(
        offset: nil, path: "$", what: "META section length",
        limit: UInt64(NNMFormat.maxMetaBytes), found: UInt64(meta.count))
    }
    var lengths = [meta.count]
    var types = [NNMFormat.metaSectionType]
    var flags = [NNMFormat.requiredFlag]
    var checksums = [crc32c(meta)]
    for layer in model.layers {
      for tensor in [layer.weights, layer.biases] {
        lengths.append(tensor.storage.count * tensor.scalarType.byteWidth)
        types.append(NNMFormat.tensorSectionType)
        flags.append(NNMFormat.requiredFlag)
        checksums.append(tensorChecksums[checksums.count - 1])
      }
    }
    for extra in model.writtenExtraSections {
      lengths.append(extra.payload.count)
      types.append(extra.type)
      flags.append(extra.isRequired ? NNMFormat.requiredFlag : 0)
      checksums.append(crc32c(extra.payload))
    }
    let count = lengths.count
    let tableEnd = NNMFormat.headerSize + count * NNMFormat.sectionEntrySize
    var offsets: [Int] = []
    var end = tableEnd
    for length in lengths {
      let offset = aligned(end)
      offsets.append(offset)
      end = offset + length
    }
    var header = [UInt8](repeating: 0, count: tableEnd)
    func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
      withUnsafeBytes(of: value.littleEndian) {
        header.replaceSubrange(offset..<offset + $0.count, with: $0)
      }
    }
    header.replaceSubrange(0..<8, with: NNMFormat.magic)
    put(version.major, at: 8)
    put(version.minor, at: 10)
    put(UInt32(count), at: 12)
    put(UInt64(end), at: 16)
    for k in 0..<count {
      let at = NNMFormat.headerSize + k * NNMFormat.sectionEntrySize
      put(types[k], at: at)
      put(flags[k], at: at + 4)
      put(UInt64(offsets[k]), at: at + 8)
      put(UInt64(lengths[k]), at: at + 16)
      put(checksums[k], at: at + 24)
    }
    let headerCRC = crc32c(
      Array(header[NNMFormat.headerSize...]), continuing: crc32c(Array(header[0..<28])))
    put(headerCRC, at: 28)
    self.header = header
    self.offsets = offsets
    self.lengths = lengths
    self.totalLength = end
  }

  /// Calls `sink` with consecutive chunks whose concatenation is the file.
  func emit(_ sink: (UnsafeRawBufferPointer) -> Void) {
    let zeros = [UInt8](repeating: 0, count: NNMFormat.alignment)
    var position = 0
    func pad(to offset: Int) {
      if offset > position {
        zeros.withUnsafeBytes { sink(UnsafeRawBufferPointer(rebasing: $0[0..<offset - position])) }
      }
      position = offset
    }
    header.withUnsafeBytes { sink($0) }
    position = header.count
    pad(to: offsets[0])
    meta.withUnsafeBytes { sink($0) }
    position += meta.count
    var index = 1
    for layer in model.layers {
      for tensor in [layer.weights, layer.biases] {
        pad(to: offsets[index])
        withLittleEndianBytes(tensor.storage) { sink($0) }
        position += lengths[index]
        index += 1
      }
    }
    for extra in model.writtenExtraSections {
      pad(to: offsets[index])
      extra.payload.withUnsafeBytes { sink($0) }
      position += lengths[index]
      index += 1
    }
  }
}

/// The CRC-32C of a tensor's little-endian bytes and the index of its first infinite or NaN
/// element (nil if all are finite), in one pass over the elements.
func checksumAndFirstNonFinite(_ storage: TensorStorage) -> (UInt32, Int?) {
  var crc: UInt32 = 0
  #if _endian(big)
    crc = withLittleEndianBytes(storage) { crc32c($0) }
    switch storage {
    case .float32(let values): return (crc, firstNonFinite(values))
    case .float64(let values): return (crc, firstNonFinite(values))
    }
  #else
    let count = storage.count
    let first = withLittleEndianBytes(storage) { raw -> Int in
      guard let base = raw.baseAddress, count > 0 else { return count }
      return
        switch storage
      {
      case .float32: nn_crc32c_first_nonfinite_f32(base, count, &crc)
      case .float64: nn_crc32c_first_nonfinite_f64(base, count, &crc)
      }
    }
    return (crc, first == count ? nil : first)
  #endif
}

/// Calls `body` with a tensor's elements as little-endian bytes (in place on little-endian
/// hosts).
package func withLittleEndianBytes<R>(
  _ storage: TensorStorage, _ body: (UnsafeRawBufferPointer) -> R
) -> R {
  #if _endian(big)
    switch storage {
    case .float32(let values):
      return values.map { $0.bitPattern.littleEndian }.withUnsafeBytes(body)
    case .float64(let values):
      return values.map { $0.bitPattern.littleEndian }.withUnsafeBytes(body)
    }
  #else
    switch storage {
    case .float32(let values): return values.withUnsafeBytes(body)
    case .float64(let values): return values.withUnsafeBytes(body)
    }
  #endif
}
