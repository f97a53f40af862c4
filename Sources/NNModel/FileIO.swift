import CChecksum

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The C library's text for the `errno` value `code`, such as `No such file or directory` (the
/// one place nnkit turns an `errno` into words).
public func systemErrorText(_ code: Int32) -> String {
  guard let text = strerror(code) else { return "error \(code)" }
  return String(cString: text)
}

/// ``systemErrorText(_:)`` with the number: `No such file or directory (errno 2)`.
func errnoDescription(_ code: Int32) -> String {
  systemErrorText(code) + " (errno \(code))"
}

/// The most bytes read from a file that is not a regular file (a pipe or a device).
let maxStreamBytes = 1 << 32

/// Reads a whole file. For a regular file the allocation is its size as `fstat` reports it;
/// other files (pipes, devices) are read up to `streamLimit` bytes.
package func readWholeFile(_ path: String, streamLimit: Int = maxStreamBytes) throws(ModelFileError)
  -> [UInt8]
{
  let fd = open(path, O_RDONLY | O_CLOEXEC)
  if fd < 0 { throw .io(path: path, operation: "open", errno: errno) }
  defer { close(fd) }
  return try readWholeFile(descriptor: fd, name: path, streamLimit: streamLimit)
}

/// Reads the open file `descriptor` (named `name` in errors) to its end; see
/// ``readWholeFile(_:streamLimit:)``. A directory is refused with `EISDIR`.
package func readWholeFile(
  descriptor fd: Int32, name path: String, streamLimit: Int = maxStreamBytes
)
  throws(ModelFileError) -> [UInt8]
{
  var info = stat()
  if fstat(fd, &info) != 0 { throw .io(path: path, operation: "stat", errno: errno) }
  if info.st_mode & S_IFMT == S_IFDIR { throw .io(path: path, operation: "read", errno: EISDIR) }
  var bytes: [UInt8] = []
  if info.st_mode & S_IFMT == S_IFREG {
    let size = Int(info.st_size)
    var failure: Int32 = 0
    bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
      guard let start = buffer.baseAddress else { return }  // an empty file: nothing to read
      var done = 0
      while done < size {
        let n = read(fd, start + done, size - done)
        if n < 0 {
          if errno == EINTR { continue }
          failure = errno
          break
        }
        if n == 0 { break }  // the file shrank
        done += n
      }
      initialized = done
    }
    if failure != 0 { throw .io(path: path, operation: "read", errno: failure) }
  }
  // A pipe, or a file that grew: read on until the end, but not without bound (a device such
  // as /dev/zero never ends).
  var chunk = [UInt8](repeating: 0, count: 65_536)
  while true {
    if bytes.count > streamLimit {
      throw .limitExceeded(
        offset: nil, path: nil, what: "bytes read from \(escapedForTerminal(path))",
        limit: UInt64(streamLimit), found: UInt64(bytes.count))
    }
    let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    if n < 0 {
      if errno == EINTR { continue }
      throw .io(path: path, operation: "read", errno: errno)
    }
    if n == 0 { break }
    bytes.append(contentsOf: chunk[0..<n])
  }
  return bytes
}

