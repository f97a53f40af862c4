import ArgumentParser
import NNCommandLine

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

// Errors of the tools' own making (`ToolError`) print as one line, `nntool: error: …`, and
// exit with their sysexits status; argument-parser's usage errors keep its format and exit 64.
if let text = ToolInfo.verboseVersionRequest(
  program: "nntool", arguments: CommandLine.arguments.dropFirst())
{
  StandardStream.out(text)
  StandardStream.flushOut()
  exit(0)
}
if let status = PredictFastPath.run(CommandLine.arguments.dropFirst()) {
  exit(status)
}
do {
  var command =
    try SubcommandFastPath.parse(CommandLine.arguments.dropFirst())
    ?? NNTool.parseAsRoot()
  try command.run()
  StandardStream.flushOut()
} catch let error as ToolError {
  StandardStream.err(error.line(program: "nntool", color: Terminal.current.stderrColor))
  exit(error.status.rawValue)
} catch {
  StandardStream.flushOut()
  NNTool.exit(withError: error)
}
