import Foundation
import Testing

// Runs the console transcripts of the documentation against the built tools, so the docs
// cannot drift from what `nntool` and `nnrepl` print.
//
// A transcript is a fenced block opened with ```` ```console ````. A line starting with `$ ` is
// a command (a trailing `\` continues it on the next line); the lines after it, up to the next
// command, are what it prints: standard output and standard error together, as a terminal
// shows them. Every block of one document runs in order in the same fresh directory, which
// holds copies of `samples/` and `docs/examples/`, with `nntool` and `nnrepl` first on PATH,
// `NO_COLOR` set and no `SOURCE_DATE_EPOCH`. A command runs under `/bin/sh -c`, so pipes,
// redirections and `; echo "exit $?"` work. Trailing spaces are ignored.
//
// The REPL sessions of `docs/*.md` (`<!-- transcript: MODEL -->` blocks whose lines start with a
// prompt) are replayed by `Tests/NNReplTests/TranscriptTests.swift`.

/// The repository's root, found from this file's path.
private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()

/// One command of a transcript and what the document says it prints.
struct TranscriptCommand: CustomStringConvertible {
  var document: String
  /// The 1-based line of the document where the command starts.
  var line: Int
  var command: String
  var expected: [String]

  var description: String { "\(document):\(line): $ \(command)" }
}

/// The commands of every ```` ```console ```` block in `text`, in order.
func consoleTranscripts(in text: String, document: String) -> [TranscriptCommand] {
  var commands: [TranscriptCommand] = []
  var inConsole = false
  var inOtherFence = false
  var continuing = false
  for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
    .map(String.init).enumerated()
  {
    if inConsole {
      if line.hasPrefix("```") {
        inConsole = false
      } else if continuing, var last = commands.popLast() {
        continuing = line.hasSuffix("\\")
        last.command += "\n" + line
        commands.append(last)
      } else if line.hasPrefix("$ ") {
        continuing = line.hasSuffix("\\")
        commands.append(
          TranscriptCommand(
            document: document, line: index + 1, command: String(line.dropFirst(2)), expected: []))
      } else if var last = commands.popLast() {
        last.expected.append(line)
        commands.append(last)
      }
    } else if inOtherFence {
      if line.hasPrefix("```") { inOtherFence = false }
    } else if line.hasPrefix("```console") {
      inConsole = true
    } else if line.hasPrefix("```") {
      inOtherFence = true
    }
  }
  return commands
}

/// Fenced blocks that look like transcripts (a line starting with `$ `) but are not marked
/// ```` ```console ````, and so would not be run.
func unmarkedTranscripts(in text: String, document: String) -> [String] {
  var found: [String] = []
  var fence: String?
  for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
    .map(String.init).enumerated()
  {
    if let current = fence {
      if line.hasPrefix("```") {
        fence = nil
      } else if current != "console", line.hasPrefix("$ ") {
        found.append("\(document):\(index + 1): \(line)")
      }
    } else if line.hasPrefix("```") {
      fence = String(line.dropFirst(3))
    }
  }
  return found
}

/// The documents whose transcripts are run: the README and every page of docs/.
func transcriptDocuments() throws -> [String] {
  let pages = try FileManager.default.contentsOfDirectory(
    atPath: repositoryRoot.appendingPathComponent("docs").path)
  return ["README.md"] + pages.filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
}

/// Runs one transcript command in `directory` and returns its lines, stdout and stderr merged.
func runTranscriptCommand(_ command: String, in directory: URL) throws -> [String] {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/bin/sh")
  process.arguments = ["-c", command]
  process.currentDirectoryURL = directory
  var environment = ProcessInfo.processInfo.environment
  for name in ["SOURCE_DATE_EPOCH", "COLUMNS", "NNTOOL_PATH"] {
    environment.removeValue(forKey: name)
  }
  let binaries = URL(fileURLWithPath: Harness.nntoolPath).deletingLastPathComponent().path
  environment["PATH"] = binaries + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
  environment["NO_COLOR"] = "1"
  environment["TERM"] = "dumb"
  environment["HOME"] = directory.path
  environment["XDG_STATE_HOME"] = directory.path + "/.state"
  environment["LC_ALL"] = "C.UTF-8"
  process.environment = environment
  let outputURL = directory.appendingPathComponent(".transcript-output")
  _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
  let output = try FileHandle(forWritingTo: outputURL)
  process.standardOutput = output
  process.standardError = output
  process.standardInput = FileHandle.nullDevice
  try process.run()
  process.waitUntilExit()
  try output.close()
  let text = try String(contentsOf: outputURL, encoding: .utf8)
  try FileManager.default.removeItem(at: outputURL)
  var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  if lines.last == "" { lines.removeLast() }
  return lines
}

