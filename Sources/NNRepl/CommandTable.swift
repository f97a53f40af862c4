/// One REPL command: its name, how to call it, its help, and what runs it.
public struct CommandInfo: Sendable {
  /// The name without the colon, such as `"trace"`.
  public var name: String
  /// Other names it answers to, such as `["q", "exit"]`.
  public var aliases: [String]
  /// The call syntax, such as `":trace INPUT [--weights]"`.
  public var usage: String
  /// One line for `:help`.
  public var summary: String
  /// Further lines for `:help COMMAND`.
  public var details: [String]
  /// What Tab offers after the command.
  public var completes: ArgumentCompletion
  /// What the command accepts when it takes a sample (`=> TARGET`, keywords, flags).
  var sample: SampleRule?
  /// What running it means for the session (``CommandOutcome/quit`` for `:quit`).
  var outcome: CommandOutcome
  /// Runs the command on a session.
  var perform: @Sendable (Session, CommandCall) throws(ReplError) -> Void

  init(
    name: String, aliases: [String], usage: String, summary: String, details: [String],
    completes: ArgumentCompletion, sample: SampleRule? = nil, outcome: CommandOutcome = .success,
    perform: @escaping @Sendable (Session, CommandCall) throws(ReplError) -> Void
  ) {
    self.name = name
    self.aliases = aliases
    self.usage = usage
    self.summary = summary
    self.details = details
    self.completes = completes
    self.sample = sample
    self.outcome = outcome
    self.perform = perform
  }
}

/// What Tab completion offers after a command.
public enum ArgumentCompletion: Sendable {
  /// Parameter and setting names, `feature=`, labels and keywords.
  case words
  /// Parameter and setting names (`:set`).
  case settable
  /// Command names (`:help`).
  case commands
  /// File names (readline's own completion).
  case paths
}

/// A command's arguments: the words, and the text after the name as typed (`:save` and `:load`
/// read it whole).
struct CommandCall {
  var words: [String]
  var rest: Substring
}

