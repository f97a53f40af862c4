@preconcurrency import CReadline
import Glibc
import NNRepl

/// Tab completion. Readline calls plain C functions, which cannot capture context, so the
/// words live in globals that the main loop refreshes before each prompt; readline frees the
/// strings it is given, so they are `strdup`'d.
enum Completion {
  /// Words that start a line without a colon: `feature=`.
  nonisolated(unsafe) static var lineStarts: [String] = []
  /// Words after a command: parameter and setting names, `feature=`, labels, keywords.
  nonisolated(unsafe) static var arguments: [String] = []
  /// Command names for `:help`.
  nonisolated(unsafe) static var commandNames: [String] = []
  /// Parameter and setting names for `:set`.
  nonisolated(unsafe) static var settable: [String] = []
  nonisolated(unsafe) private static var matches: [String] = []
  nonisolated(unsafe) private static var nextMatch = 0

  /// Installs the completion function.
  static func install() {
    rl_attempted_completion_function = { text, start, _ in
      Completion.complete(text: text, start: start)
    }
  }

  private static func complete(
    text: UnsafePointer<CChar>?, start: Int32
  ) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    let line = rl_line_buffer.map { String(cString: $0) } ?? ""
    let prefix = text.map { String(cString: $0) } ?? ""
    let candidates: [String]
    if start == 0, prefix.hasPrefix(":") {
      // The dispatcher's own lookup: a prefix completes to one command exactly when it runs it.
      candidates = CommandTable.completions(ofCommand: prefix)
    } else if start == 0 {
      candidates = lineStarts.filter { $0.hasPrefix(prefix) }
    } else {
      switch CommandTable.argumentCompletion(inLine: line) {
      case .paths: return nil  // readline's own file-name completion
      case .commands: candidates = commandNames.filter { $0.hasPrefix(prefix) }
      case .settable: candidates = settable.filter { $0.hasPrefix(prefix) }
      case .words, nil: candidates = arguments.filter { $0.hasPrefix(prefix) }
      }
    }
    rl_attempted_completion_over = 1
    matches = candidates
    nextMatch = 0
    if matches.count == 1, matches[0].hasSuffix("=") { rl_completion_append_character = 0 }
    return rl_completion_matches(text) { _, _ in
      guard Completion.nextMatch < Completion.matches.count else { return nil }
      defer { Completion.nextMatch += 1 }
      return strdup(Completion.matches[Completion.nextMatch])
    }
  }
}
