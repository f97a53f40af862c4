import NNCommandLine
import NNEngine
import NNInterop
import NNModel
import NNPlot

/// What running one line did.
public enum CommandOutcome: Sendable, Equatable {
  /// The command ran (or the line was empty).
  case success
  /// The command failed; its one-line error was printed.
  case failure
  /// The user asked to leave.
  case quit
}

/// The REPL's state — the model being played with, its undo history, the collected samples and
/// the settings — and the commands that act on it.
///
/// A session knows nothing about terminals: it reads whole lines through ``execute(_:)`` and
/// writes through a ``ReplOutput``.
public final class Session {
  /// Where results and errors go.
  public let output: any ReplOutput
  /// Colour, for terminals.
  public var style: Styling
  /// The learning and display settings (`:set lr 0.05`, …).
  public var settings: Settings
  /// Asked between epochs of `:fit` and steps of `:train`; when it returns true the training
  /// stops with the weights of the last finished step.
  public var isCancelled: () -> Bool = { false }

  /// The network being played with: the source of truth for every parameter.
  var network: AnyNetwork
  /// The model's description — name, features, layer shapes and activations, output spec,
  /// metadata, provenance — as it was read. Its weights are those at load time and are never
  /// read: the parameters live in ``network`` (``model`` builds the current model when a file
  /// or picture needs it). It shares its storage with the network's copy of the model.
  var layout: Model
  /// The file the model came from or was last saved to.
  public internal(set) var modelPath: String?
  /// The encoding of ``modelPath``.
  var modelEncoding: ModelEncoding
  /// The file as last read or written (its size and format version, for `:info`).
  public internal(set) var file: LoadedModel?
  /// Changes that `:undo` reverts, oldest first.
  var undoStack: [Change] = []
  /// Changes that `:redo` re-applies, most recently undone last.
  var redoStack: [Change] = []
  /// Identifies the current parameters; every change gets a new revision.
  var revision = 0
  /// The revision last read from or written to ``modelPath``.
  var savedRevision = 0
  /// The next revision number to hand out.
  var nextRevision = 1
  /// What `:load` assumes for ONNX and safetensors files that do not say it.
  public var importOptions = ImportOptions()
  /// The samples collected by `:add`.
  public internal(set) var samples: [Sample] = []
  /// The loss after each epoch of the last `:fit` (for `:plot loss`).
  public internal(set) var lastFitLosses: [Double] = []
  /// How `:plot` colours its pictures: plain characters unless the front end says the
  /// output is a colour terminal.
  public var pictureColors: TerminalColors = .plain
  /// The terminal's width in columns, asked at each `:plot` so pictures follow a resize.
  public var terminalWidth: () -> Int = { 80 }

  /// At most this many changes are kept for `:undo`.
  public static let undoLimit = 200

  /// The largest `epochs`, `times` or `batch` accepted: training keeps one loss per epoch, so a
  /// typed number must not ask for more memory than a small network's session justifies.
  public static let maximumRepeats = 1_000_000

  /// Creates a session on `model`, read from `path` (if any) in `encoding`.
  public init(
    model: Model, path: String? = nil, encoding: ModelEncoding = .binary,
    output: any ReplOutput, style: Styling = .plain
  ) throws(ReplError) {
    self.network = try Self.network(for: model)
    self.layout = model
    self.modelPath = path
    self.modelEncoding = encoding
    self.output = output
    self.style = style
    self.settings = Settings(model: model)
  }

  /// Creates a session on a model read from a file.
  public convenience init(
    loaded: LoadedModel, output: any ReplOutput, style: Styling = .plain
  ) throws(ReplError) {
    try self.init(
      model: loaded.model, path: loaded.path, encoding: loaded.encoding, output: output,
      style: style)
    file = loaded
  }

  /// Reads the model file at `path` (binary or JSON, detected from its content); the error is
  /// one line naming the file and the place in it.
  public static func read(_ path: String) throws(ReplError) -> LoadedModel {
    do {
      return try ModelFiles.read(path: path)
    } catch {
      throw ReplError(error.message)
    }
  }

  /// The model with its current parameters, built from the network on each access (it copies
  /// every parameter): for saving, exporting and drawing, not for each typed line.
  public var model: Model { network.model }

  /// Whether the parameters differ from what was last loaded or saved.
  public var hasUnsavedChanges: Bool { revision != savedRevision }

  /// The prompt for the next line: the model's name (else its file's name without the
  /// extension, else `nnrepl`), then `*` when there are unsaved changes.
  public var prompt: String {
    let fileName = modelPath.map { path in
      let base = FileAccess.fileName(of: path)
      return base.firstIndex(of: ".").map { String(base[..<$0]) } ?? base
    }
    let name = [layout.name, fileName].compactMap { $0 }.first { !$0.isEmpty } ?? "nnrepl"
    return "\(escapedForTerminal(name))\(hasUnsavedChanges ? "*" : "")> "
  }

  /// Runs one line: a bare input, or a `:command`. Blank lines and `#` comments do nothing.
  @discardableResult
  public func execute(_ line: String) -> CommandOutcome {
    guard let split = ParsedLine.splitCommand(Substring(line)) else { return .success }
    do {
      return try dispatch(split)
    } catch {
      // Messages quote what the user typed and the model file's names: keep them one line,
      // with no control characters that could repaint the terminal.
      output.printError(
        style.red("error:") + " " + escapedForTerminal(error.message, keepingBackslashes: true))
      return .failure
    }
  }

  /// The one-line warning for leaving with unsaved changes, or nil when there are none.
  public var unsavedChangesWarning: String? {
    guard hasUnsavedChanges else { return nil }
    let target = modelPath.map { " to \(escapedForTerminal($0))" } ?? ""
    return "the model has unsaved changes\(target) (:save keeps them)"
  }

  private func dispatch(_ line: (name: Substring?, rest: Substring)) throws(ReplError)
    -> CommandOutcome
  {
    guard let name = line.name else {
      try query(Tokenizer.words(line.rest))
      return .success
    }
    let command = try CommandTable.lookup(String(name))
    try command.perform(self, CommandCall(words: Tokenizer.words(line.rest), rest: line.rest))
    return command.outcome
  }

  func noArguments(_ words: [String], command: String) throws(ReplError) {
    if let first = words.first {
      throw ReplError(":\(command) takes no arguments (got '\(first)')")
    }
  }

  /// The network of `model`, or the one-line reason it cannot run.
  static func network(for model: Model) throws(ReplError) -> AnyNetwork {
    do {
      return try AnyNetwork(model: model)
    } catch {
      throw ReplError("cannot run this model: \(error)")
    }
  }

  /// Formats a computed number with the current settings.
  func number(_ value: Double) -> String {
    NumberFormatting.decimals(value, places: settings.decimals)
  }

  /// Formats a typed number with the current settings.
  func compact(_ value: Double) -> String {
    NumberFormatting.typed(value, places: settings.decimals)
  }
}

/// One sample collected by `:add`.
public struct Sample: Sendable, Equatable {
  /// Raw input values, in feature order.
  public var inputs: [Double]
  /// Target values, one per output.
  public var target: [Double]
}
