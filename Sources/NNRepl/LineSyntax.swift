import NNModel

/// What a command that takes a sample accepts: whether `=> TARGET` is required (or forbidden),
/// its keywords (`times 10`) and flags (`--weights`). One table for running and for parsing.
struct SampleRule: Sendable {
  var targetRequired: Bool
  var keywords: Set<String> = []
  var flags: Set<String> = []

  /// A bare input line, such as `128 63`.
  static let query = SampleRule(targetRequired: false)

  /// The commands that take a sample (``CommandInfo`` names its rule).
  static let trace = SampleRule(targetRequired: false, flags: ["--weights"])
  static let grad = SampleRule(targetRequired: true, keywords: ["for"])
  static let train = SampleRule(targetRequired: true, keywords: ["times", "lr"])
  static let add = SampleRule(targetRequired: true)
}

extension SampleSyntax {
  /// Parses `words` against `model` with `rule`.
  init(words: [String], model: Model, rule: SampleRule) throws(ReplError) {
    try self.init(
      words: words, model: model, targetRequired: rule.targetRequired, keywords: rule.keywords,
      allowedFlags: rule.flags)
  }
}

/// A line as the REPL reads it before running it: its command, its words and, for a bare input
/// or a command that takes a sample (`:trace`, `:grad`, `:train`, `:add`), the parsed sample or
/// the error. Parsing runs nothing and touches no file; the fuzzer
/// (`Fuzz/Sources/FuzzReplLine`) and the tests call it.
public struct ParsedLine: Sendable, Equatable {
  /// The command's full name (`"trace"` for `:tr`); nil for a bare input, a blank line or a
  /// comment.
  public var command: String?
  /// The words after the command (or of the whole bare input), as the tokenizer splits them.
  public var words: [String]
  /// The raw input values of the sample, when the line has one and it parsed.
  public var inputs: [Double]?
  /// The target values of the sample, when it has one and it parsed.
  public var target: [Double]?
  /// The sample's keyword arguments (`["times": "10"]`).
  public var options: [String: String]
  /// The one-line error the REPL would print for the command name or the sample, if any.
  public var error: String?

  /// Whether the REPL ignores the line (blank, or a `#` comment).
  public var isEmpty: Bool { command == nil && words.isEmpty && error == nil }

  /// Parses `line` the way ``Session/execute(_:)`` does for `model`, without running it.
  public static func parse(_ line: String, model: Model) -> ParsedLine {
    var parsed = ParsedLine(command: nil, words: [], options: [:])
    guard let split = splitCommand(Substring(line)) else { return parsed }
    let rule: SampleRule?
    if let name = split.name {
      do throws(ReplError) {
        let command = try CommandTable.lookup(String(name))
        parsed.command = command.name
        rule = command.sample
      } catch {
        parsed.error = error.message
        return parsed
      }
    } else {
      rule = .query
    }
    parsed.words = Tokenizer.words(split.rest)
    guard let rule else { return parsed }
    do throws(ReplError) {
      let sample = try SampleSyntax(words: parsed.words, model: model, rule: rule)
      parsed.inputs = sample.inputs
      parsed.target = sample.target
      parsed.options = sample.options
    } catch {
      parsed.error = error.message
    }
    return parsed
  }

  /// The line without leading blanks, split into the command name (after `:`, nil for a bare
  /// input) and the rest; nil for a line the REPL ignores.
  static func splitCommand(_ line: Substring) -> (name: Substring?, rest: Substring)? {
    let trimmed = line.drop { $0 == " " || $0 == "\t" }
    if trimmed.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) || trimmed.hasPrefix("#") {
      return nil
    }
    guard trimmed.hasPrefix(":") else { return (nil, trimmed) }
    let body = trimmed.dropFirst()
    let nameEnd = body.firstIndex(where: { $0 == " " || $0 == "\t" }) ?? body.endIndex
    return (body[..<nameEnd], body[nameEnd...])
  }
}
