import NNModel

/// One tensor entry of a safetensors header.
struct SafetensorsEntry {
  var name: String
  var dtype: String
  /// Bytes per element of ``dtype``.
  var elementSize: Int
  var shape: [Int]
  /// Absolute byte range in the file.
  var range: Range<Int>
  /// Where the entry's JSON starts.
  var offset: Int
}

/// The header of a safetensors file, checked against the spec: every tensor's byte length is
/// its shape times its element size, and the data ranges tile the data region with no hole or
/// overlap.
struct SafetensorsFile {
  let bytes: UnsafeRawBufferPointer
  var entries: [SafetensorsEntry] = []
  var metadata: [String: String] = [:]

  static let elementSizes: [String: Int] = [
    "BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1, "I16": 2, "U16": 2, "F16": 2,
    "BF16": 2, "I32": 4, "U32": 4, "F32": 4, "F64": 8, "I64": 8, "U64": 8,
  ]

  init(_ bytes: UnsafeRawBufferPointer) throws(InteropError) {
    self.bytes = bytes
    guard bytes.count >= 8 else {
      throw InteropError(
        "truncated", .byte(0), "the file has \(bytes.count) bytes, the header length needs 8")
    }
    let declared = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
    guard declared <= UInt64(Safetensors.maxHeaderBytes) else {
      throw InteropError(
        "limit-exceeded", .byte(0),
        "header length \(declared) is more than the limit \(Safetensors.maxHeaderBytes)")
    }
    guard declared <= UInt64(bytes.count - 8) else {
      throw InteropError(
        "truncated", .byte(0),
        "the header length is \(declared), only \(bytes.count - 8) bytes follow")
    }
    let headerEnd = 8 + Int(declared)
    guard headerEnd > 8, bytes[8] == UInt8(ascii: "{") else {
      throw InteropError("invalid-header", .byte(8), "the header does not start with '{'")
    }
    let text = UnsafeRawBufferPointer(rebasing: bytes[8..<headerEnd]).assumingMemoryBound(
      to: UInt8.self)
    var parser = JSONParser(bytes: text, base: 8)
    let root: JSONNode
    do {
      root = try parser.parseDocument()
    } catch {
      throw InteropError(error.code, .byte(error.offset ?? 8), "header: \(error.problem)")
    }
    guard case .object(let members) = root.value else {
      throw InteropError("invalid-header", .byte(8), "the header is not a JSON object")
    }
    for member in members {
      if member.key == "__metadata__" {
        try readMetadata(member.value)
      } else {
        entries.append(try entry(member, text: text, dataStart: headerEnd))
      }
    }
    try checkLayout(dataStart: headerEnd)
  }

  private mutating func readMetadata(_ node: JSONNode) throws(InteropError) {
    guard case .object(let members) = node.value else {
      throw InteropError("invalid-header", .byte(node.offset), "__metadata__ is not an object")
    }
    for member in members {
      guard case .string(let value) = member.value.value else {
        throw InteropError(
          "invalid-header", .byte(member.value.offset),
          "__metadata__ value of \"\(escapedForTerminal(member.key))\" is not a string")
      }
      metadata[member.key] = value
    }
  }

  private func entry(_ member: JSONMember, text: UnsafeBufferPointer<UInt8>, dataStart: Int)
    throws(InteropError) -> SafetensorsEntry
  {
    let name = member.key
    guard case .object(let fields) = member.value.value else {
      throw InteropError(
        "invalid-header", .byte(member.value.offset),
        "entry '\(escapedForTerminal(name))' is not an object")
    }
    var dtype: (name: String, size: Int)?
    var shape: [Int]?
    var offsets: [Int]?
    for field in fields {
      switch field.key {
      case "dtype":
        guard case .string(let value) = field.value.value, let size = Self.elementSizes[value]
        else {
          throw InteropError(
            "invalid-header", .byte(field.value.offset),
            "tensor '\(escapedForTerminal(name))': unknown dtype")
        }
        dtype = (value, size)
      case "shape":
        shape = try integers(field.value, text: text, what: "shape of '\(name)'")
      case "data_offsets":
        offsets = try integers(field.value, text: text, what: "data_offsets of '\(name)'")
      default:
        throw InteropError(
          "invalid-header", .byte(field.offset),
          "tensor '\(escapedForTerminal(name))': unknown key \"\(escapedForTerminal(field.key))\"")
      }
    }
    guard let dtype, let shape, let offsets else {
      throw InteropError(
        "invalid-header", .byte(member.value.offset),
        "tensor '\(escapedForTerminal(name))' needs dtype, shape and data_offsets")
    }
    guard offsets.count == 2, offsets[0] <= offsets[1] else {
      throw InteropError(
        "invalid-header", .byte(member.value.offset),
        "tensor '\(escapedForTerminal(name))': data_offsets must be [begin, end]")
    }
    var count = 1
    for dim in shape {
      let (product, overflow) = count.multipliedReportingOverflow(by: dim)
      guard !overflow, product <= NNMFormat.maxParameters else {
        throw InteropError(
          "limit-exceeded", .byte(member.value.offset),
          "tensor '\(escapedForTerminal(name))': shape \(shape) claims more than "
            + "\(NNMFormat.maxParameters) elements")
      }
      count = product
    }
    let length = offsets[1] - offsets[0]
    let expected = count * dtype.size
    guard length == expected else {
      throw InteropError(
        "tensor-size", .byte(member.value.offset),
        "tensor '\(escapedForTerminal(name))': shape \(shape) of \(dtype.name) needs \(expected) bytes, "
          + "data_offsets give \(length)")
    }
    guard offsets[1] <= bytes.count - dataStart else {
      throw InteropError(
        "truncated", .byte(member.value.offset),
        "tensor '\(escapedForTerminal(name))' ends at data byte \(offsets[1]), the data has "
          + "\(bytes.count - dataStart) bytes")
    }
    return SafetensorsEntry(
      name: name, dtype: dtype.name, elementSize: dtype.size, shape: shape,
      range: (dataStart + offsets[0])..<(dataStart + offsets[1]), offset: member.value.offset)
  }

