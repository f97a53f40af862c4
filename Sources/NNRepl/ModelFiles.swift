import NNModel

/// The two encodings of a model file.
public enum ModelEncoding: String, Sendable, Equatable {
  /// The binary `.nnm` encoding.
  case binary
  /// The JSON encoding.
  case json

  /// The encoding a file name suggests: `.json` is JSON, anything else binary.
  public init(path: String) {
    self = path.lowercased().hasSuffix(".json") ? .json : .binary
  }
}

/// Reading and writing model files for `:load`, `:save` and the `nnrepl` command line.
public enum ModelFiles {
  /// Reads the model at `path`, and says which encoding it was in.
  public static func read(_ path: String) throws(ReplError) -> (Model, ModelEncoding) {
    throw ReplError("\(path): reading model files needs the format codecs (not merged yet)")
  }

  /// Writes `model` to `path` in `encoding`, atomically (a temporary file, fsync, rename).
  public static func write(
    _ model: Model, to path: String, encoding: ModelEncoding
  ) throws(ReplError) {
    throw ReplError("\(path): writing model files needs the format codecs (not merged yet)")
  }
}
