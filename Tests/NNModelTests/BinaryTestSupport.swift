@testable import NNModel

/// A section to assemble by hand.
struct RawSection {
  var type: String
  var required: Bool
  var payload: [UInt8]
}

/// Assembles a binary file from raw sections with correct layout and checksums.
func assemble(_ sections: [RawSection], major: UInt16 = 1, minor: UInt16 = 0) -> [UInt8] {
  let tableEnd = 32 + 32 * sections.count
  var offsets: [Int] = []
  var end = tableEnd
  for section in sections {
    let offset = (end + 63) / 64 * 64
    offsets.append(offset)
    end = offset + section.payload.count
  }
  var bytes = [UInt8](repeating: 0, count: end)
  bytes.replaceSubrange(0..<8, with: NNMFormat.magic)
  put(&bytes, 8, UInt64(major), width: 2)
  put(&bytes, 10, UInt64(minor), width: 2)
  put(&bytes, 12, UInt64(sections.count), width: 4)
  put(&bytes, 16, UInt64(end), width: 8)
  for (k, section) in sections.enumerated() {
    let at = 32 + 32 * k
    bytes.replaceSubrange(at..<at + 4, with: Array(section.type.utf8))
    put(&bytes, at + 4, section.required ? 1 : 0, width: 4)
    put(&bytes, at + 8, UInt64(offsets[k]), width: 8)
    put(&bytes, at + 16, UInt64(section.payload.count), width: 8)
    bytes.replaceSubrange(offsets[k]..<offsets[k] + section.payload.count, with: section.payload)
  }
  refreshChecksums(&bytes)
  return bytes
}

/// Writes `value` little-endian in `width` bytes at `offset`.
func put(_ bytes: inout [UInt8], _ offset: Int, _ value: UInt64, width: Int) {
  for k in 0..<width { bytes[offset + k] = UInt8(truncatingIfNeeded: value >> UInt64(8 * k)) }
}

/// Reads a little-endian value of `width` bytes at `offset`.
func get(_ bytes: [UInt8], _ offset: Int, width: Int) -> UInt64 {
  (0..<width).reduce(0) { $0 | UInt64(bytes[offset + $1]) << UInt64(8 * $1) }
}

/// The (offset, length) of each section, read from the table without checks.
func sectionSpans(_ bytes: [UInt8]) -> [(offset: Int, length: Int)] {
  let count = Int(get(bytes, 12, width: 4))
  return (0..<count).map { k in
    (Int(get(bytes, 32 + 32 * k + 8, width: 8)), Int(get(bytes, 32 + 32 * k + 16, width: 8)))
  }
}

/// Recomputes every section checksum and then the header checksum, so that a deliberately
/// altered file reaches the checks behind the checksums.
func refreshChecksums(_ bytes: inout [UInt8]) {
  let count = Int(get(bytes, 12, width: 4))
  for (k, span) in sectionSpans(bytes).enumerated()
  where span.offset >= 0 && span.length >= 0 && span.offset + span.length <= bytes.count {
    put(
      &bytes, 32 + 32 * k + 24,
      UInt64(crc32c(Array(bytes[span.offset..<span.offset + span.length]))), width: 4)
  }
  refreshHeaderChecksum(&bytes, sectionCount: count)
}

/// Recomputes only the header checksum.
func refreshHeaderChecksum(_ bytes: inout [UInt8], sectionCount: Int? = nil) {
  let count = sectionCount ?? Int(get(bytes, 12, width: 4))
  let tableEnd = 32 + 32 * count
  let crc = crc32c(Array(bytes[32..<tableEnd]), continuing: crc32c(Array(bytes[0..<28])))
  put(&bytes, 28, UInt64(crc), width: 4)
}

/// The error decoding `bytes` throws, or nil if it decodes.
func decodeError(_ bytes: [UInt8]) -> ModelFileError? {
  do {
    _ = try ModelReader().read(bytes: bytes)
    return nil
  } catch {
    return error
  }
}

/// The error decoding `text` throws, or nil if it decodes.
func decodeError(_ text: String) -> ModelFileError? { decodeError(Array(text.utf8)) }
