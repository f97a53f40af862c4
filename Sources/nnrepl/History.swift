@preconcurrency import CReadline
import Glibc

/// The history file: `$XDG_STATE_HOME/nnkit/nnrepl_history` when `XDG_STATE_HOME` is set,
/// otherwise `~/.nnrepl_history`; at most ``limit`` lines are kept.
enum HistoryFile {
  /// The number of lines kept, in memory and in the file.
  static let limit: Int32 = 1000

  /// The file's path, or nil when there is no usable home.
  static func path() -> String? {
    if let state = getenv("XDG_STATE_HOME").map({ String(cString: $0) }), state.hasPrefix("/") {
      return state + "/nnkit/nnrepl_history"
    }
    if let home = getenv("HOME").map({ String(cString: $0) }), !home.isEmpty {
      return home + "/.nnrepl_history"
    }
    return nil
  }

  /// Bounds the history and reads the file, creating it (and its directory) when missing.
  static func load(_ path: String) {
    using_history()
    stifle_history(limit)
    if let slash = path.lastIndex(of: "/") {
      makeDirectories(String(path[..<slash]))
    }
    let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
    if descriptor >= 0 { close(descriptor) }
    _ = read_history(path)
  }

  /// Adds `line` to the history unless it is blank or repeats the previous line, and appends it
  /// to the file at once (so a crash loses nothing), trimming the file to ``limit`` lines.
  static func add(_ line: String, path: String?) {
    guard line.contains(where: { $0 != " " && $0 != "\t" }) else { return }
    if history_length > 0, let last = history_get(history_base + history_length - 1),
      let text = last.pointee.line, String(cString: text) == line
    {
      return
    }
    add_history(line)
    guard let path else { return }
    if append_history(1, path) == 0 {
      _ = history_truncate_file(path, limit)
    }
  }

  private static func makeDirectories(_ path: String) {
    var prefix = ""
    for component in path.split(separator: "/") {
      prefix += "/" + component
      _ = mkdir(prefix, 0o700)
    }
  }
}