  /// Non-negative integers of a JSON array (shape, data_offsets), read from the number text.
  private func integers(_ node: JSONNode, text: UnsafeBufferPointer<UInt8>, what: String)
    throws(InteropError) -> [Int]
  {
    let start: Int
    let end: Int
    switch node.value {
    case .array(let elements) where elements.isEmpty: return []
    case .numberArray(let s, let e, _): (start, end) = (s + 1, e - 1)
    default:
      throw InteropError(
        "invalid-header", .byte(node.offset),
        "\(escapedForTerminal(what)) is not an array of integers")
    }
    var result: [Int] = []
    var value: Int?
    for k in start..<end {
      let byte = text[k]
      switch byte {
      case 0x30...0x39:
        let (times, o1) = (value ?? 0).multipliedReportingOverflow(by: 10)
        let (sum, o2) = times.addingReportingOverflow(Int(byte - 0x30))
        guard !o1, !o2, sum <= 1 << 53 else {
          throw InteropError(
            "limit-exceeded", .byte(8 + k), "\(escapedForTerminal(what)): integer too large")
        }
        value = sum
      case UInt8(ascii: ","):
        // The JSON parser accepted the array, so a number precedes every comma.
        guard let finished = value else {
          throw InteropError(
            "invalid-header", .byte(8 + k), "\(escapedForTerminal(what)): missing integer")
        }
        result.append(finished)
        value = nil
      case 0x20, 0x09, 0x0A, 0x0D: break
      default:
        throw InteropError(
          "invalid-header", .byte(8 + k), "\(escapedForTerminal(what)): not a non-negative integer")
      }
    }
    if let value { result.append(value) }
    return result
  }

  /// The data ranges, in offset order, must start at the data region, follow each other
  /// without a gap and end at the end of the file.
  private mutating func checkLayout(dataStart: Int) throws(InteropError) {
    entries.sort {
      ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound)
    }
    var position = dataStart
    for entry in entries {
      guard entry.range.lowerBound == position else {
        throw InteropError(
          "data-layout", .byte(entry.offset),
          "tensor '\(escapedForTerminal(entry.name))' starts at data byte "
            + "\(entry.range.lowerBound - dataStart), expected \(position - dataStart) "
            + "(tensors are contiguous, without holes or overlaps)")
      }
      position = entry.range.upperBound
    }
    guard position == bytes.count else {
      throw InteropError(
        "data-layout", .byte(position),
        "\(bytes.count - position) bytes after the last tensor's data")
    }
  }

  /// A floating-point tensor's elements: F32 and F64 exactly, F16 and BF16 widened to f32.
  func storage(_ entry: SafetensorsEntry) throws(InteropError) -> TensorStorage {
    try checkedStorage(entry).storage
  }

  /// ``storage(_:)``, and whether every element is finite (checked during the copy).
  func checkedStorage(_ entry: SafetensorsEntry) throws(InteropError) -> (
    storage: TensorStorage, allFinite: Bool
  ) {
    let count = entry.range.count / entry.elementSize
    let base = entry.range.lowerBound
    switch entry.dtype {
    case "F32":
      guard count > 0, let start = bytes.baseAddress else { return (.float32([]), true) }
      let (elements, allFinite) = finiteCheckedElements(
        from: start + base, count: count, as: Float.self)
      return (.float32(elements), allFinite)
    case "F64":
      guard count > 0, let start = bytes.baseAddress else { return (.float64([]), true) }
      let (elements, allFinite) = finiteCheckedElements(
        from: start + base, count: count, as: Double.self)
      return (.float64(elements), allFinite)
    case "F16", "BF16":
      let isBrain = entry.dtype == "BF16"
      let elements = (0..<count).map {
        let bits = UInt16(
          littleEndian: bytes.loadUnaligned(fromByteOffset: base + 2 * $0, as: UInt16.self))
        return isBrain ? Float(bitPattern: UInt32(bits) << 16) : widenHalf(bits)
      }
      return (.float32(elements), false)
    default:
      throw InteropError(
        "unsupported-dtype", .tensor(entry.name),
        "\(entry.dtype) is not a floating-point type (F32, F64, F16, BF16)")
    }
  }
}

/// IEEE 754 binary16 → binary32, exactly.
func widenHalf(_ bits: UInt16) -> Float {
  let sign: Float = bits & 0x8000 != 0 ? -1 : 1
  let exponent = Int((bits >> 10) & 0x1F)
  let fraction = Float(bits & 0x3FF)
  switch exponent {
  case 0: return sign * fraction * 0x1p-24
  case 31: return fraction == 0 ? sign * .infinity : .nan
  default:
    return sign * (1 + fraction / 1024)
      * Float(sign: .plus, exponent: exponent - 15, significand: 1)
  }
}
