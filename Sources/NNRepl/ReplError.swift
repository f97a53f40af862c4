/// A mistake in what the user typed, or a command that cannot run now. Its message is printed
/// as one line after `error: ` and the REPL goes on.
public struct ReplError: Error, Equatable, CustomStringConvertible {
  /// The one-line explanation.
  public var message: String

  /// Creates an error with a one-line message.
  public init(_ message: String) { self.message = message }

  /// The message.
  public var description: String { message }
}