/// Every command the REPL knows, in the order `:help` lists them.
public enum CommandTable {
  /// All commands.
  public static let all: [CommandInfo] = [
    CommandInfo(
      name: "trace", aliases: [], usage: ":trace INPUT [--weights]",
      summary: "every layer and neuron: weighted sum z, activation a, and a bar for a",
      details: [
        "--weights also shows each neuron's incoming weights and bias, by name.",
        "Example: :trace 128 63 --weights",
      ],
      completes: .words, sample: .trace,
      perform: { (session, call) throws(ReplError) in try session.trace(call.words) }),
    CommandInfo(
      name: "grad", aliases: ["gradient"], usage: ":grad INPUT => TARGET [for PARAM]",
      summary: "the loss and dL/dθ for every weight and bias",
      details: [
        "Parameters are named w1, w2, … (weights) and b1, b2, … (biases), numbered through the",
        "network layer by layer, neuron by neuron; the tutorial's 2-2-1 network has w1…w6, b1…b3.",
        "'for w1' shows the chain-rule factors whose product is dL/dw1.",
        "Example: :grad 133 65 => F for w1",
      ],
      completes: .words, sample: .grad,
      perform: { (session, call) throws(ReplError) in try session.grad(call.words) }),
    CommandInfo(
      name: "train", aliases: [], usage: ":train INPUT => TARGET [times N] [lr X]",
      summary: "fine-tune on one sample (SGD); shows loss and output before → after",
      details: [
        "times N repeats the step N times (default 1); lr X sets the learning rate for this",
        "command (default: :set lr). :undo reverts it.",
        "Example: :train 133 65 => F times 10 lr 0.5",
      ],
      completes: .words, sample: .train,
      perform: { (session, call) throws(ReplError) in try session.train(call.words) }),
    CommandInfo(
      name: "add", aliases: [], usage: ":add INPUT => TARGET",
      summary: "collect a sample for :fit and :loss",
      details: ["Example: :add 160 72 => M"],
      completes: .words, sample: .add,
      perform: { (session, call) throws(ReplError) in try session.add(call.words) }),
    CommandInfo(
      name: "data", aliases: [],
      usage: ":data [clear | drop N | load FILE [target COLUMN] [delimiter ;]]",
      summary: "list the collected samples; forget them or one; add a CSV file's rows",
      details: [
        "load reads a CSV file with a header: the inputs from the columns named like the",
        "model's features, the target from COLUMN (default: the model's target metadata or",
        "its single output name); labels are the model's labels. delimiter ; (or tab, |)",
        "reads other separators; a .tsv file is tab-separated by default.",
        "Example: :data load samples/gender.csv target gender",
      ],
      completes: .words,
      perform: { (session, call) throws(ReplError) in try session.data(call.words) }),
    CommandInfo(
      name: "fit", aliases: [], usage: ":fit [epochs N] [lr X] [batch N]",
      summary: "train on the collected samples, with a progress line; Ctrl-C stops",
      details: [
        "Defaults come from :set (epochs, lr, batch, loss). Stopping keeps the weights of the",
        "last finished epoch; :undo reverts the whole fit. On a colour terminal the decision map",
        "of a two-input model is redrawn as it trains (see :plot).",
      ],
      completes: .words,
      perform: { (session, call) throws(ReplError) in try session.fit(call.words) }),
    CommandInfo(
      name: "loss", aliases: [], usage: ":loss",
      summary: "the loss on the collected samples, sample by sample",
      details: [],
      completes: .words,
      perform: { (session, call) throws(ReplError) in try session.loss(call.words) }),
    CommandInfo(
      name: "plot", aliases: [], usage: ":plot [loss | X Y]",
      summary: "the decision map with the collected samples, or the last :fit's loss curve",
      details: [
        "Draws in the terminal: colour blocks on a colour terminal, plain characters otherwise",
        "(and with NO_COLOR), as wide as the terminal. Samples show as their class's first",
        "letter, X where the model is wrong. X Y choose two inputs of a larger model; the",
        "others are held at the samples' median. Example: :plot    :plot loss",
      ],
      completes: .words,
      perform: { (session, call) throws(ReplError) in try session.plot(call.words) }),
    CommandInfo(
      name: "draw", aliases: [], usage: ":draw PATH.svg",
      summary: "write the network as it is now as an SVG picture (as nntool draw)",
      details: ["Example: :draw net.svg"],
      completes: .paths,
      perform: { (session, call) throws(ReplError) in try session.draw(call.words) }),
    CommandInfo(
      name: "report", aliases: [], usage: ":report PATH.html",
      summary: "write an HTML report of the model as it is now (as nntool report)",
      details: [
        "With the collected samples evaluated and drawn on the decision map, and the last",
        ":fit's loss curve. Example: :report session.html",
      ],
      completes: .paths,
      perform: { (session, call) throws(ReplError) in try session.report(call.words) }),
    CommandInfo(
      name: "set", aliases: [], usage: ":set [PARAM VALUE | SETTING VALUE]",
      summary: "change a weight or bias by name, or a setting; alone, lists the settings",
      details: [
        "Parameters: w1 … and b1 … (see :weights), or the long form L1.n2.w1 / L2.n1.b.",
        "Settings: lr (learning rate), epochs, batch, loss (mse, bce, ce),",
        "digits (decimals shown, or 'full' for every digit).",
        "Example: :set w1 0.5    :set lr 0.05",
      ],
      completes: .settable,
      perform: { (session, call) throws(ReplError) in try session.set(call.words) }),
    CommandInfo(
      name: "weights", aliases: ["w"], usage: ":weights [LAYER]",
      summary: "every weight and bias by name (or one layer's, counting from 1)",
      details: [],
      completes: .words,
      perform: { (session, call) throws(ReplError) in try session.weights(call.words) }),
    CommandInfo(
      name: "undo", aliases: [], usage: ":undo",
      summary: "revert the last change to the parameters (train, fit, set, load)",
      details: [],
      completes: .words,
      perform: { (session, call) throws(ReplError) in try session.undo(call.words) }),
    CommandInfo(
      name: "redo", aliases: [], usage: ":redo",
      summary: "re-apply the last undone change",
      details: [],
      completes: .words,
      perform: { (session, call) throws(ReplError) in try session.redo(call.words) }),
    CommandInfo(
      name: "info", aliases: [], usage: ":info",
      summary: "the model's summary: features, layers, output, provenance",
      details: [],
      completes: .words,
      perform: { (session, call) throws(ReplError) in try session.info(call.words) }),
    CommandInfo(
      name: "save", aliases: [], usage: ":save [PATH] [--json | --binary]",
      summary: "write the model atomically (to the file it came from by default)",
      details: [
        "The encoding follows the flag, else the extension (.json is JSON, anything else",
        "binary), else the encoding the model was read in.",
      ],
      completes: .paths,
      perform: { (session, call) throws(ReplError) in try session.save(call.rest) }),
    CommandInfo(
      name: "load", aliases: [], usage: ":load PATH",
      summary: "replace the model with one read from PATH (:undo goes back)",
      details: [
        "PATH may be an .onnx or .safetensors file: it is imported (see docs/interop.md), and",
        ":save then writes the .nnm file of the same name.",
      ],
      completes: .paths,
      perform: { (session, call) throws(ReplError) in try session.load(call.rest) }),
    CommandInfo(
      name: "export", aliases: [], usage: ":export PATH",
      summary: "write the model as ONNX or safetensors, by PATH's extension",
      details: ["Example: :export gender.onnx"],
      completes: .paths,
      perform: { (session, call) throws(ReplError) in try session.export(call.words) }),
    CommandInfo(
      name: "help", aliases: ["h", "?"], usage: ":help [COMMAND]",
      summary: "this list, or one command's details",
      details: [],
      completes: .commands,
      perform: { (session, call) throws(ReplError) in try session.help(call.words) }),
    CommandInfo(
      name: "quit", aliases: ["q", "exit"], usage: ":quit",
      summary: "leave (asks first when there are unsaved changes); Ctrl-D too",
      details: [],
      completes: .words, outcome: .quit,
      perform: { (session, call) throws(ReplError) in
        try session.noArguments(call.words, command: "quit")
      }),
  ]

