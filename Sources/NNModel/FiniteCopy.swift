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
  precondition(T.self == Float.self || T.self == Double.self, "f32 or f64 elements")
  var allFinite = true
  let elements = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
    guard count > 0 else { return }
    let destination = UnsafeMutableRawPointer(buffer.baseAddress!)
    #if _endian(big)
      memcpy(destination, source, count * MemoryLayout<T>.size)
      for k in 0..<count {
        if let float = buffer[k] as? Float {
          buffer[k] = Float(bitPattern: UInt32(littleEndian: float.bitPattern)) as! T
        } else {
          let double = buffer[k] as! Double
          buffer[k] = Double(bitPattern: UInt64(littleEndian: double.bitPattern)) as! T
        }
        allFinite = allFinite && buffer[k].isFinite
      }
    #else
      let first =
        MemoryLayout<T>.size == 4
        ? nn_copy_first_nonfinite_f32(destination, source, count)
        : nn_copy_first_nonfinite_f64(destination, source, count)
      allFinite = first == count
    #endif
    initialized = count
  }
  return (elements, allFinite)
}
