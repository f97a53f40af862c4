import NNModel

extension ModelEncoding {
  /// The encoding a file name asks for: `.json` is JSON, anything else binary.
  static func forPath(_ path: String) -> ModelEncoding {
    path.lowercased().hasSuffix(".json") ? .json : .binary
  }
}

/// Reading and writing model files for `:load`, `:save` and the `nnrepl` command line, with the
/// format's codecs; errors become one line naming the file and the place in it.
public enum ModelFiles {
  /// Reads the model at `path` (binary or JSON, detected from the content), and says which
  /// encoding it was in.
  public static func read(_ path: String) throws(ReplError) -> (Model, ModelEncoding) {
    do {
      let file = try ModelReader().read(contentsOf: path)
      return (file.model, file.encoding)
    } catch {
      throw ReplError(error.message(file: path))
    }
  }

  /// Writes `model` to `path` in `encoding`, atomically (a temporary file, fsync, rename): on
  /// failure the file at `path` is untouched.
  public static func write(
    _ model: Model, to path: String, encoding: ModelEncoding
  ) throws(ReplError) {
    do {
      try ModelWriter().write(model, to: path, encoding: encoding)
    } catch {
      throw ReplError(error.message(file: path))
    }
  }
}
