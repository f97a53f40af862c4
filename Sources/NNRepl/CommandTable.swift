/// One REPL command: its name, how to call it, and its help.
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
      ]),
    CommandInfo(
      name: "grad", aliases: ["gradient"], usage: ":grad INPUT => TARGET [for PARAM]",
      summary: "the loss and dL/dθ for every weight and bias",
      details: [
        "Parameters are named w1, w2, … (weights) and b1, b2, … (biases), numbered through the",
        "network layer by layer, neuron by neuron; the tutorial's 2-2-1 network has w1…w6, b1…b3.",
        "'for w1' shows the chain-rule factors whose product is dL/dw1.",
        "Example: :grad 133 65 => F for w1",
      ]),
    CommandInfo(
      name: "train", aliases: [], usage: ":train INPUT => TARGET [times N] [lr X]",
      summary: "fine-tune on one sample (SGD); shows loss and output before → after",
      details: [
        "times N repeats the step N times (default 1); lr X sets the learning rate for this",
        "command (default: :set lr). :undo reverts it.",
        "Example: :train 133 65 => F times 10 lr 0.5",
      ]),
    CommandInfo(
      name: "add", aliases: [], usage: ":add INPUT => TARGET",
      summary: "collect a sample for :fit and :loss",
      details: ["Example: :add 160 72 => M"]),
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
      ]),
    CommandInfo(
      name: "fit", aliases: [], usage: ":fit [epochs N] [lr X] [batch N]",
      summary: "train on the collected samples, with a progress line; Ctrl-C stops",
      details: [
        "Defaults come from :set (epochs, lr, batch, loss). Stopping keeps the weights of the",
        "last finished epoch; :undo reverts the whole fit. On a colour terminal the decision map",
        "of a two-input model is redrawn as it trains (see :plot).",
      ]),
    CommandInfo(
      name: "loss", aliases: [], usage: ":loss",
      summary: "the loss on the collected samples, sample by sample",
      details: []),
    CommandInfo(
      name: "plot", aliases: [], usage: ":plot [loss | X Y]",
      summary: "the decision map with the collected samples, or the last :fit's loss curve",
      details: [
        "Draws in the terminal: colour blocks on a colour terminal, plain characters otherwise",
        "(and with NO_COLOR), as wide as the terminal. Samples show as their class's first",
        "letter, X where the model is wrong. X Y choose two inputs of a larger model; the",
        "others are held at the samples' median. Example: :plot    :plot loss",
      ]),
    CommandInfo(
      name: "draw", aliases: [], usage: ":draw PATH.svg",
      summary: "write the network as it is now as an SVG picture (as nntool draw)",
      details: ["Example: :draw net.svg"]),
    CommandInfo(
      name: "report", aliases: [], usage: ":report PATH.html",
      summary: "write an HTML report of the model as it is now (as nntool report)",
      details: [
        "With the collected samples evaluated and drawn on the decision map, and the last",
        ":fit's loss curve. Example: :report session.html",
      ]),
    CommandInfo(
      name: "set", aliases: [], usage: ":set [PARAM VALUE | SETTING VALUE]",
      summary: "change a weight or bias by name, or a setting; alone, lists the settings",
      details: [
        "Parameters: w1 … and b1 … (see :weights), or the long form L1.n2.w1 / L2.n1.b.",
        "Settings: lr (learning rate), epochs, batch, loss (mse, bce, ce),",
        "digits (decimals shown, or 'full' for every digit).",
        "Example: :set w1 0.5    :set lr 0.05",
      ]),
    CommandInfo(
      name: "weights", aliases: ["w"], usage: ":weights [LAYER]",
      summary: "every weight and bias by name (or one layer's, counting from 1)",
      details: []),
    CommandInfo(
      name: "undo", aliases: [], usage: ":undo",
      summary: "revert the last change to the parameters (train, fit, set, load)",
      details: []),
    CommandInfo(
      name: "redo", aliases: [], usage: ":redo",
      summary: "re-apply the last undone change",
      details: []),
    CommandInfo(
      name: "info", aliases: [], usage: ":info",
      summary: "the model's summary: features, layers, output, provenance",
      details: []),
    CommandInfo(
      name: "save", aliases: [], usage: ":save [PATH] [--json | --binary]",
      summary: "write the model atomically (to the file it came from by default)",
      details: [
        "The encoding follows the flag, else the extension (.json is JSON, anything else",
        "binary), else the encoding the model was read in.",
      ]),
    CommandInfo(
      name: "load", aliases: [], usage: ":load PATH",
      summary: "replace the model with one read from PATH (:undo goes back)",
      details: [
        "PATH may be an .onnx or .safetensors file: it is imported (see docs/interop.md), and",
        ":save then writes the .nnm file of the same name.",
      ]),
    CommandInfo(
      name: "export", aliases: [], usage: ":export PATH",
      summary: "write the model as ONNX or safetensors, by PATH's extension",
      details: ["Example: :export gender.onnx"]),
    CommandInfo(
      name: "help", aliases: ["h", "?"], usage: ":help [COMMAND]",
      summary: "this list, or one command's details",
      details: []),
    CommandInfo(
      name: "quit", aliases: ["q", "exit"], usage: ":quit",
      summary: "leave (asks first when there are unsaved changes); Ctrl-D too",
      details: []),
  ]

  /// The command `word` names (without its colon): an exact name or alias, or an unambiguous
  /// prefix of a name.
  static func lookup(_ word: String) throws(ReplError) -> CommandInfo {
    let word = word.lowercased()
    if let exact = all.first(where: { $0.name == word || $0.aliases.contains(word) }) {
      return exact
    }
    let matches = word.isEmpty ? [] : all.filter { $0.name.hasPrefix(word) }
    if matches.count == 1 { return matches[0] }
    if matches.count > 1 {
      let names = matches.map { ":" + $0.name }.joined(separator: ", ")
      throw ReplError("ambiguous command ':\(word)' (\(names))")
    }
    throw ReplError("unknown command ':\(word)' (:help lists the commands)")
  }
}
