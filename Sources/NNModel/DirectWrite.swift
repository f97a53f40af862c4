import CChecksum

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The staging buffer of a file written with direct I/O (`O_DIRECT`): bytes are gathered into
/// an aligned buffer and written a whole buffer at a time, from there straight to the device.
///
/// Why: a durable write must reach the disk anyway, and through the page cache it is copied
/// there first and then flushed — on this project's machine 400 MB took 0.45–0.7 s that way
/// (`dd … conv=fsync`) against 0.17–0.29 s direct (`dd … oflag=direct conv=fsync`;
/// `docs/benchmarks.md`, W5). Direct I/O needs the buffer, every file offset and every length
/// aligned (4096 bytes covers every device); the last block is padded with zeros and the file
/// is then truncated to its length. A file system that refuses direct I/O (tmpfs) gets the same
/// bytes through ordinary writes.
final class DirectStaging {
  /// The alignment of the buffer, of file offsets and of lengths.
  static let alignment = 4096
  /// Bytes per write: large enough that the device streams, small enough to stay in cache.
  static let capacity = 4 << 20

  let buffer: UnsafeMutableRawPointer
  var filled = 0
  /// Bytes written so far (whole buffers, so a multiple of the alignment).
  var written = 0
  /// False once the file system refused direct I/O and the rest goes through the page cache.
  var direct = true

  init() {
    var memory: UnsafeMutableRawPointer?
    guard posix_memalign(&memory, Self.alignment, Self.capacity) == 0, let memory else {
      fatalError("out of memory for a \(Self.capacity)-byte write buffer")
    }
    buffer = memory
  }

  deinit { free(buffer) }

  /// Copies `bytes` in, writing each buffer that fills up.
  func append(_ bytes: UnsafeRawBufferPointer, fd: Int32, path: String) throws(ModelFileError) {
    var done = 0
    while done < bytes.count {
      let n = min(Self.capacity - filled, bytes.count - done)
      memcpy(buffer + filled, bytes.baseAddress! + done, n)
      filled += n
      done += n
      if filled == Self.capacity { try flush(fd: fd, path: path) }
    }
  }

  /// Writes what is left (padded to the alignment) and truncates the file to its length.
  func finish(fd: Int32, path: String) throws(ModelFileError) {
    let length = written + filled
    let padded = (filled + Self.alignment - 1) / Self.alignment * Self.alignment
    memset(buffer + filled, 0, padded - filled)
    filled = padded
    try flush(fd: fd, path: path)
    if written != length && ftruncate(fd, off_t(length)) != 0 {
      throw .io(path: path, operation: "truncate", errno: errno)
    }
  }

  private func flush(fd: Int32, path: String) throws(ModelFileError) {
    var done = 0
    while done < filled {
      let n = pwrite(fd, buffer + done, filled - done, off_t(written + done))
      if n < 0 {
        let code = errno
        if code == EINTR { continue }
        if code == EINVAL && direct {
          // The file system does not do direct I/O after all: on through the page cache.
          direct = false
          let flags = fcntl(fd, F_GETFL)
          if flags >= 0 && fcntl(fd, F_SETFL, flags & ~nn_direct_io_flag()) == 0 { continue }
        }
        throw .io(path: path, operation: "write", errno: code)
      }
      done += n
    }
    written += filled
    filled = 0
  }
}
