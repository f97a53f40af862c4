import ArgumentParser
import NNCommandLine
import NNModel

/// `nntool verify MODEL...`.
struct Verify: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "Check model files' integrity (checksums, layout) and validity.",
    discussion: """
      Prints one line per file on standard output: 'FILE: OK', or 'FILE: ' and the precise \
      error with its byte offset or JSON path and its stable code in brackets. Exit status 0 when every file is valid, 1 when \
      any is not (including files that cannot be read).

      Examples:
        nntool verify gender.nnm
        nntool verify models/*.nnm --json
      """
  )

  @Argument(help: "The model files.")
  var models: [String]

  @Flag(help: "Print a JSON array of {file, valid, error, code, offset}.")
  var json = false

  func validate() throws {
    guard !models.isEmpty else { throw ValidationError("give at least one model file") }
  }

  func run() throws {
    var allValid = true
    var results: [JSONValue] = []
    var text = ""
    for path in models {
      let problem = Self.problem(path)
      if problem != nil { allValid = false }
      let color = Terminal.current.stdoutColor
      text +=
        problem.map { Style.red.apply(Escaping.singleLine($0.message), enabled: color) }
        ?? "\(Escaping.singleLine(path)): \(Style.green.apply("OK", enabled: color))"
      text += "\n"
      results.append(
        .object([
          ("file", .string(path)), ("valid", .bool(problem == nil)),
          ("error", .optional(problem?.message)), ("code", .optional(problem?.code)),
          ("offset", problem?.offset.map { .integer($0) } ?? .null),
        ]))
    }
    if json { printJSON(.array(results)) } else { StandardStream.out(text) }
    if !allValid { throw ExitCode(ExitStatus.found.rawValue) }
  }

  /// The error reading `path` gives, or nil when it is a valid model.
  static func problem(_ path: String) -> ToolError? {
    switch Result(catching: { () throws(ToolError) in try ModelFiles.read(path: path) }) {
    case .success: nil
    case .failure(let error): error
    }
  }
}
