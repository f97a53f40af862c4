import NNModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Opening and reading the tools' input files, with errors that name the file.
public enum FileAccess {
  /// The largest input file the tools read into memory (4 GiB); larger inputs are refused
  /// rather than exhausting memory.
  public static let maximumInputSize = 4 << 30

  /// The bytes of the file at `path`, or of standard input when `path` is `-` (read by
  /// NNModel's whole-file reader: a regular file in one allocation of its size).
  ///
  /// Throws a ``ToolError`` with status 66 when the file is missing, unreadable or a directory,
  /// 65 when a pipe or device gives more than ``maximumInputSize`` bytes.
  public static func readAll(path: String) throws(ToolError) -> [UInt8] {
    let name = path == "-" ? "<stdin>" : path
    do {
      if path == "-" {
        return try readWholeFile(descriptor: 0, name: name, streamLimit: maximumInputSize)
      }
      return try readWholeFile(path, streamLimit: maximumInputSize)
    } catch {
      if case .io(_, let operation, let code) = error {
        throw ToolError.noInput(
          code == EISDIR
            ? "\(path): is a directory"
            : "\(name): cannot \(operation): \(systemErrorText(code))")
      }
      throw ToolError.data("\(name): larger than \(maximumInputSize >> 30) GiB")
    }
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
      throw ToolError.noInput("\(path): cannot open: \(systemErrorText(errno))")
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
}

private func closeDescriptor(_ descriptor: Int32) { _ = close(descriptor) }
