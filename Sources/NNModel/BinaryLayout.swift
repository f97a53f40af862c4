import CChecksum

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// CRC-32C (Castagnoli) of `bytes`, continuing from `crc` (start with 0).
public func crc32c(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
  guard let base = bytes.baseAddress else { return crc }
  return nn_crc32c(crc, base, bytes.count)
}

/// CRC-32C (Castagnoli) of `bytes`, continuing from `crc` (start with 0).
public func crc32c(_ bytes: [UInt8], continuing crc: UInt32 = 0) -> UInt32 {
  bytes.withUnsafeBytes { crc32c($0, continuing: crc) }
}

/// One entry of the section table.
struct SectionEntry {
  var type: UInt32
  var flags: UInt32
  var offset: Int
  var length: Int
  var checksum: UInt32

  var isRequired: Bool { flags & NNMFormat.requiredFlag != 0 }
  var typeName: String { NNMFormat.typeName(type) }
  var end: Int { offset + length }
}

/// The checked header and section table of a binary file.
struct BinaryLayout {
  var version: FormatVersion
  var sections: [SectionEntry]
  var fileLength: Int
  /// The version of the format the reader implements (older only in tests that check how an
  /// older reader treats newer files).
  var readerVersion: FormatVersion = .supported
}

/// Rounds `value` up to the next multiple of the section alignment.
func aligned(_ value: Int) -> Int {
  (value + NNMFormat.alignment - 1) / NNMFormat.alignment * NNMFormat.alignment
}

extension UnsafeRawBufferPointer {
  @inline(__always) func u16(_ offset: Int) -> UInt16 {
    UInt16(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt16.self))
  }
  @inline(__always) func u32(_ offset: Int) -> UInt32 {
    UInt32(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self))
  }
  @inline(__always) func u64(_ offset: Int) -> UInt64 {
    UInt64(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt64.self))
  }
  func slice(_ offset: Int, _ length: Int) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(rebasing: self[offset..<offset + length])
  }
}

/// Whether `found` (starting with `0x89`) looks like the magic after newline translation.
func looksLikeTextModeDamage(_ found: [UInt8]) -> Bool {
  // CR LF -> LF: "\x89NNM\n\x1A\n"; LF -> CR LF: "\x89NNM\r\r\n\x1A"
  let lf: [UInt8] = [0x89, 0x4E, 0x4E, 0x4D, 0x0A, 0x1A, 0x0A]
  let crlf: [UInt8] = [0x89, 0x4E, 0x4E, 0x4D, 0x0D, 0x0D, 0x0A, 0x1A]
  return found.starts(with: lf) || found.starts(with: crlf)
}

/// A hint for an input that does not start with `0x89` but looks like the binary magic whose
/// first byte was damaged in transfer; nil otherwise. (The code stays `unrecognized-encoding`:
/// §2 decides the encoding from the first byte alone.)
func damagedFirstByteHint(_ found: [UInt8]) -> String? {
  let rest: [UInt8] = [0x4E, 0x4E, 0x4D]  // "NNM"
  if found.first == 0x09 && found.dropFirst().starts(with: rest) {
    return " (it looks like the .nnm magic with the high bit of its first byte cleared: a 7-bit "
      + "transfer)"
  }
  if found.starts(with: [0xC2, 0x89] + rest) || found.starts(with: [0xEF, 0xBF, 0xBD] + rest) {
    return " (it looks like the .nnm magic with its first byte re-encoded as text)"
  }
  if found.first.map({ $0 & 0x80 == 0 }) == true && found.dropFirst().starts(with: rest) {
    return " (it looks like the .nnm magic with a damaged first byte)"
  }
  return nil
}

