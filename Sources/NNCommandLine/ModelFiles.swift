import NNEngine
import NNModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A model file as read: the model and facts about the file.
public struct LoadedModel: Sendable {
  /// The path as given on the command line.
  public var path: String
  /// The decoded model (already checked by `Model.validate()`).
  public var model: Model
  /// The file's encoding.
  public var encoding: ModelEncoding
  /// The format version stamped in the file, `major.minor`.
  public var formatVersion: String
  /// The file's size.
  public var byteCount: Int
}

/// Reading and writing model files with the format library, turning its errors into
/// ``ToolError``s with the tools' exit statuses.
public enum ModelFiles {
  /// Reads, checks (checksums, layout, `Model.validate()`) and decodes the model at `path`
  /// (`-` is standard input).
  ///
  /// Input that cannot be a model file is refused after its first bytes; pipes, devices and
  /// standard input are read only as far as the binary header's file length, or for JSON up to
  /// ``ModelInputLimits/jsonStreamLimit`` (256 MiB unless `NNKIT_JSON_STREAM_LIMIT` says
  /// otherwise). A missing or unreadable file is status 66; a damaged or invalid one is status
  /// 65 with the format library's message (byte offset and/or JSON path).
  public static func read(path: String) throws(ToolError) -> LoadedModel {
    let name = path == "-" ? "<stdin>" : path
    let limits: ModelInputLimits
    switch ModelInputLimits.fromEnvironment() {
    case .success(let value): limits = value
    case .failure(let error):
      throw ToolError.usage("\(ModelInputLimits.jsonStreamLimitVariable): \(error.problem)")
    }
    let reader = ModelReader()
    do {
      let bytes =
        path == "-"
        ? try reader.readBytes(descriptor: 0, name: name, limits: limits)
        : try reader.readBytes(atPath: path, limits: limits)
      let file = try reader.read(bytes: bytes)
      return LoadedModel(
        path: path, model: file.model, encoding: file.encoding,
        formatVersion: file.version.description, byteCount: bytes.count)
    } catch {
      if case .io(_, let operation, let code) = error {
        let problem =
          code == EISDIR
          ? "is a directory" : "cannot \(operation): " + systemErrorText(code)
        throw ToolError("\(name): \(problem) [io]", status: .noInput, code: "io")
      }
      throw ToolError(
        error.message(file: name), status: .dataError, code: error.code, offset: error.offset)
    }
  }

  /// Writes `model` atomically (temporary file, fsync, rename): an existing file at `path` is
  /// replaced only by a complete new one. Failure is status 73.
  public static func write(_ model: Model, to path: String, encoding: ModelEncoding)
    throws(ToolError)
  {
    do {
      try ModelWriter().write(model, atPath: path, encoding: encoding)
    } catch {
      if case .io = error {
        throw ToolError(error.message(file: path), status: .cannotCreate, code: error.code)
      }
      throw ToolError(
        error.message(file: path), status: .software, code: error.code, offset: error.offset)
    }
  }

  /// Checks a model before it is written (status 65 with the rule it breaks).
  public static func checkValid(_ model: Model, path: String) throws(ToolError) {
    do {
      try model.validate()
    } catch {
      throw ToolError(error.message(file: path), status: .dataError, code: error.code)
    }
  }

  /// Fails early (status 73) when `path` cannot be written: its directory is missing or not
  /// writable, or it is a directory. Nothing is created.
  public static func checkWritable(_ path: String) throws(ToolError) {
    let directory: String
    if let slash = path.lastIndex(of: "/") {
      directory = slash == path.startIndex ? "/" : String(path[..<slash])
    } else {
      directory = "."
    }
    var info = stat()
    if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
      throw ToolError("\(path): is a directory [io]", status: .cannotCreate, code: "io")
    }
    guard stat(directory, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
      throw ToolError(
        "\(path): the directory \(directory) does not exist [io]", status: .cannotCreate,
        code: "io")
    }
    guard access(directory, W_OK) == 0 else {
      throw ToolError(
        "\(path): cannot write in \(directory): \(systemErrorText(errno)) [io]",
        status: .cannotCreate, code: "io")
    }
  }

  /// The encoding a path asks for: JSON for a `.json` extension, binary otherwise.
  public static func encoding(forPath path: String) -> ModelEncoding {
    path.lowercased().hasSuffix(".json") ? .json : .binary
  }
}

/// Building the engine's network for a model read from a file.
public enum EngineAdapter {
  /// The network for `loaded` (status 65 if the engine refuses the model).
  public static func network(for loaded: LoadedModel) throws(ToolError) -> AnyNetwork {
    do {
      return try AnyNetwork(model: loaded.model)
    } catch {
      throw ToolError.data("\(loaded.path): \(error)")
    }
  }

  /// `network`'s outputs for one raw input row (status 65 for a row that is not one value per
  /// feature).
  public static func outputs(of network: AnyNetwork, raw: [Double]) throws(ToolError) -> [Double] {
    try checked { () throws(EngineError) in try network.predict(raw: raw) }
  }

  /// The result of an engine call on values the tool parsed against the model, with an
  /// `EngineError` (a row of the wrong length) reported as status 65, never a trap.
  public static func checked<Result>(_ call: () throws(EngineError) -> Result) throws(ToolError)
    -> Result
  {
    do {
      return try call()
    } catch {
      throw ToolError.data("\(error)")
    }
  }
}
