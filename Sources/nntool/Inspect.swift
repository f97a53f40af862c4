import ArgumentParser
import NNCommandLine
import NNModel

/// `nntool inspect MODEL`.
struct Inspect: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inspect",
    abstract: "Show a model's architecture, features, labels, provenance and integrity.",
    discussion: """
      Prints the layers as a table (inputs, units, activation, parameters) with totals, the \
      element type, each feature with its unit and normalization, the output labels, how the \
      model was trained (data file and SHA-256, loss, optimizer, seed, epochs, the loss \
      history as a sparkline), the metadata, the file's format version and encoding, and \
      whether its checksums and structure are valid.

      Examples:
        nntool inspect gender.nnm
        nntool inspect gender.nnm --weights
        nntool inspect gender.nnm --json | python3 -m json.tool
      """
  )

  @Argument(help: "The model file (.nnm, binary or JSON).")
  var model: String

  @Flag(help: "Also print every weight and bias, named w1, w2, … and b1, b2, … as in the tutorial.")
  var weights = false

  @OptionGroup var output: OutputOptions

  func run() throws {
    let loaded = try ModelFiles.read(path: model)
    let summary = ModelSummary(loaded: loaded)
    if output.json {
      printJSON(summary.json)
    } else {
      StandardStream.out(
        summary.text(weights: weights, digits: output.digits, terminal: Terminal.current))
    }
  }
}
