import Glibc
import Testing

/// The tutorial's network with every neuron w = [0, 1], b = 0, as a JSON model file.
private let tutorialJSON = """
  {
    "format": "nnm",
    "version": "1.0",
    "name": "tutorial",
    "features": [
      {"name": "weight", "unit": "lb", "normalization": {"shift": 0, "scale": 1}},
      {"name": "height", "unit": "in", "normalization": {"shift": 0, "scale": 1}}
    ],
    "layers": [
      {"activation": "sigmoid",
       "weights": {"dtype": "f64", "shape": [2, 2], "data": [0, 1, 0, 1]},
       "biases": {"dtype": "f64", "shape": [2], "data": [0, 0]}},
      {"activation": "sigmoid",
       "weights": {"dtype": "f64", "shape": [1, 2], "data": [0, 1]},
       "biases": {"dtype": "f64", "shape": [1], "data": [0]}}
    ],
    "output": {"task": "binary", "threshold": 0.5, "negative": "M", "positive": "F", "names": []},
    "metadata": {},
    "extra_sections": []
  }

  """

/// A temporary directory holding `tutorial.json`.
private func workspace() -> String {
  let directory = ReplHarness.temporaryDirectory()
  ReplHarness.write(tutorialJSON, to: directory + "/tutorial.json")
  return directory
}

@Suite(.serialized) struct ReplPipeTests {
  @Test func linesFromAPipeRunWithoutPromptOrColour() {
    let directory = workspace()
    let result = ReplHarness.runPiped(
      [directory + "/tutorial.json"],
      input: "2 3\n:grad 2 3 => M for w5\n:set w1 0.5\n:undo\n",
      environment: ReplHarness.environment(home: directory))
    #expect(result.status == 0)
    #expect(
      result.stdout == """
        0.72163 → F
        loss (mse) = 0.52075    output 0.72163, target 0
        dL/dw5 = dL/dypred × dypred/dw5
               = (-2(y - ypred)) × (h1 · f'(z_ypred))
               = 1.44327 × 0.19135 = 0.27617
        w1: 0 → 0.50000
        undid :set w1 0.5

        """)
    #expect(result.stderr == "")
    #expect(!result.stdout.contains("\u{1B}"))
  }

  @Test func aFailedLineMakesTheExitStatusNonZero() {
    let directory = workspace()
    let result = ReplHarness.runPiped(
      [directory + "/tutorial.json"], input: "2 3 4\n:frob\n2 3\n",
      environment: ReplHarness.environment(home: directory))
    #expect(result.status == 1)
    #expect(result.stdout == "0.72163 → F\n")
    #expect(
      result.stderr == """
        error: expected 2 inputs (weight, height), got 3
        error: unknown command ':frob' (:help lists the commands)

        """)
  }

  @Test func executeOptionRunsCommandsAndSavesAtomically() {
    let directory = workspace()
    let saved = directory + "/tuned.nnm"
    let result = ReplHarness.runPiped(
      [directory + "/tutorial.json", "-e", ":set w2 2", "-e", ":save \(saved)", "-e", "2 3"],
      input: "this is never read\n", environment: ReplHarness.environment(home: directory))
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stdout.hasPrefix("w2: 1.00000 → 2.00000\nsaved \(saved) (binary, 9 parameters)\n"))
    let reread = ReplHarness.runPiped(
      [saved, "-e", "2 3", "-e", ":weights 1"], input: "",
      environment: ReplHarness.environment(home: directory))
    #expect(reread.stdout.contains("w2 = 2.00000 (height)"))
    #expect(reread.stdout.hasPrefix(result.stdout.split(separator: "\n")[2] + "\n"))
  }

  @Test func unsavedChangesWarnAtTheEndOfAScript() {
    let directory = workspace()
    let result = ReplHarness.runPiped(
      [directory + "/tutorial.json"], input: ":train 2 3 => M times 5\n",
      environment: ReplHarness.environment(home: directory))
    #expect(result.status == 0)
    #expect(
      result.stderr
        == "warning: the model has unsaved changes to \(directory)/tutorial.json (:save keeps them)\n"
    )
  }

  @Test func aBadModelFileIsOneLineAndTheToolsStatus() {
    let directory = workspace()
    ReplHarness.write("{\"format\": \"nnm\"", to: directory + "/broken.json")
    let result = ReplHarness.runPiped(
      [directory + "/broken.json"], input: "",
      environment: ReplHarness.environment(home: directory))
    #expect(result.status == 65)
    #expect(result.stderr.hasPrefix("nnrepl: \(directory)/broken.json"))
    #expect(result.stderr.filter { $0 == "\n" }.count == 1)
    let missing = ReplHarness.runPiped(
      [directory + "/missing.nnm"], input: "",
      environment: ReplHarness.environment(home: directory))
    #expect(missing.status == 66)
    #expect(missing.stderr.hasPrefix("nnrepl: \(directory)/missing.nnm: "))
  }
}

