import ArgumentParser
import NNCommandLine
import NNModel

/// `nntool meta MODEL [ACTION …]`.
struct Meta: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "meta",
    abstract: "Show or edit a model's metadata, names and labels in place, without retraining.",
    discussion: """
      Actions (after MODEL):
        (none) | show [--json]          print name, description, features, labels, metadata
        set KEY VALUE                   set a metadata entry
        unset KEY                       remove a metadata entry
        set-name NAME                   set the model's name
        set-description TEXT            set the model's description
        set-feature N [--name NAME] [--unit UNIT]
                                        rename input N (1-based, or its current name), set its unit
        set-labels LABEL...             rename the output classes (binary: NEGATIVE POSITIVE)
      An edit rewrites the file atomically in its own encoding, checksums recomputed; the \
      parameters are untouched.

      Examples:
        nntool meta gender.nnm set owner "data team"
        nntool meta gender.nnm set-feature 1 --name weight --unit lb
        nntool meta gender.nnm set-labels male female
        nntool meta gender.nnm --json
      """
  )

  @Argument(help: "The model file.")
  var model: String

  @Argument(
    parsing: .captureForPassthrough,
    help: ArgumentHelp("The action and its arguments.", valueName: "action"))
  var action: [String] = []

  func run() throws {
    let loaded = try ModelFiles.read(path: model)
    var words = action
    let verb = words.isEmpty || words[0] == "--json" ? "show" : words.removeFirst()
    var edited = loaded.model
    switch verb {
    case "show":
      let json = words.contains("--json")
      guard words.allSatisfy({ $0 == "--json" }) else {
        throw ToolError.usage(
          "meta show takes only --json, not \(jsonStringLiteral(words.first { $0 != "--json" }!))"
        )
      }
      show(loaded.model, json: json)
      return
    case "set":
      guard words.count == 2 else {
        throw ToolError.usage("usage: nntool meta MODEL set KEY VALUE")
      }
      guard !words[0].isEmpty else { throw ToolError.usage("the metadata key is empty") }
      edited.metadata[words[0]] = words[1]
    case "unset":
      guard words.count == 1 else { throw ToolError.usage("usage: nntool meta MODEL unset KEY") }
      guard edited.metadata.removeValue(forKey: words[0]) != nil else {
        throw ToolError.usage("\(model): no metadata key \(jsonStringLiteral(words[0]))")
      }
    case "set-name":
      guard words.count == 1 else {
        throw ToolError.usage("usage: nntool meta MODEL set-name NAME")
      }
      edited.name = words[0]
    case "set-description":
      guard words.count == 1 else {
        throw ToolError.usage("usage: nntool meta MODEL set-description TEXT")
      }
      edited.description = words[0]
    case "set-feature":
      try setFeature(&edited, words)
    case "set-labels":
      try setLabels(&edited, words)
    default:
      throw ToolError.usage(
        "unknown meta action \(jsonStringLiteral(verb)) (actions: show, set, unset, set-name, "
          + "set-description, set-feature, set-labels)")
    }
    try ModelFiles.checkValid(edited, path: model)
    try ModelFiles.write(edited, to: model, encoding: loaded.encoding)
  }

  private func show(_ model: Model, json: Bool) {
    if json {
      printJSON(
        .object([
          ("name", .optional(model.name)), ("description", .optional(model.description)),
          ("features", .array(model.features.map(ModelDescription.json))),
          ("output", ModelDescription.json(model.output)),
          ("metadata", ModelDescription.json(metadata: model.metadata)),
        ]))
      return
    }
    var table = TextTable(header: [])
    table.append(["name", model.name ?? ""])
    table.append(["description", model.description ?? ""])
    for (index, feature) in model.features.enumerated() {
      table.append(["feature \(index + 1)", feature.name + (feature.unit.map { " [\($0)]" } ?? "")])
    }
    table.append(["output", ModelDescription.task(model.output.task)])
    for (key, value) in ModelDescription.sortedMetadata(model.metadata) {
      table.append(["metadata." + key, value])
    }
    StandardStream.out(table.render())
  }

  private func setFeature(_ model: inout Model, _ words: [String]) throws(ToolError) {
    guard let selector = words.first else {
      throw ToolError.usage("usage: nntool meta MODEL set-feature N [--name NAME] [--unit UNIT]")
    }
    let index: Int
    if let number = Int(selector), (1...model.features.count).contains(number) {
      index = number - 1
    } else if let found = model.features.firstIndex(where: { $0.name == selector }) {
      index = found
    } else {
      throw ToolError.usage(
        "no input \(jsonStringLiteral(selector)): the model has \(model.features.count) "
          + "(\(ModelDataBinding.featureList(model)))")
    }
    var rest = words.dropFirst()
    var changed = false
    while let option = rest.popFirst() {
      guard let value = rest.popFirst() else {
        throw ToolError.usage("\(option) needs a value")
      }
      switch option {
      case "--name": model.features[index].name = value
      case "--unit": model.features[index].unit = value.isEmpty ? nil : value
      default:
        throw ToolError.usage(
          "set-feature takes --name and --unit, not \(jsonStringLiteral(option))")
      }
      changed = true
    }
    guard changed else { throw ToolError.usage("set-feature needs --name or --unit") }
  }

  private func setLabels(_ model: inout Model, _ labels: [String]) throws(ToolError) {
    switch model.output.task {
    case .regression:
      throw ToolError.usage("\(model.name ?? "the model") is a regression model; it has no labels")
    case .binary(let threshold, _, _):
      guard labels.count == 2 else {
        throw ToolError.usage(
          "a binary model takes two labels, NEGATIVE POSITIVE; got \(labels.count)")
      }
      model.output.task = .binary(threshold: threshold, negative: labels[0], positive: labels[1])
    case .multiclass(let old):
      guard labels.count == old.count else {
        throw ToolError.usage("the model has \(old.count) classes; got \(labels.count) labels")
      }
      model.output.task = .multiclass(labels: labels)
      if model.output.names == old { model.output.names = labels }
    }
  }
}
