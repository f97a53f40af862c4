/// Where the REPL writes: results on one stream, diagnostics on another, and a transient
/// progress line that only a terminal shows.
///
/// The session never touches file descriptors itself, so tests capture everything it prints.
public protocol ReplOutput: AnyObject {
  /// Writes one line of results (standard output); `line` has no trailing newline.
  func printLine(_ line: String)
  /// Writes one line of diagnostics (standard error); `line` has no trailing newline.
  func printError(_ line: String)
  /// Replaces the transient progress line (a terminal's status line); `nil` clears it.
  /// Outputs that are not terminals ignore it.
  func progress(_ line: String?)
  /// Replaces a transient picture drawn above the progress line (the decision map redrawn
  /// during `:fit`); `nil` ends it, leaving the last picture on the screen. Outputs that are
  /// not terminals ignore it.
  func livePicture(_ lines: [String]?)
}

extension ReplOutput {
  /// Ignores live pictures: the default for outputs that are not terminals.
  public func livePicture(_ lines: [String]?) {}
}

/// An output that keeps everything in memory, for tests and for checking transcripts.
public final class CapturedOutput: ReplOutput {
  /// The result lines, in order.
  public private(set) var lines: [String] = []
  /// The diagnostic lines, in order.
  public private(set) var errors: [String] = []
  /// How many progress updates were written.
  public private(set) var progressUpdates = 0

  /// Creates an empty capture.
  public init() {}

  /// The result lines joined with newlines, with a final newline when not empty.
  public var text: String { lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n" }

  /// The diagnostic lines joined with newlines, with a final newline when not empty.
  public var errorText: String { errors.isEmpty ? "" : errors.joined(separator: "\n") + "\n" }

  /// Forgets everything captured so far.
  public func clear() {
    lines = []
    errors = []
    progressUpdates = 0
  }

  /// Appends `line` to ``lines``.
  public func printLine(_ line: String) { lines.append(line) }
  /// Appends `line` to ``errors``.
  public func printError(_ line: String) { errors.append(line) }
  /// Counts the update.
  public func progress(_ line: String?) { progressUpdates += 1 }

  /// The number of live pictures drawn.
  public private(set) var livePictures = 0

  /// Counts live pictures.
  public func livePicture(_ lines: [String]?) { if lines != nil { livePictures += 1 } }
}
