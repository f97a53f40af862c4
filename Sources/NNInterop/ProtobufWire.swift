import NNModel

/// The small part of protobuf's binary wire format that ONNX files use
/// (https://protobuf.dev/programming-guides/encoding/): each field is a key — the varint
/// `field_number << 3 | wire_type` — followed by a varint (type 0), 8 bytes (type 1), a varint
/// length and that many bytes (type 2: strings, bytes, sub-messages, packed arrays) or 4 bytes
/// (type 5). Groups (types 3 and 4) are deprecated and refused.
enum WireType: UInt8 {
  case varint = 0
  case fixed64 = 1
  case lengthDelimited = 2
  case fixed32 = 5
}

/// Reads the fields of one message inside a buffer. Every length is checked against the bytes
/// that remain in the enclosing message before anything is read or allocated; offsets in
/// errors are from the start of the file.
struct ProtoReader {
  let bytes: UnsafeRawBufferPointer
  private(set) var index: Int
  let end: Int

  /// A reader of `bytes[range]`.
  init(_ bytes: UnsafeRawBufferPointer, range: Range<Int>) {
    self.bytes = bytes
    self.index = range.lowerBound
    self.end = range.upperBound
  }

  var isAtEnd: Bool { index >= end }

  /// The next field's number and wire type, or nil at the end of the message.
  mutating func nextField() throws(InteropError) -> (number: UInt32, wire: WireType, offset: Int)? {
    if index >= end { return nil }
    let start = index
    let key = try varint()
    let number = key >> 3
    guard number != 0, number <= 0x1FFF_FFFF else {
      throw InteropError("protobuf-field", .byte(start), "invalid field number \(number)")
    }
    guard let wire = WireType(rawValue: UInt8(key & 7)) else {
      throw InteropError(
        "protobuf-wire-type", .byte(start),
        "field \(number) has wire type \(key & 7), which ONNX does not use")
    }
    return (UInt32(number), wire, start)
  }

  /// A base-128 varint of at most 10 bytes.
  mutating func varint() throws(InteropError) -> UInt64 {
    let start = index
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      guard index < end else {
        throw InteropError("truncated", .byte(start), "the message ends inside a varint")
      }
      let byte = bytes[index]
      index += 1
      if shift == 63 && byte > 1 {
        throw InteropError("protobuf-varint", .byte(start), "varint longer than 64 bits")
      }
      value |= UInt64(byte & 0x7F) << shift
      if byte < 0x80 { return value }
      shift += 7
    }
  }

  /// The bytes of a length-delimited field, as a range of the buffer.
  mutating func lengthDelimited() throws(InteropError) -> Range<Int> {
    let start = index
    let length = try varint()
    let remaining = end - index
    guard length <= UInt64(remaining) else {
      throw InteropError(
        "truncated", .byte(start),
        "a field claims \(length) bytes, only \(remaining) remain in its message")
    }
    index += Int(length)
    return (index - Int(length))..<index
  }

  mutating func fixed32() throws(InteropError) -> UInt32 {
    guard end - index >= 4 else {
      throw InteropError("truncated", .byte(index), "the message ends inside a 4-byte field")
    }
    let value = bytes.loadUnaligned(fromByteOffset: index, as: UInt32.self)
    index += 4
    return UInt32(littleEndian: value)
  }

  mutating func fixed64() throws(InteropError) -> UInt64 {
    guard end - index >= 8 else {
      throw InteropError("truncated", .byte(index), "the message ends inside an 8-byte field")
    }
    let value = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
    index += 8
    return UInt64(littleEndian: value)
  }

  /// Skips a field's value.
  mutating func skip(_ wire: WireType) throws(InteropError) {
    switch wire {
    case .varint: _ = try varint()
    case .fixed64: _ = try fixed64()
    case .lengthDelimited: _ = try lengthDelimited()
    case .fixed32: _ = try fixed32()
    }
  }

  /// Fails unless the field has wire type `expected`.
  func expect(
    _ wire: WireType, _ expected: WireType, field: String, at offset: Int
  ) throws(InteropError) {
    if wire != expected {
      throw InteropError(
        "protobuf-wire-type", .byte(offset),
        "\(field) has wire type \(wire.rawValue), expected \(expected.rawValue)")
    }
  }

  /// A length-delimited field as a string (invalid UTF-8 is replaced, never trusted).
  mutating func string() throws(InteropError) -> String {
    let range = try lengthDelimited()
    return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
  }

  /// A reader of a sub-message's bytes.
  mutating func message() throws(InteropError) -> ProtoReader {
    ProtoReader(bytes, range: try lengthDelimited())
  }

  /// A varint field read as a signed 64-bit integer (int64 and int32 fields, two's complement).
  mutating func int64() throws(InteropError) -> Int64 { Int64(bitPattern: try varint()) }

  /// One or more int64 values: a packed run (wire type 2) or one unpacked value (type 0).
  /// `limit` bounds how many a packed run may hold.
  mutating func int64s(
    _ wire: WireType, limit: Int, field: String, at offset: Int, into values: inout [Int64]
  ) throws(InteropError) {
    switch wire {
    case .varint: values.append(try int64())
    case .lengthDelimited:
      var packed = ProtoReader(bytes, range: try lengthDelimited())
      while !packed.isAtEnd {
        if values.count >= limit {
          throw InteropError(
            "limit-exceeded", .byte(offset), "\(field) has more than \(limit) values")
        }
        values.append(try packed.int64())
      }
    default:
      throw InteropError(
        "protobuf-wire-type", .byte(offset), "\(field) has wire type \(wire.rawValue)")
    }
    if values.count > limit {
      throw InteropError("limit-exceeded", .byte(offset), "\(field) has more than \(limit) values")
    }
  }
}

