/// ``Style`` bound to whether one stream takes colour, for code that styles many pieces of text
/// for the same stream (the REPL): `styling.bold("0.72163")`.
public struct Styling: Sendable {
  /// Whether escape sequences are written.
  public var isEnabled: Bool

  /// Creates a styling that writes escape sequences when `isEnabled`.
  public init(isEnabled: Bool) { self.isEnabled = isEnabled }

  /// No colour at all.
  public static let plain = Styling(isEnabled: false)

  /// Bold, for answers and headings.
  public func bold(_ text: String) -> String { Style.bold.apply(text, enabled: isEnabled) }
  /// Dim, for secondary detail.
  public func dim(_ text: String) -> String { Style.dim.apply(text, enabled: isEnabled) }
  /// Red, for errors.
  public func red(_ text: String) -> String { Style.red.apply(text, enabled: isEnabled) }
  /// Green, for labels and improvements.
  public func green(_ text: String) -> String { Style.green.apply(text, enabled: isEnabled) }
  /// Yellow, for warnings.
  public func yellow(_ text: String) -> String { Style.yellow.apply(text, enabled: isEnabled) }
  /// Cyan, for names and bars.
  public func cyan(_ text: String) -> String { Style.cyan.apply(text, enabled: isEnabled) }
}
