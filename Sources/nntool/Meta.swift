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
    let words = action.isEmpty || action[0] == "--json" ? ["show"] + action : action
    let edit = try MetaAction.parse(words)
    guard let edit = edit as? any MetaEdit else {
      show(loaded.model, json: (edit as? MetaAction.Show)?.json ?? false)
      return
    }
    var edited = loaded.model
    try edit.apply(to: &edited, file: model)
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
    // Everything but the row names comes from the file: escaped in full.
    let shown = { (text: String) in escapedForTerminal(text) }
    var table = TextTable(header: [])
    table.append(["name", shown(model.name ?? "")])
    table.append(["description", shown(model.description ?? "")])
    for (index, feature) in model.features.enumerated() {
      table.append([
        "feature \(index + 1)",
        shown(feature.name) + (feature.unit.map { " [\(shown($0))]" } ?? ""),
      ])
    }
    table.append(["output", ModelDescription.task(model.output.task)])
    for (key, value) in ModelDescription.sortedMetadata(model.metadata) {
      table.append(["metadata." + shown(key), shown(value)])
    }
    StandardStream.out(table.render())
  }
}
