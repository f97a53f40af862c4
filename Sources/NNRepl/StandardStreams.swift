import NNCommandLine

/// The process's standard output and standard error, with the progress line drawn on standard
/// error only when it is a terminal.
public final class StandardStreams: ReplOutput {
  /// Whether ``progress(_:)`` draws anything.
  public let showsProgress: Bool
  private var progressShown = false

  /// Creates the streams; progress is drawn when `showsProgress` (standard error is a terminal
  /// and plain output was not asked for).
  public init(showsProgress: Bool) { self.showsProgress = showsProgress }

  /// Writes `line` and a newline to standard output, flushed so that a script's reader sees
  /// each result as soon as it is ready.
  public func printLine(_ line: String) {
    clearProgress()
    StandardStream.out(line + "\n")
    StandardStream.flushOut()
  }

  /// Writes `line` and a newline to standard error.
  public func printError(_ line: String) {
    clearProgress()
    StandardStream.err(line + "\n")
  }

  /// Redraws the progress line in place (carriage return, clear to end of line).
  public func progress(_ line: String?) {
    guard showsProgress else { return }
    guard let line else {
      clearProgress()
      return
    }
    StandardStream.err("\r\u{1B}[K" + line)
    progressShown = true
  }

  /// Draws `lines` on standard error over the previous live picture (cursor up, clear each
  /// line); `nil` leaves the last picture on the screen and forgets its place.
  public func livePicture(_ lines: [String]?) {
    guard showsProgress else { return }
    clearProgress()
    guard let lines else {
      liveLines = 0
      return
    }
    var text = liveLines > 0 ? "\u{1B}[\(liveLines)A\r" : ""
    for line in lines { text += "\u{1B}[K" + line + "\n" }
    StandardStream.err(text)
    liveLines = lines.count
  }

  private var liveLines = 0

  private func clearProgress() {
    guard progressShown else { return }
    StandardStream.err("\r\u{1B}[K")
    progressShown = false
  }
}
