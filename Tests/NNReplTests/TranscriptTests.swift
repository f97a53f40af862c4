import Glibc
import NNModel
import Testing

@testable import NNRepl

/// Records results and errors in the order they were printed, as a terminal shows them.
private final class TranscriptOutput: ReplOutput {
  var lines: [String] = []
  func printLine(_ line: String) { lines.append(line) }
  func printError(_ line: String) { lines.append(line) }
  func progress(_ line: String?) {}
}

/// The repository's root, found from this file's path.
private let repositoryRoot: String = {
  var path = #filePath
  for _ in 0..<3 { path = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]) }
  return path
}()

private func readText(_ path: String) -> String? {
  guard let file = fopen(path, "r") else { return nil }
  defer { fclose(file) }
  var bytes: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: 65536)
  while true {
    let count = fread(&buffer, 1, buffer.count, file)
    if count <= 0 { break }
    bytes += buffer.prefix(count)
  }
  return String(decoding: bytes, as: UTF8.self)
}

/// A fenced block in a document that follows `<!-- transcript: MODEL -->`.
private struct Transcript {
  var model: String
  var lines: [String]
}

private func transcripts(in document: String) -> [Transcript] {
  var found: [Transcript] = []
  var model: String?
  var block: [String]?
  for line in document.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
    if var current = block {
      if line.hasPrefix("```") {
        found.append(Transcript(model: model ?? "", lines: current))
        block = nil
        model = nil
      } else {
        current.append(line)
        block = current
      }
    } else if line.hasPrefix("<!-- transcript: "), line.hasSuffix(" -->") {
      model = String(line.dropFirst("<!-- transcript: ".count).dropLast(" -->".count))
    } else if model != nil, line.hasPrefix("```") {
      block = []
    }
  }
  return found
}

/// Runs the commands of a transcript (the lines that start with the session's prompt) and
/// returns the transcript the REPL really prints.
private func replay(_ transcript: Transcript) throws -> [String] {
  var loaded = try Session.read(repositoryRoot + "/" + transcript.model)
  loaded.path = transcript.model  // as typed in the transcript, from the repository's root
  let output = TranscriptOutput()
  let session = try Session(loaded: loaded, output: output)
  var actual: [String] = []
  for line in transcript.lines {
    guard let command = commandText(line) else { continue }
    actual.append(session.prompt + command)
    output.lines = []
    if session.execute(command) == .quit { break }
    actual += output.lines
  }
  return actual
}

/// The command typed on a transcript line, when the line starts with a prompt.
private func commandText(_ line: String) -> String? {
  guard let marker = line.firstRange(of: "> "),
    !line[..<marker.lowerBound].contains(" "), !line[..<marker.lowerBound].isEmpty
  else { return nil }
  return String(line[marker.upperBound...])
}

/// The pages of docs/ (`docs/NAME.md`), where REPL transcripts may appear.
private func documentationPages() -> [String] {
  guard let directory = opendir(repositoryRoot + "/docs") else { return [] }
  defer { closedir(directory) }
  var pages: [String] = []
  while let entry = readdir(directory) {
    let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
      String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }
    if name.hasSuffix(".md") { pages.append("docs/" + name) }
  }
  return pages.sorted()
}

@Suite struct TranscriptTests {
  @Test func theReferenceTranscriptIsWhatTheReplPrints() throws {
    let document = try #require(readText(repositoryRoot + "/docs/repl.md"))
    #expect(!transcripts(in: document).isEmpty)
  }

  /// Every REPL session in the documentation (docs/repl.md, docs/tutorial.md, …).
  @Test(arguments: documentationPages())
  func everyDocumentedSessionIsWhatTheReplPrints(page: String) throws {
    let document = try #require(readText(repositoryRoot + "/" + page))
    for block in transcripts(in: document) {
      let actual = try replay(block)
      #expect(
        actual == block.lines,
        "\(page) differs; the REPL prints:\n\(actual.joined(separator: "\n"))")
    }
  }

  @Test func theTutorialHasSessions() throws {
    let document = try #require(readText(repositoryRoot + "/docs/tutorial.md"))
    #expect(transcripts(in: document).count >= 3)
  }

  @Test func everyCommandIsDocumented() throws {
    let document = try #require(readText(repositoryRoot + "/docs/repl.md"))
    for command in CommandTable.all {
      // Inside a Markdown table a `|` is written `\|`.
      let inTable = command.usage.replacing("|", with: "\\|")
      #expect(
        document.contains("`\(command.usage)`") || document.contains("`\(inTable)`"),
        "\(command.usage) is not in docs/repl.md")
    }
  }
}
