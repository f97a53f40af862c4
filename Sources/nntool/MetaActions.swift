import ArgumentParser
import NNCommandLine
import NNModel

/// The actions of `nntool meta MODEL ACTION …`, parsed by argument-parser as the subcommands of
/// a command that is not itself on the command line (the model comes before the action).
struct MetaAction: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "meta",
    subcommands: [
      Show.self, Set.self, Unset.self, SetName.self, SetDescription.self,
      SetFeature.self, SetLabels.self,
    ])

  /// Each action's name and arguments, as its usage line shows them, in the order of the help.
  static let usages: KeyValuePairs = [
    "show": "[--json]", "set": "KEY VALUE", "unset": "KEY", "set-name": "NAME",
    "set-description": "TEXT", "set-feature": "N [--name NAME] [--unit UNIT]",
    "set-labels": "LABEL...",
  ]

  /// The action `words` name (`words[0]`), with its arguments parsed; errors are usage errors
  /// (status 64) that show the action's usage line.
  static func parse(_ words: [String]) throws -> any ParsableCommand {
    let verb = words[0]
    guard let usage = usages.first(where: { $0.key == verb })?.value else {
      throw ToolError.usage(
        "unknown meta action \(jsonStringLiteral(verb)) (actions: "
          + usages.map(\.key).joined(separator: ", ") + ")")
    }
    // Only show and set-feature take options: the other actions' values may start with '-'.
    let rest = Array(words.dropFirst())
    let arguments = verb == "show" || verb == "set-feature" ? rest : ["--"] + rest
    guard let parsed = try? parseAsRoot([verb] + arguments) else {
      throw ToolError.usage("usage: nntool meta MODEL \(verb) \(usage)")
    }
    return parsed
  }

  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show")
    @Flag var json = false
  }

  struct Set: MetaEdit {
    static let configuration = CommandConfiguration(commandName: "set")
    @Argument var key: String
    @Argument var value: String

    func apply(to model: inout Model, file: String) throws(ToolError) {
      guard !key.isEmpty else { throw ToolError.usage("the metadata key is empty") }
      model.metadata[key] = value
    }
  }

  struct Unset: MetaEdit {
    static let configuration = CommandConfiguration(commandName: "unset")
    @Argument var key: String

    func apply(to model: inout Model, file: String) throws(ToolError) {
      guard model.metadata.removeValue(forKey: key) != nil else {
        throw ToolError.usage("\(file): no metadata key \(jsonStringLiteral(key))")
      }
    }
  }

  struct SetName: MetaEdit {
    static let configuration = CommandConfiguration(commandName: "set-name")
    @Argument var name: String

    func apply(to model: inout Model, file: String) throws(ToolError) { model.name = name }
  }

  struct SetDescription: MetaEdit {
    static let configuration = CommandConfiguration(commandName: "set-description")
    @Argument var text: String

    func apply(to model: inout Model, file: String) throws(ToolError) { model.description = text }
  }

  struct SetFeature: MetaEdit {
    static let configuration = CommandConfiguration(commandName: "set-feature")
    @Argument var selector: String
    @Option var name: String?
    @Option var unit: String?

    func apply(to model: inout Model, file: String) throws(ToolError) {
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
      guard name != nil || unit != nil else {
        throw ToolError.usage("set-feature needs --name or --unit")
      }
      if let name { model.features[index].name = name }
      if let unit { model.features[index].unit = unit.isEmpty ? nil : unit }
    }
  }

  struct SetLabels: MetaEdit {
    static let configuration = CommandConfiguration(commandName: "set-labels")
    @Argument var labels: [String] = []

    func apply(to model: inout Model, file: String) throws(ToolError) {
      switch model.output.task {
      case .regression:
        throw ToolError.usage(
          "\(model.name ?? "the model") is a regression model; it has no labels")
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
}

/// A meta action that edits the model (every action but `show`).
protocol MetaEdit: ParsableCommand {
  func apply(to model: inout Model, file: String) throws(ToolError)
}