extension BinaryLayout {
  /// Checks the header and section table: magic, version, lengths, header checksum, reserved
  /// fields, and the contiguous 64-byte-aligned layout with zero padding. Section payloads are
  /// not read here.
  static func parse(_ bytes: UnsafeRawBufferPointer, readerVersion: FormatVersion = .supported)
    throws(ModelFileError) -> BinaryLayout
  {
    let count = bytes.count
    if count == 0 { throw .empty }
    let magic = NNMFormat.magic
    let prefix = Array(bytes.prefix(magic.count))
    if prefix != magic {
      if prefix.count < magic.count && magic.starts(with: prefix) {
        throw .truncated(offset: 0, needed: UInt64(NNMFormat.headerSize), available: count)
      }
      throw .badMagic(found: prefix, textModeDamage: looksLikeTextModeDamage(prefix))
    }
    if count < 12 {
      throw .truncated(offset: 0, needed: UInt64(NNMFormat.headerSize), available: count)
    }
    let version = FormatVersion(major: bytes.u16(8), minor: bytes.u16(10))
    if version.major != readerVersion.major {
      throw .unsupportedVersion(found: version, supported: readerVersion)
    }
    if count < NNMFormat.headerSize {
      throw .truncated(offset: 0, needed: UInt64(NNMFormat.headerSize), available: count)
    }
    let sectionCount = bytes.u32(12)
    if sectionCount == 0 {
      throw .unexpectedSection(
        section: 0, type: "nothing", offset: NNMFormat.headerSize, expected: "META")
    }
    if sectionCount > UInt32(NNMFormat.maxSections) {
      throw .limitExceeded(
        offset: 12, path: nil, what: "section count", limit: UInt64(NNMFormat.maxSections),
        found: UInt64(sectionCount))
    }
    let tableEnd = NNMFormat.headerSize + Int(sectionCount) * NNMFormat.sectionEntrySize
    if tableEnd > count {
      throw .truncated(
        offset: NNMFormat.headerSize, needed: UInt64(tableEnd - NNMFormat.headerSize),
        available: count)
    }
    // The checksum comes before any other field is trusted, so damage is reported as damage.
    let stored = bytes.u32(28)
    let computed = crc32c(
      bytes.slice(NNMFormat.headerSize, tableEnd - NNMFormat.headerSize),
      continuing: crc32c(bytes.slice(0, 28)))
    if stored != computed { throw .headerChecksumMismatch(stored: stored, computed: computed) }
    let declaredLength = bytes.u64(16)
    if declaredLength != UInt64(count) {
      throw .fileLengthMismatch(declared: declaredLength, actual: count)
    }
    let headerFlags = bytes.u32(24)
    if headerFlags != 0 {
      throw .reservedNotZero(offset: 24, field: "header flags", found: UInt64(headerFlags))
    }
    var sections: [SectionEntry] = []
    sections.reserveCapacity(Int(sectionCount))
    var previousEnd = tableEnd
    for index in 0..<Int(sectionCount) {
      let at = NNMFormat.headerSize + index * NNMFormat.sectionEntrySize
      let type = bytes.u32(at)
      guard NNMFormat.isValidTypeCode(type) else {
        throw .invalidSectionType(section: index, offset: at, found: type)
      }
      let name = NNMFormat.typeName(type)
      let flags = bytes.u32(at + 4)
      if flags & ~NNMFormat.requiredFlag != 0 {
        throw .reservedNotZero(
          offset: at + 4, field: "section \(index) (\(name)) flags bits 1-31", found: UInt64(flags))
      }
      let reserved = bytes.u32(at + 28)
      if reserved != 0 {
        throw .reservedNotZero(
          offset: at + 28, field: "section \(index) (\(name)) reserved", found: UInt64(reserved))
      }
      let offset = bytes.u64(at + 8)
      let length = bytes.u64(at + 16)
      let expected = aligned(previousEnd)
      if offset != UInt64(expected) {
        throw .sectionMisplaced(
          section: index, type: name, offset: at + 8, expected: UInt64(expected), found: offset)
      }
      let (end, overflow) = offset.addingReportingOverflow(length)
      if overflow || end > UInt64(count) {
        throw .sectionOutOfBounds(
          section: index, type: name, offset: at + 16, end: overflow ? .max : end, fileLength: count
        )
      }
      for p in previousEnd..<expected where bytes[p] != 0 {
        throw .nonZeroPadding(section: index, type: name, offset: p)
      }
      sections.append(
        SectionEntry(
          type: type, flags: flags, offset: expected, length: Int(length),
          checksum: bytes.u32(at + 24)))
      previousEnd = Int(end)
    }
    if previousEnd != count {
      throw .layoutEndMismatch(layoutEnd: UInt64(previousEnd), fileLength: count)
    }
    return BinaryLayout(
      version: version, sections: sections, fileLength: count, readerVersion: readerVersion)
  }

