import NNCommandLine
import NNEngine
import NNModel

extension Session {
  /// `:save [PATH] [--json | --binary]`: writes the model atomically.
  func save(_ rest: Substring) throws(ReplError) {
    var words = rest.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    var encoding: ModelEncoding?
    words.removeAll { word in
      switch word {
      case "--json":
        encoding = .json
        return true
      case "--binary":
        encoding = .binary
        return true
      default:
        return false
      }
    }
    if let flag = words.first(where: { $0.hasPrefix("--") }) {
      throw ReplError("unknown option '\(flag)' (--json, --binary)")
    }
    guard words.count <= 1 else {
      throw ReplError(":save takes one path (quote nothing; spaces are not allowed in it)")
    }
    guard let path = words.first ?? modelPath else {
      throw ReplError("no file to save to: :save PATH")
    }
    let chosen =
      encoding ?? (words.first.map { ModelFiles.encoding(forPath: $0) } ?? modelEncoding)
    do {
      try ModelFiles.write(model, to: path, encoding: chosen)
    } catch {
      throw ReplError(error.message)
    }
    modelPath = path
    modelEncoding = chosen
    file = try? Self.read(path)
    savedRevision = revision
    output.printLine(
      "saved \(path) (\(chosen.rawValue), \(model.parameterCount) parameters)")
  }

  /// `:load PATH`: replaces the model; `:undo` goes back to the previous one.
  func load(_ rest: Substring) throws(ReplError) {
    let words = rest.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    guard words.count == 1 else { throw ReplError(":load needs one path") }
    let opened = try Self.open(words[0], options: importOptions)
    let loaded = opened.model
    let encoding = opened.encoding
    let replacement = try Self.network(for: loaded)
    let before = openedState()
    let hadChanges = hasUnsavedChanges
    network = replacement
    layout = loaded
    modelPath = opened.savePath
    modelEncoding = encoding
    file = opened.loaded
    settings = Settings(model: loaded, keeping: settings)
    recordLoad(":load \(words[0])", before: before)
    for note in opened.notes { output.printLine("note: \(note)") }
    let how = opened.loaded == nil ? "imported" : "loaded"
    let format = opened.loaded == nil ? "saves to \(opened.savePath)" : encoding.rawValue
    output.printLine(
      "\(how) \(words[0]) (\(format)): \(architecture)"
        + (hadChanges ? "; :undo returns to the previous model and its unsaved changes" : ""))
    if !samples.isEmpty, let first = samples.first,
      first.inputs.count != loaded.inputCount || first.target.count != loaded.outputCount
    {
      samples = []
      output.printLine("the collected samples do not fit this model and were forgotten")
    }
  }

  /// `2 → 2 sigmoid → 1 sigmoid`.
  var architecture: String {
    ([String(layout.inputCount)] + layout.layers.map { "\($0.units) \($0.activation.rawValue)" })
      .joined(separator: " → ")
  }

  /// `:info`: the model's summary as `nntool inspect` prints it (with the current parameters;
  /// a model not saved yet says so instead of giving file facts), then the session's state.
  func info(_ words: [String]) throws(ReplError) {
    try noArguments(words, command: "info")
    var summary =
      file.map(ModelSummary.init(loaded:))
      ?? ModelSummary(unsaved: model, name: modelPath ?? "nnrepl")
    summary.loaded.model = model
    let terminal = Terminal(
      stdoutIsTerminal: style.isEnabled, stderrIsTerminal: false,
      plainRequested: !style.isEnabled, width: 100)
    let text = summary.text(
      weights: false, digits: NumberFormatting.defaultSignificantDigits, terminal: terminal)
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
      output.printLine(String(line))
    }
    output.printLine("")
    output.printLine("session: \(sessionState)")
  }

  /// `unsaved changes, 4 samples, 2 undoable changes`.
  var sessionState: String {
    var parts: [String] = []
    if hasUnsavedChanges {
      parts.append("unsaved changes" + (modelPath.map { " to \($0)" } ?? ""))
    }
    parts.append("\(samples.count) sample\(samples.count == 1 ? "" : "s")")
    parts.append("\(undoStack.count) undoable change\(undoStack.count == 1 ? "" : "s")")
    return parts.joined(separator: ", ")
  }
}
extension Settings {
  /// The defaults for `model`, keeping the learning and display choices of `settings`.
  init(model: Model, keeping settings: Settings) {
    self.init(model: model)
    learningRate = settings.learningRate
    epochs = settings.epochs
    batchSize = settings.batchSize
    decimals = settings.decimals
  }
}
