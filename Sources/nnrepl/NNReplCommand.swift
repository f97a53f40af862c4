import ArgumentParser
import Glibc
import NNCommandLine
import NNInterop
import NNPlot
import NNRepl
import NNToolOptions

/// `nnrepl MODEL [-e COMMAND]…`: the interactive REPL, or a script runner when standard input
/// is not a terminal or commands are given with `-e`.
@main
struct NNReplCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nnrepl",
    abstract: "Type inputs into a model and watch every neuron, gradient and training step.",
    discussion: """
      Interactive on a terminal, with GNU readline: history, Tab completion, Ctrl-C to clear \
      the line or stop training, Ctrl-D to leave. When standard input is not a terminal, each \
      line is run as a command: results go to standard output, errors to standard error, and \
      the exit status is 1 if any line failed. Type :help in the REPL for the commands.

      An .onnx or .safetensors file is imported as nntool import does; the options for \
      imported files (the same as nntool import's) complete what such a file does not say.

      nnrepl links GNU readline, which is GPL-3.0-or-later: a distributed nnrepl binary is \
      covered by the GPL (see the README).
      """,
    version: ToolInfo.version)

  /// Prints the build for `--version --verbose` (argument-parser knows only `--version`),
  /// then runs the command.
  static func main() {
    if let text = ToolInfo.verboseVersionRequest(
      program: "nnrepl", arguments: CommandLine.arguments.dropFirst())
    {
      StandardStream.out(text)
      StandardStream.flushOut()
      return
    }
    main(nil)
  }

  @Argument(
    help: "The model file (.nnm binary, or JSON), or an .onnx or .safetensors file to import.")
  var model: String

  @Option(
    name: [.customShort("e"), .customLong("execute")],
    parsing: .unconditionalSingleValue,
    help: ArgumentHelp(
      "Run this command, then exit (repeatable; no prompt, no standard input).",
      valueName: "command"))
  var commands: [String] = []

  @Flag(name: .customLong("no-history"), help: "Neither read nor write the history file.")
  var noHistory = false

  @OptionGroup(title: "Options for imported ONNX and safetensors files")
  var importOptions: ImportArguments

  mutating func run() throws {
    let terminal = Terminal.current
    let interactive = commands.isEmpty && isatty(STDIN_FILENO) == 1
    let style = Styling(isEnabled: interactive && terminal.stdoutColor)
    let output = StandardStreams(showsProgress: interactive && terminal.showsProgressBar)
    let session: Session
    let options: ImportOptions
    let opened: OpenedModel
    do {
      options = try importOptions.resolve()
    } catch {
      StandardStream.err("nnrepl: \(error.message)\n")
      throw ExitCode(error.status.rawValue)
    }
    do {
      opened =
        InteropFiles.isForeign(model)
        ? OpenedModel(imported: try InteropFiles.read(path: model, options: options), from: model)
        : OpenedModel(loaded: try ModelFiles.read(path: model))
    } catch {
      StandardStream.err("nnrepl: \(error.message)\n")
      throw ExitCode(error.status.rawValue)
    }
    for note in opened.notes { StandardStream.err("nnrepl: note: \(note)\n") }
    do {
      session = try Session(opened: opened, output: output, style: style)
      session.pictureColors = TerminalColors.detect(
        color: style.isEnabled, colorTerm: Terminal.environment("COLORTERM"))
      session.terminalWidth = terminalColumns
    } catch {
      StandardStream.err("nnrepl: \(error.message)\n")
      throw ExitCode(ExitStatus.dataError.rawValue)
    }
    session.importOptions = options
    if !commands.isEmpty {
      var input = ListInput(commands)
      if !ScriptRunner.run(&input, session: session) { throw ExitCode(1) }
      return
    }
    if !interactive {
      var input = StandardInput()
      if !ScriptRunner.run(&input, session: session) { throw ExitCode(1) }
      return
    }
    let status = ReadlineFront(
      session: session, historyPath: noHistory ? nil : HistoryFile.path()
    ).run()
    if status != 0 { throw ExitCode(status) }
  }
}
