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
    guard count > 0, let start = buffer.baseAddress else { return }
    let destination = UnsafeMutableRawPointer(start)
    #if _endian(big)
      let size = MemoryLayout<T>.size
      memcpy(destination, source, count * size)
      let raw = UnsafeMutableRawBufferPointer(start: destination, count: count * size)
      for k in 0..<count {
        // Little-endian bytes to the machine's order: reverse each element's bytes.
        var element = UnsafeMutableRawBufferPointer(rebasing: raw[k * size..<(k + 1) * size])
        element.reverse()
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
