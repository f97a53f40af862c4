/// The process exit statuses of the nnkit tools, following BSD `sysexits.h`.
///
/// | status | meaning |
/// |---|---|
/// | 0 | success (for `verify`: every file valid; for `diff`: the models are equal) |
/// | 1 | the command worked and found something: `verify` found an invalid file, `diff` found a difference |
/// | 64 | usage error: unknown option, bad option value (`EX_USAGE`) |
/// | 65 | bad input data: malformed CSV or model file, a model that does not fit the data (`EX_DATAERR`) |
/// | 66 | an input file is missing or unreadable (`EX_NOINPUT`) |
/// | 70 | internal error, such as training that diverged (`EX_SOFTWARE`) |
/// | 73 | an output file cannot be written (`EX_CANTCREAT`) |
/// | 130 | interrupted by Ctrl-C with nothing saved (128 + SIGINT) |
public enum ExitStatus: Int32, Sendable, CaseIterable {
  /// Success.
  case success = 0
  /// The command ran and found a problem or a difference.
  case found = 1
  /// The command line was wrong.
  case usage = 64
  /// An input file's content is wrong.
  case dataError = 65
  /// An input file does not exist or cannot be read.
  case noInput = 66
  /// Something went wrong inside the tool (for example, training diverged).
  case software = 70
  /// An output file cannot be created or written.
  case cannotCreate = 73
  /// The user interrupted the command and nothing was kept.
  case interrupted = 130
}

/// An error a tool reports as one line on standard error, with the exit status to use.
///
/// `message` names the file and the place (`data.csv:3: column 2 "height": …`, or a byte offset
/// or JSON path for model files). It never contains a line break: ``Escaping`` removes them from
/// anything taken from a file.
public struct ToolError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The one-line message, without a program-name prefix.
  public var message: String
  /// The exit status to use.
  public var status: ExitStatus
  /// The stable error code also shown in brackets in ``message`` (`"bad-magic"`, `"io"`), for
  /// errors that have one (model files: ``ModelFileError/code``).
  public var code: String?
  /// The byte offset in the file the error is about, if any.
  public var offset: Int?

  /// Creates an error; control characters in `message` are escaped to keep it on one line.
  public init(_ message: String, status: ExitStatus, code: String? = nil, offset: Int? = nil) {
    self.message = Escaping.singleLine(message)
    self.status = status
    self.code = code
    self.offset = offset
  }

  /// A usage error (status 64).
  public static func usage(_ message: String) -> ToolError { ToolError(message, status: .usage) }
  /// A bad-data error (status 65).
  public static func data(_ message: String) -> ToolError { ToolError(message, status: .dataError) }
  /// A missing-input error (status 66).
  public static func noInput(_ message: String) -> ToolError {
    ToolError(message, status: .noInput)
  }
  /// A cannot-write error (status 73).
  public static func cannotCreate(_ message: String) -> ToolError {
    ToolError(message, status: .cannotCreate)
  }

  /// The message.
  public var description: String { message }

  /// The line a tool prints for this error: `PROGRAM: error: MESSAGE` and a line break, with
  /// `error:` in red when `color`.
  public func line(program: String, color: Bool) -> String {
    "\(program): \(Style.red.apply("error:", enabled: color)) \(message)\n"
  }
}
