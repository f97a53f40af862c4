import CChecksum

#if canImport(Glibc)
  import Glibc
#endif

/// `count` elements copied from the little-endian bytes at `source`, and whether every one is
/// finite, in one pass over the data (each chunk is checked while it is in cache), so that a
/// decoder can skip ``Model/validate()``'s separate scan of the elements.
package func finiteCheckedElements<T: BinaryFloatingPoint>(
  from source: UnsafeRawPointer, count: Int, as type: T.Type = T.self
) -> (elements: [T], allFinite: Bool) {
  let (elements, firstNonFinite) = checkedElements(from: source, count: count, as: type, crc: nil)
  return (elements, firstNonFinite == nil)
}

/// `count` elements copied from the little-endian bytes at `source`, the index of the first
/// infinite or NaN one (nil if all are finite), and, if `crc` is not nil, the CRC-32C of the
/// bytes extended into `crc` — all in one pass over the data, each 16 KiB chunk copied,
/// checksummed and scanned while it is in cache. A large destination is advised to use huge
/// pages (see `nn_copy_first_nonfinite_f32`).
package func checkedElements<T: BinaryFloatingPoint>(
  from source: UnsafeRawPointer, count: Int, as type: T.Type = T.self,
  crc: UnsafeMutablePointer<UInt32>?
) -> (elements: [T], firstNonFinite: Int?) {
  precondition(T.self == Float.self || T.self == Double.self, "f32 or f64 elements")
  var first = count
  let elements = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
    guard count > 0, let start = buffer.baseAddress else { return }
    let destination = UnsafeMutableRawPointer(start)
    #if _endian(big)
      let size = MemoryLayout<T>.size
      memcpy(destination, source, count * size)
      if let crc { crc.pointee = nn_crc32c(crc.pointee, source, count * size) }
      let raw = UnsafeMutableRawBufferPointer(start: destination, count: count * size)
      for k in 0..<count {
        // Little-endian bytes to the machine's order: reverse each element's bytes.
        var element = UnsafeMutableRawBufferPointer(rebasing: raw[k * size..<(k + 1) * size])
        element.reverse()
        if first == count && !buffer[k].isFinite { first = k }
      }
    #else
      first =
        switch (MemoryLayout<T>.size, crc) {
        case (4, nil): nn_copy_first_nonfinite_f32(destination, source, count)
        case (4, let crc?): nn_copy_crc32c_first_nonfinite_f32(destination, source, count, crc)
        case (_, nil): nn_copy_first_nonfinite_f64(destination, source, count)
        case (_, let crc?): nn_copy_crc32c_first_nonfinite_f64(destination, source, count, crc)
        }
    #endif
    initialized = count
  }
  return (elements, first == count ? nil : first)
}

/// `count` little-endian elements read from the open file `descriptor` at `offset` into a new
/// array, the CRC-32C of their bytes extended into `crc`, and the index of the first infinite
/// or NaN one — in one pass, each 256 KiB chunk checksummed and scanned right after its
/// `pread` (`nn_pread_crc32c_first_nonfinite_f32`). Little-endian hosts only.
func readCheckedElements(
  _ descriptor: Int32, offset: Int, count: Int, scalarType: ScalarType,
  crc: UnsafeMutablePointer<UInt32>, path: String
) throws(ModelFileError) -> (TensorStorage, firstNonFinite: Int?) {
  var code: Int32 = 0
  var first = count
  func fill(_ destination: UnsafeMutableRawPointer) {
    code =
      switch scalarType {
      case .float32:
        nn_pread_crc32c_first_nonfinite_f32(
          descriptor, Int64(offset), destination, count, crc, &first)
      case .float64:
        nn_pread_crc32c_first_nonfinite_f64(
          descriptor, Int64(offset), destination, count, crc, &first)
      }
  }
  let storage: TensorStorage
  switch scalarType {
  case .float32:
    storage = .float32(
      [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
        if let start = buffer.baseAddress { fill(UnsafeMutableRawPointer(start)) }
        initialized = count
      })
  case .float64:
    storage = .float64(
      [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
        if let start = buffer.baseAddress { fill(UnsafeMutableRawPointer(start)) }
        initialized = count
      })
  }
  if code != 0 { throw .io(path: path, operation: "read", errno: code) }
  return (storage, first == count ? nil : first)
}