  /// Checks a section's payload against its stored CRC-32C.
  func verify(_ index: Int, in bytes: UnsafeRawBufferPointer) throws(ModelFileError) {
    let entry = sections[index]
    let computed = crc32c(bytes.slice(entry.offset, entry.length))
    if computed != entry.checksum {
      throw .sectionChecksumMismatch(
        section: index, type: entry.typeName, offset: entry.offset, stored: entry.checksum,
        computed: computed)
    }
  }

  /// Decodes the META section (verified) into a model whose tensors have their shapes but no
  /// elements, and the descriptions of those tensors in section order.
  func decodeMeta(
    _ bytes: UnsafeRawBufferPointer, checkCanonical: Bool = true
  ) throws(ModelFileError) -> (Model, [TensorDescription]) {
    let meta = sections[0]
    if meta.type != NNMFormat.metaSectionType {
      throw .unexpectedSection(
        section: 0, type: meta.typeName, offset: meta.offset, expected: "META")
    }
    if !meta.isRequired {
      throw .sectionNotRequired(section: 0, type: "META", offset: NNMFormat.headerSize + 4)
    }
    if meta.length > NNMFormat.maxMetaBytes {
      throw .limitExceeded(
        offset: NNMFormat.headerSize + 16, path: nil, what: "META section length",
        limit: UInt64(NNMFormat.maxMetaBytes), found: UInt64(meta.length))
    }
    try verify(0, in: bytes)
    let text = bytes.slice(meta.offset, meta.length).assumingMemoryBound(to: UInt8.self)
    // The common case in one pass; anything else (and every error) by the general decoder.
    if version <= readerVersion,
      let (model, tensors) = MetaFastDecoder.decode(text, readerVersion: readerVersion)
    {
      if checkCanonical { try self.checkCanonical(model, in: bytes) }
      return (model, tensors)
    }
    var parser = JSONParser(bytes: text, base: meta.offset)
    let root = try parser.parseDocument()
    var decoder = ModelJSONDecoder(source: text, base: meta.offset, target: .meta)
    decoder.ignoreUnknownKeys = version > readerVersion
    decoder.readerVersion = readerVersion
    let model = try decoder.decodeModel(root)
    if checkCanonical && !decoder.ignoreUnknownKeys { try self.checkCanonical(model, in: bytes) }
    return (model, decoder.tensors)
  }

  /// Checks that the META payload is byte-for-byte the canonical encoding of `model` (files of
  /// a newer minor version are exempt).
  func checkCanonical(_ model: Model, in bytes: UnsafeRawBufferPointer) throws(ModelFileError) {
    if version > readerVersion { return }
    let meta = sections[0]
    let text = bytes.slice(meta.offset, meta.length)
    let canonical = encodeModelJSON(model, target: .meta)
    let same =
      canonical.count == text.count
      && canonical.withUnsafeBytes { sameBytes($0, text) }
    if !same {
      var k = 0
      while k < canonical.count && k < text.count && canonical[k] == text[k] { k += 1 }
      throw .nonCanonicalMetadata(offset: meta.offset + k)
    }
  }

