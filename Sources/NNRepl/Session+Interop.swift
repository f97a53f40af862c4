import NNCommandLine
import NNInterop
import NNModel

/// A model opened for a session: read from a `.nnm` file, or imported from ONNX or
/// safetensors (then `:save` writes the `.nnm` file of the same name).
public struct OpenedModel: Sendable {
  /// The model.
  public var model: Model
  /// The `.nnm` file as read, nil for an imported model.
  public var loaded: LoadedModel?
  /// Where `:save` writes by default.
  public var savePath: String
  /// The encoding `:save` uses by default.
  public var encoding: ModelEncoding
  /// The importer's notes (defaults assumed, values widened).
  public var notes: [String]

  /// A `.nnm` model as read.
  public init(loaded: LoadedModel) {
    self.init(
      model: loaded.model, loaded: loaded, savePath: loaded.path, encoding: loaded.encoding,
      notes: [])
  }

  /// A model imported from `path`: `:save` writes the `.nnm` file of the same name.
  public init(imported: ImportedModel, from path: String) {
    let base = path.lastIndex(of: ".").map { String(path[..<$0]) } ?? path
    self.init(
      model: imported.model, loaded: nil, savePath: base + ".nnm", encoding: .binary,
      notes: imported.notes)
  }

  private init(
    model: Model, loaded: LoadedModel?, savePath: String, encoding: ModelEncoding,
    notes: [String]
  ) {
    self.model = model
    self.loaded = loaded
    self.savePath = savePath
    self.encoding = encoding
    self.notes = notes
  }
}

extension Session {
  /// Opens `path`: a `.nnm` model (binary or JSON), or an `.onnx` or `.safetensors` file
  /// imported with `options` (by extension).
  public static func open(_ path: String, options: ImportOptions) throws(ReplError)
    -> OpenedModel
  {
    guard InteropFiles.isForeign(path) else { return OpenedModel(loaded: try read(path)) }
    do {
      return OpenedModel(
        imported: try InteropFiles.read(path: path, options: options), from: path)
    } catch {
      throw ReplError(error.message)
    }
  }

  /// Creates a session on an opened model.
  public convenience init(
    opened: OpenedModel, output: any ReplOutput, style: Styling = .plain
  ) throws(ReplError) {
    try self.init(
      model: opened.model, path: opened.savePath, encoding: opened.encoding, output: output,
      style: style)
    file = opened.loaded
  }

  /// `:export PATH`: writes the model as ONNX or safetensors, by the extension; the session's
  /// file stays what it was.
  func export(_ words: [String]) throws(ReplError) {
    guard words.count == 1 else { throw ReplError(":export needs one path") }
    let path = words[0]
    guard let format = InteropFormat.forPath(path) else {
      throw ReplError(":export writes .onnx or .safetensors files (:save writes .nnm)")
    }
    do {
      try InteropFiles.write(model, to: path, format: format)
    } catch {
      throw ReplError(error.message)
    }
    output.printLine("exported \(path) (\(format.rawValue), \(model.parameterCount) parameters)")
  }
}