@Suite(.serialized) struct ReplTerminalTests {
  @Test func promptQueryHistoryInterruptAndEndOfInput() throws {
    let directory = workspace()
    let model = directory + "/tutorial.json"
    let environment = ReplHarness.environment(home: directory, extra: ["TERM": "xterm"])
    let repl = try #require(TerminalSession([model], environment: environment))
    #expect(repl.expect("tutorial> "), "no prompt: \(repl.pending)")
    repl.type("2 3\r")
    #expect(repl.expect("0.72163 → "), "no answer: \(repl.pending)")
    #expect(repl.expect("tutorial> "))

    // Ctrl-C at the prompt throws the typed text away: the next line is "5 5", not "1 15 5".
    repl.type("1 1")
    #expect(repl.expect("1 1"))
    repl.type("\u{03}")
    #expect(repl.expect("^C"))
    #expect(repl.expect("tutorial> "))
    repl.type("5 5\r")
    #expect(repl.expect("0.72974 → "), "Ctrl-C left text behind: \(repl.pending)")

    // Ctrl-P twice recalls "2 3" from the history.
    repl.type("\u{10}\u{10}\r")
    #expect(repl.expect("0.72163 → "), "history: \(repl.pending)")

    // Ctrl-C during a long :fit stops it, keeps the REPL, and :undo reverts the fit.
    repl.type(":add 2 3 => M\r")
    #expect(repl.expect("(1 sample)"))
    repl.type(":fit epochs 1000000\r")
    #expect(repl.expect("epoch "), "no progress line: \(repl.pending)")
    repl.type("\u{03}")
    #expect(repl.expect("interrupted"), "fit not interrupted: \(repl.pending)")
    #expect(repl.expect("tutorial*> "))
    repl.type(":undo\r")
    #expect(repl.expect("undid :fit"))
    #expect(repl.expect("tutorial> "))

    // Tab completes a command.
    repl.type(":weig\t1\r")
    #expect(repl.expect("layer 1: 2 inputs → 2 neurons"), "completion: \(repl.pending)")

    // Ctrl-D on an empty line leaves with status 0. (Typed before the prompt is back, the
    // terminal would still be in its normal mode and take Ctrl-D as its own end-of-file.)
    #expect(repl.expect("tutorial> "))
    repl.type("\u{04}")
    #expect(repl.waitForExit() == 0)

    let history = ReplHarness.read(directory + "/state/nnkit/nnrepl_history") ?? ""
    #expect(history.contains("2 3\n"))
    #expect(history.contains(":fit epochs 1000000\n"))
    #expect(!history.contains("1 1\n"))

    // The history survives into the next session.
    let again = try #require(TerminalSession([model], environment: environment))
    #expect(again.expect("tutorial> "))
    again.type("\u{10}\r")
    #expect(again.expect("layer 1: 2 inputs → 2 neurons"), "history not reloaded: \(again.pending)")
    again.type(":quit\r")
    #expect(again.waitForExit() == 0)
  }

  @Test func quittingWithUnsavedChangesAsksFirst() throws {
    let directory = workspace()
    let environment = ReplHarness.environment(home: directory, extra: ["NO_COLOR": "1"])
    let repl = try #require(
      TerminalSession([directory + "/tutorial.json"], environment: environment))
    #expect(repl.expect("tutorial> "))
    repl.type(":set w1 1\r")
    #expect(repl.expect("tutorial*> "))
    repl.type(":quit\r")
    #expect(repl.expect("Quit without saving? [y/N] "))
    repl.type("n\r")
    #expect(repl.expect("tutorial*> "))
    repl.type("\u{04}")
    #expect(repl.expect("Quit without saving? [y/N] "))
    repl.type("y\r")
    #expect(repl.waitForExit() == 0)
    #expect(!repl.pending.contains("\u{1B}[3"), "colour despite NO_COLOR")
  }

  @Test func redirectedResultsLeaveThePromptOnTheTerminal() throws {
    let directory = workspace()
    let results = directory + "/results.txt"
    let repl = try #require(
      TerminalSession(
        [directory + "/tutorial.json"], environment: ReplHarness.environment(home: directory),
        standardOutput: results))
    #expect(repl.expect("tutorial> "), "no prompt on the terminal: \(repl.pending)")
    repl.type("2 3\r")
    #expect(repl.expect("tutorial> "))
    repl.type("\u{04}")
    #expect(repl.waitForExit() == 0)
    #expect(!String(decoding: repl.transcript, as: UTF8.self).contains("0.72163"))
    #expect(ReplHarness.read(results) == "0.72163 → F\n")
  }
}