  /// Checks that each tensor's section exists, is a required TNSR section of the right length.
  func checkTensorSections(_ tensors: [TensorDescription]) throws(ModelFileError) {
    for tensor in tensors {
      let index = tensor.section
      guard index < sections.count else {
        // Where the missing entry would be, as for a file without sections (§10 step 3).
        throw .unexpectedSection(
          section: index, type: "nothing",
          offset: NNMFormat.headerSize + sections.count * NNMFormat.sectionEntrySize,
          expected: "TNSR")
      }
      let entry = sections[index]
      let entryOffset = NNMFormat.headerSize + index * NNMFormat.sectionEntrySize
      if entry.type != NNMFormat.tensorSectionType {
        throw .unexpectedSection(
          section: index, type: entry.typeName, offset: entryOffset, expected: "TNSR")
      }
      if !entry.isRequired {
        throw .sectionNotRequired(section: index, type: "TNSR", offset: entryOffset + 4)
      }
      let expected = UInt64(tensor.count) * UInt64(tensor.scalarType.byteWidth)
      if UInt64(entry.length) != expected {
        throw .tensorSizeMismatch(
          section: index, offset: entryOffset + 16, path: tensor.path, expected: expected,
          found: UInt64(entry.length))
      }
    }
  }

  /// Whether the section right after the tensors is the `v1.1` gate (for a 1.1 reader).
  func hasGateSection(after tensorCount: Int) -> Bool {
    readerVersion.knowsFormat1point1 && 1 + tensorCount < sections.count
      && sections[1 + tensorCount].type == NNMFormat.gateSectionType
  }

  /// The sections after the tensors: checked and returned as opaque sections (the `v1.1`
  /// gate, which a 1.1 reader knows, is checked and left out).
  func extraSections(after tensorCount: Int, in bytes: UnsafeRawBufferPointer, verify: Bool)
    throws(ModelFileError) -> [OpaqueSection]
  {
    var first = 1 + tensorCount
    guard first < sections.count else { return [] }
    if hasGateSection(after: tensorCount) {
      let entry = sections[first]
      let entryOffset = NNMFormat.headerSize + first * NNMFormat.sectionEntrySize
      if !entry.isRequired {
        throw .sectionNotRequired(section: first, type: entry.typeName, offset: entryOffset + 4)
      }
      if entry.length != 0 {
        throw .invalidField(
          offset: entryOffset + 16, path: "$.extra_sections[0].payload",
          problem: "the v1.1 section must be empty, it has \(entry.length) bytes")
      }
      first += 1
      guard first < sections.count else { return [] }
    }
    if sections.count - first > NNMFormat.maxExtraSections {
      throw .limitExceeded(
        offset: 12, path: nil, what: "number of extra sections",
        limit: UInt64(NNMFormat.maxExtraSections), found: UInt64(sections.count - first))
    }
    var extras: [OpaqueSection] = []
    for index in first..<sections.count {
      let entry = sections[index]
      let entryOffset = NNMFormat.headerSize + index * NNMFormat.sectionEntrySize
      if entry.type == NNMFormat.metaSectionType || entry.type == NNMFormat.tensorSectionType {
        throw .unexpectedSection(
          section: index, type: entry.typeName, offset: entryOffset,
          expected: "an extra section (all tensors come before)")
      }
      if entry.isRequired {
        throw .unknownRequiredSection(section: index, type: entry.typeName, offset: entryOffset)
      }
      if entry.length > NNMFormat.maxExtraSectionBytes {
        throw .limitExceeded(
          offset: entryOffset + 16, path: nil, what: "extra section length",
          limit: UInt64(NNMFormat.maxExtraSectionBytes), found: UInt64(entry.length))
      }
      if verify { try self.verify(index, in: bytes) }
      extras.append(
        OpaqueSection(
          type: entry.type, isRequired: false,
          payload: Array(bytes.slice(entry.offset, entry.length))))
    }
    return extras
  }
}