/// Atomic replacement of a file's contents.
package enum AtomicFile {

  /// Writes `bytes` to a new temporary file next to `path`, flushes it, renames it over
  /// `path` and flushes the directory. On failure the temporary file is removed and `path` is
  /// unchanged. An existing file's permission bits are kept; a new file gets 0644 less the umask.
  /// `failBeforeRename` injects a failure after the data is flushed, for tests.
  package static func write(_ bytes: [UInt8], to path: String, failBeforeRename: Bool = false)
    throws(ModelFileError)
  {
    try write(to: path, failBeforeRename: failBeforeRename) { sink throws(ModelFileError) in
      try bytes.withUnsafeBytes { raw in
        Result { () throws(ModelFileError) in try sink.write(raw) }
      }.get()
    }
  }

  /// Where ``write(to:failBeforeRename:_:)`` sends the bytes.
  package struct Sink {
    let fd: Int32
    let path: String

    /// Whether large writes start their write-back at once (a new regular file, fsynced at the
    /// end), so that the disk works while the rest is written and the fsync waits only for the
    /// tail: a 400 MB model is flushed about 1.5x sooner (docs/benchmarks.md, W8).
    var startsWriteback = false

    /// Bytes per `write` call when ``startsWriteback``.
    static let writebackPiece = 8 << 20

    /// Writes all of `bytes`, retrying after interruptions and short writes.
    package func write(_ bytes: UnsafeRawBufferPointer) throws(ModelFileError) {
      guard let start = bytes.baseAddress else { return }  // nothing to write
      let piece = startsWriteback ? Self.writebackPiece : bytes.count
      var done = 0
      while done < bytes.count {
        let n = Glibc.write(fd, start + done, min(piece, bytes.count - done))
        if n < 0 {
          if errno == EINTR { continue }
          throw .io(path: path, operation: "write", errno: errno)
        }
        done += n
        if startsWriteback && n >= Self.writebackPiece / 2 {
          // Only a hint: a failure here shows again, and is reported, at the fsync.
          let end = lseek(fd, 0, SEEK_CUR)
          if end >= n { _ = nn_start_writeback(fd, Int64(end) - Int64(n), Int64(n)) }
        }
      }
    }
  }

  /// Like ``write(_:to:failBeforeRename:)``, with the content produced by `produce` in chunks.
  package static func write(
    to path: String, failBeforeRename: Bool = false,
    _ produce: (Sink) throws(ModelFileError) -> Void
  ) throws(ModelFileError) {
    let slash = path.utf8.lastIndex(of: UInt8(ascii: "/"))
    let directory: String
    let base: String
    if let slash {
      directory = slash == path.utf8.startIndex ? "/" : String(path[..<slash])
      base = String(path[path.utf8.index(after: slash)...])
    } else {
      directory = "."
      base = path
    }
    if base.isEmpty { throw .io(path: path, operation: "open", errno: EISDIR) }
    var mode: mode_t = 0o644
    var existing = stat()
    if stat(path, &existing) == 0 {
      switch existing.st_mode & S_IFMT {
      case S_IFDIR:
        throw .io(path: path, operation: "open", errno: EISDIR)
      case S_IFCHR, S_IFIFO:
        // A terminal, a pipe, /dev/null or /dev/full: written in place (nothing to replace
        // atomically), never renamed over, which would replace the device node itself.
        try writeInPlace(to: path, produce)
        return
      case S_IFREG:
        mode = existing.st_mode & 0o7777
      default:
        // A block device or a socket is not a place for a model file.
        throw .io(path: path, operation: "open", errno: EINVAL)
      }
    }
    removeStaleTemporaries(directory: directory, base: base)
    var fd: Int32 = -1
    var temporary = ""
    for _ in 0..<100 {
      let tag = String(UInt64.random(in: 0...UInt64.max), radix: 36)
      temporary = (slash == nil ? "" : directory + "/") + ".\(base).\(getpid()).\(tag).tmp"
      fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
      if fd >= 0 || errno != EEXIST { break }
    }
    if fd < 0 { throw .io(path: temporary, operation: "create", errno: errno) }
    func fail(_ operation: String, _ code: Int32, closing: Bool = true) -> ModelFileError {
      if closing { close(fd) }
      unlink(temporary)
      return .io(path: operation == "rename" ? path : temporary, operation: operation, errno: code)
    }
    if fchmod(fd, mode) != 0 { throw fail("chmod", errno) }
    do throws(ModelFileError) {
      try produce(Sink(fd: fd, path: temporary, startsWriteback: true))
    } catch {
      close(fd)
      unlink(temporary)
      throw error
    }
    if fsync(fd) != 0 { throw fail("fsync", errno) }
    if close(fd) != 0 { throw fail("close", errno, closing: false) }
    if failBeforeRename { throw fail("rename", EIO, closing: false) }
    if rename(temporary, path) != 0 { throw fail("rename", errno, closing: false) }
    let directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if directoryFD >= 0 {
      // The rename is done; a failed directory flush is reported but leaves the new file.
      let result = fsync(directoryFD)
      let code = errno
      close(directoryFD)
      if result != 0 && code != EINVAL {
        throw .io(path: directory, operation: "fsync", errno: code)
      }
    }
  }
}

