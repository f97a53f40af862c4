/// A source of whole lines, such as standard input or a list of `-e` commands.
public protocol LineInput {
  /// The next line without its newline, or nil at the end.
  mutating func nextLine() -> String?
}

/// Lines from a list, such as the `-e` commands.
public struct ListInput: LineInput {
  private var lines: [String]
  private var index = 0

  /// Creates an input that yields `lines` in order.
  public init(_ lines: [String]) { self.lines = lines }

  /// The next line, or nil after the last.
  public mutating func nextLine() -> String? {
    guard index < lines.count else { return nil }
    defer { index += 1 }
    return lines[index]
  }
}

/// Lines read from standard input with the standard library (no prompt, no echo).
public struct StandardInput: LineInput {
  /// Creates the input.
  public init() {}

  /// The next line of standard input, or nil at its end.
  public mutating func nextLine() -> String? { readLine(strippingNewline: true) }
}

/// Runs lines without a terminal: each line's result on the output, errors as one line each,
/// and at the end a warning when changes were not saved.
public enum ScriptRunner {
  /// Runs every line of `input` until its end or `:quit`; returns whether every line
  /// succeeded.
  public static func run(_ input: inout some LineInput, session: Session) -> Bool {
    var succeeded = true
    while let line = input.nextLine() {
      let outcome = session.execute(line)
      if outcome == .failure { succeeded = false }
      if outcome == .quit { break }
    }
    if let warning = session.unsavedChangesWarning {
      session.output.printError(session.style.yellow("warning:") + " " + warning)
    }
    return succeeded
  }
}
