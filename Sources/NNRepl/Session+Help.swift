import NNModel

extension Session {
  /// `:help [COMMAND]`.
  func help(_ words: [String]) throws(ReplError) {
    if let word = words.first {
      let command = try CommandTable.lookup(word.hasPrefix(":") ? String(word.dropFirst()) : word)
      output.printLine(style.bold(command.usage))
      output.printLine("  " + command.summary)
      for line in command.details { output.printLine("  " + line) }
      if !command.aliases.isEmpty {
        output.printLine("  Also: " + command.aliases.map { ":" + $0 }.joined(separator: ", "))
      }
      return
    }
    let features = layout.features.map(\.name).joined(separator: " ")
    output.printLine("Type an input to run the network: values in the model's raw units,")
    output.printLine("in the order \(features), or by name (\(exampleNamedInput)).")
    output.printLine("A TARGET is the output value(s)\(labelsHint). Commands:")
    let width = CommandTable.all.map(\.name.count).max() ?? 0
    for command in CommandTable.all {
      output.printLine("  :" + pad(command.name, width) + "  " + command.summary)
    }
    output.printLine("Commands may be shortened (:gr is :grad). :help COMMAND shows its syntax.")
  }

  private var exampleNamedInput: String {
    layout.features.prefix(3).map { "\($0.name)=…" }.joined(separator: " ")
  }

  private var labelsHint: String {
    let labels = layout.output.task.labels
    return labels.isEmpty ? "" : " or a label: \(labels.joined(separator: ", "))"
  }

  /// The names `:set` takes: parameters, then settings.
  public var settableNames: [String] { naming.allNames + Settings.names }

  /// The words Tab completes: commands, parameter and setting names, `feature=`, labels and
  /// keywords.
  public var completionWords: [String] {
    var words = CommandTable.all.map { ":" + $0.name }
    words += naming.allNames
    words += Settings.names
    words += layout.features.map { $0.name + "=" }
    words += layout.output.task.labels
    words += [
      "--weights", "--json", "--binary", "times", "for", "epochs", "batch", "clear", "drop", "load",
      "target",
    ]
    return words
  }
}