/// Copies a tensor's little-endian elements out of `bytes` — or, with `file`, reads them from
/// that open file (the one `bytes` maps) — checking the section's CRC-32C and that every
/// element is finite in the same pass (`checkedElements`, `readCheckedElements`).
func readTensor(
  _ tensor: TensorDescription, entry: SectionEntry, from bytes: UnsafeRawBufferPointer,
  file: (descriptor: Int32, path: String)? = nil
) throws(ModelFileError) -> TensorStorage {
  let payload = bytes.slice(entry.offset, entry.length)
  var computed: UInt32 = 0
  let storage: TensorStorage
  let bad: Int?
  #if _endian(little)
    let file = file
  #else
    let file: (descriptor: Int32, path: String)? = nil
  #endif
  if let file, tensor.count > 0 {
    (storage, bad) = try readCheckedElements(
      file.descriptor, offset: entry.offset, count: tensor.count, scalarType: tensor.scalarType,
      crc: &computed, path: file.path)
  } else if let source = payload.baseAddress, tensor.count > 0 {
    switch tensor.scalarType {
    case .float32:
      let (values, first) = checkedElements(
        from: source, count: tensor.count, as: Float.self, crc: &computed)
      (storage, bad) = (.float32(values), first)
    case .float64:
      let (values, first) = checkedElements(
        from: source, count: tensor.count, as: Double.self, crc: &computed)
      (storage, bad) = (.float64(values), first)
    }
  } else {
    computed = crc32c(payload)
    (storage, bad) = (tensor.scalarType == .float32 ? .float32([]) : .float64([]), nil)
  }
  if computed != entry.checksum {
    throw .sectionChecksumMismatch(
      section: tensor.section, type: "TNSR", offset: entry.offset, stored: entry.checksum,
      computed: computed)
  }
  if let bad {
    throw .nonFiniteValue(
      offset: entry.offset + bad * tensor.scalarType.byteWidth,
      path: tensor.path + ".data[\(bad)]")
  }
  return storage
}

/// The index of the first infinite or NaN element, or nil.
func firstNonFinite(_ values: [Float]) -> Int? {
  values.withUnsafeBytes { raw in
    let index = raw.baseAddress.map { nn_first_nonfinite_f32($0, values.count) } ?? 0
    return index == values.count ? nil : index
  }
}

/// The index of the first infinite or NaN element, or nil.
func firstNonFinite(_ values: [Double]) -> Int? {
  values.withUnsafeBytes { raw in
    let index = raw.baseAddress.map { nn_first_nonfinite_f64($0, values.count) } ?? 0
    return index == values.count ? nil : index
  }
}

/// Checks a tensor's section in place: its CRC-32C and that every element is finite, in one
/// pass over the bytes (a mapped model's `verify()`).
func verifyTensor(
  _ tensor: TensorDescription, entry: SectionEntry, in bytes: UnsafeRawBufferPointer
)
  throws(ModelFileError)
{
  let payload = bytes.slice(entry.offset, entry.length)
  var computed: UInt32 = 0
  var bad = tensor.count
  if let base = payload.baseAddress, tensor.count > 0 {
    bad =
      switch tensor.scalarType {
      case .float32: nn_crc32c_first_nonfinite_f32(base, tensor.count, &computed)
      case .float64: nn_crc32c_first_nonfinite_f64(base, tensor.count, &computed)
      }
  }
  if computed != entry.checksum {
    throw .sectionChecksumMismatch(
      section: tensor.section, type: entry.typeName, offset: entry.offset,
      stored: entry.checksum, computed: computed)
  }
  if bad < tensor.count {
    throw .nonFiniteValue(
      offset: entry.offset + bad * tensor.scalarType.byteWidth,
      path: tensor.path + ".data[\(bad)]")
  }
}