extension AtomicFile {
  /// Writes the content to an existing character device or FIFO, in place.
  fileprivate static func writeInPlace(
    to path: String, _ produce: (Sink) throws(ModelFileError) -> Void
  ) throws(ModelFileError) {
    let fd = open(path, O_WRONLY | O_CLOEXEC)
    if fd < 0 { throw .io(path: path, operation: "open", errno: errno) }
    do throws(ModelFileError) {
      try produce(Sink(fd: fd, path: path))
    } catch {
      close(fd)
      throw error
    }
    if close(fd) != 0 { throw .io(path: path, operation: "close", errno: errno) }
  }

  /// Removes the temporary files `.BASE.PID.TAG.tmp` that writers to the same path left when
  /// they were killed (their PID no longer runs), so that they do not pile up. A live writer's
  /// temporary file is left alone.
  static func removeStaleTemporaries(directory: String, base: String) {
    guard let dir = opendir(directory) else { return }
    defer { closedir(dir) }
    let prefix = "." + base + "."
    while let entry = readdir(dir) {
      let name = withUnsafePointer(to: entry.pointee.d_name) { field in
        field.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: field.pointee))
        { String(cString: $0) }
      }
      guard name.hasPrefix(prefix), name.hasSuffix(".tmp") else { continue }
      let middle = name.dropFirst(prefix.count).dropLast(4).split(
        separator: ".", omittingEmptySubsequences: false)
      guard middle.count == 2, let pid = Int32(middle[0]), pid > 0, pid != getpid() else {
        continue
      }
      if kill(pid, 0) != 0 && errno == ESRCH {
        unlink(directory + "/" + name)
      }
    }
  }
}

/// A read-only private mapping of a whole regular file, unmapped when released.
package final class FileMapping {
  package let bytes: UnsafeRawBufferPointer
  /// The open file, when asked for (closed on release), else -1.
  package let descriptor: Int32
  /// Where the mapping starts (the same as `bytes.baseAddress`, kept as mmap returned it).
  private let address: UnsafeMutableRawPointer

  /// Maps `path` if it is a regular file of at least `minimumSize` bytes (pre-faulting the
  /// pages if `populate`; keeping the file open if `keepsDescriptor`), else returns nil so the
  /// caller reads it instead.
  package init?(
    path: String, minimumSize: Int, populate: Bool = true, keepsDescriptor: Bool = false
  ) throws(ModelFileError) {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 { throw .io(path: path, operation: "open", errno: errno) }
    var keep = false
    defer { if !keep { close(fd) } }
    var info = stat()
    if fstat(fd, &info) != 0 { throw .io(path: path, operation: "stat", errno: errno) }
    let size = Int(info.st_size)
    guard info.st_mode & S_IFMT == S_IFREG, size >= max(minimumSize, 1) else { return nil }
    let flags = MAP_PRIVATE | (populate ? MAP_POPULATE : 0)
    guard let address = mmap(nil, size, PROT_READ, flags, fd, 0), address != MAP_FAILED else {
      throw .io(path: path, operation: "mmap", errno: errno)
    }
    self.address = address
    bytes = UnsafeRawBufferPointer(start: address, count: size)
    keep = keepsDescriptor
    descriptor = keepsDescriptor ? fd : -1
  }

  deinit {
    munmap(address, bytes.count)
    if descriptor >= 0 { close(descriptor) }
  }
}
