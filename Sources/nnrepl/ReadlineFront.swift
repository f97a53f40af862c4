@preconcurrency import CReadline
import Glibc
import NNCommandLine
import NNRepl

/// The line readline finished, handed from its C callback to the main loop.
nonisolated(unsafe) private var finishedLine: String?
/// Whether readline finished a line (or saw end of input) since the last check.
nonisolated(unsafe) private var lineFinished = false

/// The interactive front: GNU readline's callback interface driven by `poll`, as CPython does.
///
/// A blocking `readline()` cannot be interrupted cleanly by Ctrl-C, so the prompt is installed
/// with `rl_callback_handler_install`, and the loop polls standard input and the interrupt pipe:
/// a key goes to `rl_callback_read_char`, Ctrl-C throws the line away and shows a fresh prompt.
/// While a command runs, the handler is removed (the terminal is back in its normal mode, so
/// Ctrl-C raises SIGINT and training sees ``InterruptSignal/isPending``).
struct ReadlineFront {
  let session: Session
  let historyPath: String?

  /// Runs until `:quit` or Ctrl-D; returns the exit status.
  func run() -> Int32 {
    rl_readline_name = UnsafePointer(strdup("nnrepl"))
    rl_catch_signals = 0
    if isatty(STDOUT_FILENO) == 0 {
      // Results are going to a file or pipe: keep the prompt and the echo on the terminal.
      rl_outstream = fdopen(STDERR_FILENO, "w")
    }
    InterruptSignal.install()
    Completion.install()
    if let historyPath { HistoryFile.load(historyPath) }
    session.isCancelled = { InterruptSignal.isPending }
    Completion.commandNames = CommandTable.all.map(\.name)
    printBanner()
    while true {
      guard let line = readLine(prompt: session.prompt) else {
        // Ctrl-D on an empty line (readline has already moved to a new line).
        if confirmQuit() { return 0 }
        continue
      }
      HistoryFile.add(line, path: historyPath)
      InterruptSignal.consume()
      let outcome = session.execute(line)
      InterruptSignal.consume()
      if outcome == .quit, confirmQuit() { return 0 }
    }
  }

  private func printBanner() {
    let features = session.model.features.map(\.name).joined(separator: " ")
    let style = session.style
    say(
      style.dim("nnrepl: type \(features) values to run the model; :help lists the commands.")
        + "\n")
  }

  /// Asks before leaving with unsaved changes; true when the REPL should end.
  private func confirmQuit() -> Bool {
    guard let warning = session.unsavedChangesWarning else { return true }
    say(session.style.yellow("warning:") + " " + warning + "\n")
    guard let answer = readLine(prompt: "Quit without saving? [y/N] ") else { return true }
    return answer.lowercased().hasPrefix("y")
  }

  /// Reads one line with editing and history; nil at end of input (Ctrl-D on an empty line).
  private func readLine(prompt: String) -> String? {
    refreshCompletion()
    StandardStream.flushOut()
    finishedLine = nil
    lineFinished = false
    install(prompt)
    defer { rl_callback_handler_remove() }
    var descriptors = [
      pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
      pollfd(fd: InterruptSignal.descriptor, events: Int16(POLLIN), revents: 0),
    ]
    while !lineFinished {
      let ready = poll(&descriptors, nfds_t(descriptors.count), -1)
      if ready < 0 {
        guard errno == EINTR else { return nil }
        // A signal woke us: let readline handle what it caught (SIGWINCH: redraw at the new
        // width); SIGINT shows up on the pipe.
        rl_check_signals()
        continue
      }
      if descriptors[1].revents != 0, InterruptSignal.consume() {
        discardLine(prompt)
        continue
      }
      if descriptors[0].revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
        rl_callback_read_char()
      }
    }
    return finishedLine
  }

  private func install(_ prompt: String) {
    rl_callback_handler_install(readlinePrompt(prompt)) { line in
      if let line {
        finishedLine = String(cString: line)
        free(line)
      } else {
        finishedLine = nil
      }
      lineFinished = true
      rl_callback_handler_remove()
    }
  }

  /// Ctrl-C at the prompt: forget the typed text and start again on a new line.
  private func discardLine(_ prompt: String) {
    rl_free_line_state()
    rl_callback_sigcleanup()
    rl_cleanup_after_signal()
    rl_callback_handler_remove()
    say("^C\n")
    install(prompt)
  }

  /// Writes what belongs to the conversation rather than the results (the greeting, `^C`, the
  /// question before quitting) where the prompt goes: standard output on a terminal, else
  /// standard error.
  private func say(_ text: String) {
    if isatty(STDOUT_FILENO) == 1 {
      StandardStream.out(text)
      StandardStream.flushOut()
    } else {
      StandardStream.err(text)
    }
  }

  /// Marks colour escapes as invisible (`\001`…`\002`) so readline measures the prompt right.
  private func readlinePrompt(_ prompt: String) -> String {
    guard session.style.isEnabled else { return prompt }
    return "\u{01}\u{1B}[1;36m\u{02}" + prompt + "\u{01}\u{1B}[0m\u{02}"
  }

  private func refreshCompletion() {
    let words = session.completionWords
    Completion.lineStarts = words.filter { $0.hasSuffix("=") }
    Completion.arguments = words.filter { !$0.hasPrefix(":") }
    Completion.settable = session.settableNames
  }
}
