/// Atomic file writing for other files the tools produce (pictures, reports), with the same
/// guarantees as model files: the bytes go to a temporary file beside `path`, which is
/// flushed and renamed over it; on failure `path` is left as it was.
public enum AtomicWrite {
  /// Replaces the file at `path` with `bytes`, atomically.
  public static func write(_ bytes: [UInt8], to path: FilePath) throws(ModelFileError) {
    try AtomicFile.write(bytes, to: path.string)
  }
}
