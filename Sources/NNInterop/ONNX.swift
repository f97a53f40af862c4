import NNModel

/// Reading and writing ONNX files (https://onnx.ai): a feed-forward ``NNModel/Model`` as an
/// ONNX graph of Gemm and activation nodes, and the MLP graphs of common exporters back into a
/// model. See `docs/interop.md` for the mapping and what is refused.
public enum ONNX {
  /// The ONNX encoding of `model` (which must be valid): IR ``ONNXFormat/irVersion``, opset
  /// ``ONNXFormat/opsetVersion``, one input `[N, features]`, one output `[N, units]`.
  public static func encode(_ model: Model) throws(InteropError) -> [UInt8] {
    _ = try validated(model)
    return ONNXExporter(model: model).encode()
  }

  /// Writes `model` to `path` atomically (temporary file, fsync, rename).
  public static func write(_ model: Model, to path: String) throws(InteropError) {
    try writeAtomically(try encode(model), to: path)
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
  public static func read(contentsOf path: String, options: ImportOptions = ImportOptions())
    throws(InteropError) -> ImportedModel
  {
    try read(bytes: try readFile(path), options: options)
  }
}

/// Reads a whole file with the `.nnm` reader's bounded reader.
func readFile(_ path: String) throws(InteropError) -> [UInt8] {
  do {
    return try readWholeFile(path)
  } catch {
    throw InteropError(error, inside: path)
  }
}

/// Writes with the `.nnm` writer's atomic replacement.
func writeAtomically(_ bytes: [UInt8], to path: String) throws(InteropError) {
  do {
    try AtomicFile.write(bytes, to: path)
  } catch {
    throw InteropError(error, inside: path)
  }
}
