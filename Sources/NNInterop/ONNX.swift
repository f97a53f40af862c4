import NNModel

/// Reading and writing ONNX files (https://onnx.ai): a feed-forward `Model` as an
/// ONNX graph of Gemm and activation nodes, and the MLP graphs of common exporters back into a
/// model. See `docs/interop.md` for the mapping and what is refused.
public enum ONNX {
  /// The ONNX encoding of `model` (which must be valid): IR ``ONNXFormat/irVersion``, opset
  /// ``ONNXFormat/opsetVersion``, one input `[N, features]`, one output `[N, units]`. Output
  /// normalization (format 1.1) becomes `Mul(scale)` and `Add(shift)` nodes after the last
  /// activation, so the graph answers in the targets' units.
  public static func encode(_ model: Model) throws(InteropError) -> [UInt8] {
    ONNXExporter(model: try validated(model)).encode().assembled()
  }

  /// Writes `model` to `path` atomically (temporary file, fsync, rename).
  public static func write(_ model: Model, to path: FilePath) throws(InteropError) {
    try write(model, atPath: path.string)
  }

  /// ``write(_:to:)`` for a path as the tools were given it, written and named in errors
  /// exactly so.
  package static func write(_ model: Model, atPath path: String) throws(InteropError) {
    try writeAtomically(ONNXExporter(model: try validated(model)).encode(), to: path)
  }

  /// Imports the graph in `bytes`. Errors name a byte offset, a node or a tensor.
  public static func read(bytes: [UInt8], options: ImportOptions = ImportOptions())
    throws(InteropError) -> ImportedModel
  {
    let result = bytes.withUnsafeBytes { raw in
      Result { () throws(InteropError) -> ImportedModel in
        var importer = try ONNXGraphImporter(bytes: raw)
        return try importer.importModel(options: options)
      }
    }
    return try result.get()
  }

  /// Imports the ONNX file at `path`.
  public static func read(contentsOf path: FilePath, options: ImportOptions = ImportOptions())
    throws(InteropError) -> ImportedModel
  {
    try withContents(of: path.string) { bytes throws(InteropError) in
      var importer = try ONNXGraphImporter(bytes: bytes)
      return try importer.importModel(options: options)
    }
  }
}

/// Calls `body` with a file's bytes: mapped when it is a regular file (no copy), else read
/// with the `.nnm` reader's bounded reader (pipes, devices).
func withContents<R>(
  of path: String, _ body: (UnsafeRawBufferPointer) throws(InteropError) -> R
) throws(InteropError) -> R {
  let mapping: FileMapping?
  do {
    mapping = try FileMapping(path: path, minimumSize: 1)
  } catch {
    throw InteropError(error, inside: path)
  }
  if let mapping {
    return try withExtendedLifetime(mapping) { () throws(InteropError) in try body(mapping.bytes) }
  }
  let bytes: [UInt8]
  do {
    bytes = try readWholeFile(path)
  } catch {
    throw InteropError(error, inside: path)
  }
  return try bytes.withUnsafeBytes { raw in
    Result { () throws(InteropError) -> R in try body(raw) }
  }.get()
}

/// Writes a message with the `.nnm` writer's atomic replacement, chunk by chunk (the tensor
/// elements straight from the model).
func writeAtomically(_ message: ChunkedWriter, to path: String) throws(InteropError) {
  do {
    try AtomicFile.write(to: path) { sink throws(ModelFileError) in
      for chunk in message.chunks {
        switch chunk {
        case .bytes(let piece):
          try piece.withUnsafeBytes { raw in
            Result { () throws(ModelFileError) in try sink.write(raw) }
          }.get()
        case .elements(let storage):
          try withLittleEndianBytes(storage) { raw in
            Result { () throws(ModelFileError) in try sink.write(raw) }
          }.get()
        }
      }
    }
  } catch {
    throw InteropError(error, inside: path)
  }
}
