import CNumbers

/// Writes the canonical JSON layout of the `.nnm` spec straight into bytes.
///
/// Layout: an object puts each member on its own line, indented two spaces per level, as
/// `"key": value`, members separated by `,`; an empty object is `{}`. An array of objects is laid
/// out the same way; an array of scalars (numbers, strings, booleans) stays on one line as
/// `[a, b, c]`; an empty array is `[]`. The document ends with one line feed. Strings escape
/// `"`, `\` and the control characters U+0000–U+001F (as `\n`, `\r`, `\t`, `\b`, `\f` or
/// `\u00xx`, lower-case hex) and nothing else. Numbers are the shortest decimal that reads
/// back as the same value in the field's precision, in the layout of Swift's `description`
/// (platform-independent), such as `0.1`, `1e-05`, `1e+16`, `-0.0`, `100.0`, printed by
/// `ShortestDecimal` straight into the bytes.
package struct JSONWriter {
  package var bytes: [UInt8] = []
  private var level = 0
  private var first = true

  package init(reservingCapacity capacity: Int = 0) {
    bytes.reserveCapacity(capacity)
  }

  private mutating func newline() {
    bytes.append(0x0A)
    for _ in 0..<level {
      bytes.append(0x20)
      bytes.append(0x20)
    }
  }

  mutating func beginObject() {
    bytes.append(UInt8(ascii: "{"))
    level += 1
    first = true
  }

  mutating func endObject() { close(UInt8(ascii: "}")) }

  /// Starts an array laid out one element per line (for arrays of objects).
  mutating func beginBlockArray() {
    bytes.append(UInt8(ascii: "["))
    level += 1
    first = true
  }

  mutating func endBlockArray() { close(UInt8(ascii: "]")) }

  private mutating func close(_ bracket: UInt8) {
    level -= 1
    if !first { newline() }
    bytes.append(bracket)
    first = false
  }

  /// Starts the next element of a block array.
  mutating func element() {
    if !first { bytes.append(UInt8(ascii: ",")) }
    newline()
    first = false
  }

  /// Writes the key of the next member.
  mutating func key(_ key: String) {
    if !first { bytes.append(UInt8(ascii: ",")) }
    newline()
    first = false
    string(key)
    bytes.append(UInt8(ascii: ":"))
    bytes.append(0x20)
  }

  mutating func finishDocument() { bytes.append(0x0A) }

  package mutating func raw(_ text: String) {
    var text = text
    text.withUTF8 { bytes.append(contentsOf: $0) }
  }

  package mutating func string(_ text: String) { appendJSONString(text, to: &bytes) }

  mutating func double(_ value: Double) {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: ShortestDecimal.maxLength) { buffer in
      guard let base = buffer.baseAddress else { return }
      let count = ShortestDecimal.write(value, to: base)
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<count]))
    }
  }

  package mutating func integer<T: BinaryInteger>(_ value: T) { raw(String(value)) }

  mutating func bool(_ value: Bool) { raw(value ? "true" : "false") }

  /// Writes `values` on one line, `[a, b, c]`, each element by `element`.
  @inline(__always)
  mutating func inlineArray<T>(_ values: [T], _ element: (inout JSONWriter, T) -> Void) {
    bytes.append(UInt8(ascii: "["))
    for (k, value) in values.enumerated() {
      if k > 0 {
        bytes.append(UInt8(ascii: ","))
        bytes.append(0x20)
      }
      element(&self, value)
    }
    bytes.append(UInt8(ascii: "]"))
  }

  mutating func inlineStrings(_ values: [String]) { inlineArray(values) { $0.string($1) } }

  mutating func inlineIntegers(_ values: [Int]) { inlineArray(values) { $0.integer($1) } }

  mutating func inlineDoubles(_ values: [Double]) { inlineNumbers(values) }

  mutating func inlineFloats(_ values: [Float]) { inlineNumbers(values) }

  /// Writes `values` as `inlineArray` does, printed by `ShortestDecimal` into a scratch buffer
  /// that is appended every 1,024 numbers (one `append` per chunk, not per number). Generic
  /// over a protocol, not a closure, so that each precision gets its own inlined loop.
  @inline(__always)
  private mutating func inlineNumbers<T: ShortestDecimalPrintable>(_ values: [T]) {
    let chunk = 1024
    let stride = ShortestDecimal.maxLength + 2
    bytes.append(UInt8(ascii: "["))
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: chunk * stride) { scratch in
      guard let base = scratch.baseAddress else { return }
      var start = 0
      while start < values.count {
        let end = min(start + chunk, values.count)
        var p = base
        for k in start..<end {
          if k > 0 {
            p[0] = UInt8(ascii: ",")
            p[1] = 0x20
            p += 2
          }
          p += T.writeShortest(values[k], to: p)
        }
        bytes.append(contentsOf: UnsafeBufferPointer(start: base, count: p - base))
        start = end
      }
    }
    bytes.append(UInt8(ascii: "]"))
  }

}
