import ArgumentParser
import NNCommandLine
import NNInterop
import NNModel

/// The options that complete what an imported file lacks (`nntool import` and
/// `nnrepl` take the same).
public struct ImportArguments: ParsableArguments {
  /// No options given.
  public init() {}

  @Option(help: ArgumentHelp("Feature names, in input order.", valueName: "a,b,…"))
  var features: String?

  @Option(help: ArgumentHelp("Feature units, in input order (empty for none).", valueName: "u,v,…"))
  var units: String?

  @Option(
    help: ArgumentHelp(
      "Class labels: negative,positive for binary; one per output for multiclass.",
      valueName: "x,y,…"))
  var labels: String?

  @Option(help: ArgumentHelp("The task (default: from the output layer).", valueName: "task"))
  var task: TargetKind?

  @Option(help: ArgumentHelp("A binary classifier's threshold (default 0.5).", valueName: "t"))
  var threshold: Double?

  @Option(
    help: ArgumentHelp(
      "Hidden layers' activation, for safetensors without nnkit metadata (default sigmoid).",
      valueName: "name"))
  var activation: Activation?

  @Option(
    help: ArgumentHelp(
      "Output layer's activation, for safetensors without nnkit metadata (default from --task).",
      valueName: "name"))
  var outputActivation: Activation?

  /// The options, checked: a usage error names the option and the value.
  public func resolve() throws(ToolError) -> ImportOptions {
    try ImportOptions.parse(
      features: features, units: units, labels: labels, task: task?.rawValue,
      threshold: threshold, activation: activation?.rawValue,
      outputActivation: outputActivation?.rawValue)
  }
}
