import NNModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

extension ONNXTensor {
  var place: InteropError.Place { name.isEmpty ? .byte(offset) : .tensor(name) }

  /// The number of elements the dims claim, refused before anything is allocated when a dim is
  /// negative or the product exceeds what a model may hold.
  func elementCount() throws(InteropError) -> Int {
    var count = 1
    for dim in dims {
      guard dim >= 0 else {
        throw InteropError("invalid-shape", place, "negative dimension \(dim) in \(dims)")
      }
      let (product, overflow) = count.multipliedReportingOverflow(by: Int(dim))
      if overflow || product > NNMFormat.maxParameters {
        throw InteropError(
          "limit-exceeded", place,
          "shape \(dims) claims more than \(NNMFormat.maxParameters) elements")
      }
      count = product
    }
    return count
  }

  private func checkStored(_ found: Int, expected: Int, what: String) throws(InteropError) {
    if found != expected {
      throw InteropError(
        "tensor-size", place,
        "shape \(dims) needs \(expected) elements, \(what) holds \(found)")
    }
  }

  /// The elements of a FLOAT or DOUBLE tensor, checked against the shape.
  func storage(in bytes: UnsafeRawBufferPointer) throws(InteropError) -> TensorStorage {
    if isExternal {
      throw InteropError(
        "unsupported-tensor", place, "data stored in an external file is not supported")
    }
    if isSegmented {
      throw InteropError("unsupported-tensor", place, "segmented tensors are not supported")
    }
    let count = try elementCount()
    switch dataType {
    case ONNXDataType.float:
      let values: [Float] = try elements(in: bytes, count: count, runs: floatRuns)
      return .float32(values)
    case ONNXDataType.double:
      let values: [Double] = try elements(in: bytes, count: count, runs: doubleRuns)
      return .float64(values)
    default:
      throw InteropError(
        "unsupported-dtype", place,
        "\(ONNXDataType.name(dataType)) weights are not supported (FLOAT or DOUBLE)")
    }
  }

  private func elements<T: BinaryFloatingPoint>(
    in bytes: UnsafeRawBufferPointer, count: Int, runs: [Range<Int>]
  ) throws(InteropError) -> [T] {
    let width = MemoryLayout<T>.size
    let sources: [Range<Int>]
    if let raw {
      if !runs.isEmpty {
        throw InteropError("tensor-size", place, "both raw_data and typed data are present")
      }
      guard raw.count % width == 0 else {
        throw InteropError(
          "tensor-size", place, "raw_data of \(raw.count) bytes is not a whole number of elements")
      }
      try checkStored(raw.count / width, expected: count, what: "raw_data")
      sources = [raw]
    } else {
      let stored = runs.reduce(0) { $0 + $1.count } / width
      try checkStored(stored, expected: count, what: "the typed data field")
      sources = runs
    }
    // Every source lies inside the file and the total equals count × width: the allocation
    // is justified by the input.
    return littleEndianElements(in: bytes, sources, count: count)
  }

  /// The values of a small integer constant (a Reshape shape): INT64 or INT32.
  func integerValues(in bytes: UnsafeRawBufferPointer) throws(InteropError) -> [Int64] {
    guard dataType == ONNXDataType.int64 || dataType == ONNXDataType.int32 else {
      throw InteropError(
        "unsupported-dtype", place,
        "expected an integer constant, found \(ONNXDataType.name(dataType))")
    }
    let count = try elementCount()
    if count > ONNXFormat.maxIntegerElements {
      throw InteropError("limit-exceeded", place, "an integer constant of \(count) elements")
    }
    if let raw {
      let width = dataType == ONNXDataType.int64 ? 8 : 4
      try checkStored(raw.count / width, expected: count, what: "raw_data")
      guard raw.count == count * width else {
        throw InteropError("tensor-size", place, "raw_data of \(raw.count) bytes")
      }
      return (0..<count).map { k in
        let at = raw.lowerBound + k * width
        return width == 8
          ? Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: Int64.self))
          : Int64(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: Int32.self)))
      }
    }
    try checkStored(integers.count, expected: count, what: "the typed data field")
    return integers
  }
}

/// `count` elements copied from the little-endian bytes of `sources` (which hold exactly
/// `count` elements together).
func littleEndianElements<T: BinaryFloatingPoint>(
  in bytes: UnsafeRawBufferPointer, _ sources: [Range<Int>], count: Int
) -> [T] {
  if sources.count == 1, count > 0, let start = bytes.baseAddress {
    // One range (raw_data): the shared one-pass copy, into huge pages when large.
    return finiteCheckedElements(from: start + sources[0].lowerBound, count: count).elements
  }
  return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
    let destination = UnsafeMutableRawBufferPointer(buffer)
    var written = 0
    for range in sources where !range.isEmpty {
      UnsafeMutableRawBufferPointer(rebasing: destination[written..<written + range.count])
        .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[range]))
      written += range.count
    }
    #if _endian(big)
      for k in 0..<count { buffer[k] = littleEndianValue(buffer[k]) }
    #endif
    initialized = count
  }
}

#if _endian(big)
  /// `value` read from little-endian bytes: its bytes reversed.
  private func littleEndianValue<T: BinaryFloatingPoint>(_ value: T) -> T {
    var swapped = value
    withUnsafeMutableBytes(of: &swapped) { bytes in
      var bytes = bytes
      bytes.reverse()
    }
    return swapped
  }
#endif