  /// The commands `word` (without its colon, any case) may stand for: the one whose name or
  /// alias it is, else every command whose name starts with it. Running a line and Tab
  /// completion both ask this, so a prefix completes to one command exactly when it runs it.
  public static func candidates(_ word: String) -> [CommandInfo] {
    let word = word.lowercased()
    if let exact = all.first(where: { $0.name == word || $0.aliases.contains(word) }) {
      return [exact]
    }
    return word.isEmpty ? [] : all.filter { $0.name.hasPrefix(word) }
  }

  /// What Tab completes `typed` to at the start of a line: `:name` of every command
  /// ``candidates(_:)`` gives for `:prefix`.
  public static func completions(ofCommand typed: String) -> [String] {
    guard typed.hasPrefix(":") else { return [] }
    return candidates(String(typed.dropFirst())).map { ":" + $0.name }
  }

  /// What Tab offers after the first word of `line`, or nil when that word is not a command
  /// (or not one command): the same lookup that runs the line.
  public static func argumentCompletion(inLine line: String) -> ArgumentCompletion? {
    guard let first = line.split(separator: " ", maxSplits: 1).first, first.hasPrefix(":")
    else { return nil }
    let matches = candidates(String(first.dropFirst()))
    return matches.count == 1 ? matches[0].completes : nil
  }

  /// The command `word` names (without its colon): an exact name or alias, or an unambiguous
  /// prefix of a name.
  static func lookup(_ word: String) throws(ReplError) -> CommandInfo {
    let matches = candidates(word)
    if matches.count == 1 { return matches[0] }
    if matches.count > 1 {
      let names = matches.map { ":" + $0.name }.joined(separator: ", ")
      throw ReplError("ambiguous command ':\(word.lowercased())' (\(names))")
    }
    throw ReplError("unknown command ':\(word.lowercased())' (:help lists the commands)")
  }
}
