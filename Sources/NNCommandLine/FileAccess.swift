#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reading whole input files with errors that name the file, without Foundation.
public enum FileAccess {
  /// The largest input file the tools read into memory (4 GiB); larger inputs are refused
  /// rather than exhausting memory.
  public static let maximumInputSize = 4 << 30

  /// The bytes of the file at `path`, or of standard input when `path` is `-`.
  ///
  /// Throws a ``ToolError`` with status 66 when the file is missing, unreadable or a directory.
  public static func readAll(path: String) throws(ToolError) -> [UInt8] {
    if path == "-" { return try readAll(descriptor: 0, name: "<stdin>") }
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw ToolError.noInput("\(path): cannot open: \(systemMessage(errno))")
    }
    defer { close(descriptor) }
    var info = stat()
    if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
      throw ToolError.noInput("\(path): is a directory")
    }
    return try readAll(descriptor: descriptor, name: path)
  }

  /// An input opened for reading: its descriptor (0 for standard input) and whether it is a
  /// regular file (whose size is known and finite) rather than a pipe, device or terminal.
  public struct OpenInput: Sendable {
    /// The file descriptor.
    public var descriptor: Int32
    /// Whether `fstat` calls it a regular file.
    public var isRegularFile: Bool
    /// The size of a regular file in bytes when it was opened (0 for anything else).
    public var size: Int
    /// Closes the descriptor.
    public func close() { closeDescriptor(descriptor) }
  }

  /// Opens `path` (`-`: standard input) for reading; status 66 when it is missing, unreadable
  /// or a directory.
  public static func openForReading(path: String) throws(ToolError) -> OpenInput {
    let descriptor = path == "-" ? 0 : open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw ToolError.noInput("\(path): cannot open: \(systemMessage(errno))")
    }
    var info = stat()
    let known = fstat(descriptor, &info) == 0
    if known && (info.st_mode & S_IFMT) == S_IFDIR {
      if descriptor != 0 { closeDescriptor(descriptor) }
      throw ToolError.noInput("\(path): is a directory")
    }
    let isRegularFile = known && (info.st_mode & S_IFMT) == S_IFREG
    return OpenInput(
      descriptor: descriptor, isRegularFile: isRegularFile,
      size: isRegularFile ? Int(info.st_size) : 0)
  }

  /// Reads `descriptor` to its end.
  static func readAll(descriptor: Int32, name: String) throws(ToolError) -> [UInt8] {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw ToolError.noInput("\(name): cannot read: \(systemMessage(errno))")
      }
      if count == 0 { break }
      bytes.append(contentsOf: chunk[0..<count])
      if bytes.count > maximumInputSize {
        throw ToolError.data("\(name): larger than \(maximumInputSize >> 30) GiB")
      }
    }
    return bytes
  }

  /// Whether a file or directory exists at `path`.
  public static func exists(_ path: String) -> Bool {
    access(path, F_OK) == 0
  }

  /// The last path component of `path` (`data/train.csv` → `train.csv`).
  public static func fileName(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return path }
    let name = path[path.index(after: slash)...]
    return name.isEmpty ? path : String(name)
  }

  /// The C library's message for an `errno` value, such as "No such file or directory".
  public static func systemMessage(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text)
  }
}

private func closeDescriptor(_ descriptor: Int32) { _ = close(descriptor) }
