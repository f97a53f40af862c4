#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// What the standard streams are connected to, and whether decoration is welcome.
///
/// Progress bars, colour and in-place updates appear only when the stream is a terminal, and
/// never when `NO_COLOR` is set to a non-empty value (<https://no-color.org>) or `TERM=dumb`.
public struct Terminal: Sendable {
  /// Whether standard output is a terminal.
  public var stdoutIsTerminal: Bool
  /// Whether standard error is a terminal.
  public var stderrIsTerminal: Bool
  /// Whether the environment asks for plain output (`NO_COLOR` non-empty, or `TERM=dumb`).
  public var plainRequested: Bool
  /// The width to draw to: `COLUMNS` when set to a number, else 80.
  public var width: Int

  /// Creates a description of the given facts (for tests and for other front ends).
  public init(stdoutIsTerminal: Bool, stderrIsTerminal: Bool, plainRequested: Bool, width: Int) {
    self.stdoutIsTerminal = stdoutIsTerminal
    self.stderrIsTerminal = stderrIsTerminal
    self.plainRequested = plainRequested
    self.width = width
  }

  /// The process's own streams and environment.
  public static var current: Terminal {
    let noColor = environment("NO_COLOR").map { !$0.isEmpty } ?? false
    let dumb = environment("TERM") == "dumb"
    let columns = environment("COLUMNS").flatMap { Int($0) }.map { max(20, min(500, $0)) }
    return Terminal(
      stdoutIsTerminal: isatty(1) == 1, stderrIsTerminal: isatty(2) == 1,
      plainRequested: noColor || dumb, width: columns ?? 80)
  }

  /// Whether to draw a progress bar on standard error.
  public var showsProgressBar: Bool { stderrIsTerminal && !plainRequested }
  /// Whether colour may be used on standard output.
  public var stdoutColor: Bool { stdoutIsTerminal && !plainRequested }
  /// Whether colour may be used on standard error.
  public var stderrColor: Bool { stderrIsTerminal && !plainRequested }

  /// The value of an environment variable.
  public static func environment(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    return String(cString: value)
  }
}

/// Writing to the standard streams without Foundation.
public enum StandardStream {
  /// Writes `text` to standard output (buffered, like `print`).
  public static func out(_ text: String) {
    print(text, terminator: "")
  }

  /// Writes `text` to standard error at once (unbuffered), after flushing standard output so
  /// that the two streams interleave in order on a shared terminal.
  public static func err(_ text: String) {
    fflush(nil)
    var text = text
    text.withUTF8 { bytes in
      guard let start = bytes.baseAddress else { return }  // nothing to write
      var offset = 0
      while offset < bytes.count {
        let written = write(2, start + offset, bytes.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          return
        }
        offset += written
      }
    }
  }

  /// Flushes standard output.
  public static func flushOut() {
    fflush(nil)
  }
}

/// SGR colour codes, applied only when the target stream allows colour.
public enum Style: String, Sendable {
  /// Bold text.
  case bold = "1"
  /// Dim text.
  case dim = "2"
  /// Red text (errors, differences).
  case red = "31"
  /// Green text (OK).
  case green = "32"
  /// Yellow text (warnings).
  case yellow = "33"
  /// Cyan text (names, bars).
  case cyan = "36"

  /// `text` wrapped in this style's escape codes when `enabled`, else unchanged.
  public func apply(_ text: String, enabled: Bool) -> String {
    enabled ? "\u{1B}[\(rawValue)m\(text)\u{1B}[0m" : text
  }
}
