import NNModel

/// Writing pictures and reports: atomically, with status 73 when the file cannot be written.
public enum PictureFiles {
  /// Writes `text` to `path` atomically (temporary file, fsync, rename).
  public static func write(_ text: String, to path: String) throws(ToolError) {
    try ModelFiles.checkWritable(path)
    do {
      try AtomicFile.write(Array(text.utf8), to: path)
    } catch {
      throw ToolError.cannotCreate(error.message(file: path))
    }
  }
}