/// Builds one protobuf message. Sub-messages are built separately and appended with their
/// length.
struct ProtoWriter {
  var bytes: [UInt8] = []

  mutating func varint(_ value: UInt64) {
    var value = value
    while value >= 0x80 {
      bytes.append(UInt8(value & 0x7F) | 0x80)
      value >>= 7
    }
    bytes.append(UInt8(value))
  }

  mutating func key(_ field: UInt32, _ wire: WireType) {
    varint(UInt64(field) << 3 | UInt64(wire.rawValue))
  }

  mutating func int(_ field: UInt32, _ value: Int64) {
    key(field, .varint)
    varint(UInt64(bitPattern: value))
  }

  mutating func float(_ field: UInt32, _ value: Float) {
    key(field, .fixed32)
    withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
  }

  mutating func string(_ field: UInt32, _ text: String) {
    key(field, .lengthDelimited)
    varint(UInt64(text.utf8.count))
    bytes.append(contentsOf: text.utf8)
  }

  mutating func message(_ field: UInt32, _ body: ProtoWriter) {
    key(field, .lengthDelimited)
    varint(UInt64(body.bytes.count))
    bytes.append(contentsOf: body.bytes)
  }

  /// A length-delimited field whose `count` bytes `body` appends.
  mutating func bytesField(_ field: UInt32, count: Int, _ body: (inout [UInt8]) -> Void) {
    key(field, .lengthDelimited)
    varint(UInt64(count))
    let before = bytes.count
    body(&bytes)
    precondition(bytes.count - before == count, "bytesField wrote a different length")
  }
}

/// A message assembled from small encoded pieces and tensor elements kept by reference, so
/// that the elements are copied once, into the finished file.
struct ChunkedWriter {
  enum Chunk {
    case bytes([UInt8])
    case elements(TensorStorage)
  }

  private(set) var chunks: [Chunk] = []
  /// The encoded length so far.
  private(set) var count = 0

  mutating func append(_ bytes: [UInt8]) {
    if bytes.isEmpty { return }
    chunks.append(.bytes(bytes))
    count += bytes.count
  }

  /// Tensor elements, little-endian.
  mutating func append(elements: TensorStorage) {
    chunks.append(.elements(elements))
    count += elements.count * elements.scalarType.byteWidth
  }

  mutating func message(_ field: UInt32, _ body: ProtoWriter) {
    var head = ProtoWriter()
    head.key(field, .lengthDelimited)
    head.varint(UInt64(body.bytes.count))
    append(head.bytes + body.bytes)
  }

  mutating func message(_ field: UInt32, _ body: ChunkedWriter) {
    var head = ProtoWriter()
    head.key(field, .lengthDelimited)
    head.varint(UInt64(body.count))
    append(head.bytes)
    chunks += body.chunks
    count += body.count
  }

  mutating func string(_ field: UInt32, _ text: String) {
    var writer = ProtoWriter()
    writer.string(field, text)
    append(writer.bytes)
  }

  /// The whole message in one allocation.
  func assembled() -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(count)
    for chunk in chunks {
      switch chunk {
      case .bytes(let piece): bytes += piece
      case .elements(let storage): withLittleEndianBytes(storage) { bytes.append(contentsOf: $0) }
      }
    }
    return bytes
  }
}