/// A line without its trailing spaces.
private func trimmedTrailing(_ line: String) -> String {
  var line = Substring(line)
  while line.last == " " { line = line.dropLast() }
  return String(line)
}

/// A fresh directory holding copies of the files the transcripts use.
func transcriptDirectory() throws -> URL {
  let directory = try Harness.scratchDirectory()
  let manager = FileManager.default
  try manager.copyItem(
    at: repositoryRoot.appendingPathComponent("samples"),
    to: directory.appendingPathComponent("samples"))
  try manager.createDirectory(
    at: directory.appendingPathComponent("docs"), withIntermediateDirectories: true)
  try manager.copyItem(
    at: repositoryRoot.appendingPathComponent("docs/examples"),
    to: directory.appendingPathComponent("docs/examples"))
  return directory
}

@Suite struct DocTranscriptTests {
  @Test(arguments: try transcriptDocuments())
  func everyConsoleTranscriptPrintsWhatTheDocumentSays(document: String) throws {
    let text = try String(
      contentsOf: repositoryRoot.appendingPathComponent(document), encoding: .utf8)
    let commands = consoleTranscripts(in: text, document: document)
    guard !commands.isEmpty else { return }
    let directory = try transcriptDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    for command in commands {
      let actual = try runTranscriptCommand(command.command, in: directory).map(trimmedTrailing)
      let expected = command.expected.map(trimmedTrailing)
      #expect(
        actual == expected,
        "\(command) prints:\n\(actual.joined(separator: "\n"))\n--- the document says:\n\(expected.joined(separator: "\n"))"
      )
    }
  }

  @Test func theTutorialAndTheReferencesHaveTranscripts() throws {
    for (document, atLeast) in [("docs/tutorial.md", 10), ("docs/cli.md", 5)] {
      let text = try String(
        contentsOf: repositoryRoot.appendingPathComponent(document), encoding: .utf8)
      let count = consoleTranscripts(in: text, document: document).count
      #expect(count >= atLeast, "\(document) has \(count) transcript commands")
    }
  }

  @Test(arguments: try transcriptDocuments())
  func everyTranscriptLikeBlockIsMarkedSoItRuns(document: String) throws {
    let text = try String(
      contentsOf: repositoryRoot.appendingPathComponent(document), encoding: .utf8)
    #expect(unmarkedTranscripts(in: text, document: document) == [])
  }

  @Test func theReadmeLinksToEveryPageOfDocs() throws {
    let readme = try String(
      contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
    for page in try transcriptDocuments() where page.hasPrefix("docs/") {
      #expect(readme.contains("](\(page))"), "README.md does not link to \(page)")
    }
  }

  @Test func theParserSplitsCommandsOutputsAndContinuations() {
    let text = """
      ```console
      $ echo a \\
        b
      a b
      $ true
      ```
      ```sh
      $ not run
      ```
      """
    let commands = consoleTranscripts(in: text, document: "x.md")
    #expect(commands.map(\.command) == ["echo a \\\n  b", "true"])
    #expect(commands.map(\.expected) == [["a b"], []])
    #expect(commands.map(\.line) == [2, 5])
    #expect(unmarkedTranscripts(in: text, document: "x.md") == ["x.md:8: $ not run"])
  }

  @Test func aWrongTranscriptIsCaught() throws {
    let directory = try transcriptDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let output = try runTranscriptCommand(
      "nntool predict samples/gender.nnm --input 128,63", in: directory)
    #expect(output.count == 1)
    #expect(output != ["0.5,M"])
    #expect(output.first?.hasSuffix(",F") == true)
  }
}
