import ArgumentParser
import NNCommandLine
import NNModel

/// `nntool predict MODEL (--input VALUES | --data FILE | -)`.
struct Predict: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "predict",
    abstract: "Run a model on raw feature values and print its outputs and label.",
    discussion: """
      Values are raw, in the features' units (pounds, not "pounds minus 135"): the model's \
      stored normalization is applied. Output is CSV: the output value(s), then the label for \
      a classifier. With --data or '-', a header line comes first (--no-header drops it) and \
      there is one line per row. --json prints full precision instead.

      Examples:
        nntool predict gender.nnm --input 128,63
        nntool predict gender.nnm --input 128,63 --input 155,68 --json
        nntool predict gender.nnm --data people.csv
        cut -d, -f2,3 people.csv | nntool predict gender.nnm -
      """
  )

  @Argument(help: "The model file.")
  var model: String

  @Argument(
    help: ArgumentHelp("'-' to read CSV rows (with a header) from standard input.", valueName: "-"))
  var stdinMarker: String?

  @Option(
    name: .customLong("input"),
    help: ArgumentHelp(
      "One sample's raw feature values, comma-separated, in input order (repeatable).",
      valueName: "values"))
  var inputs: [String] = []

  @Option(
    help: ArgumentHelp(
      "A CSV file with a header naming the model's features (or <feature>_<unit>: weight_lb).",
      valueName: "file"))
  var data: String?

  @OptionGroup var csv: CSVInputOptions

  @Option(
    help: ArgumentHelp(
      "The CSV columns to use as inputs, in input order (default: the model's feature names).",
      valueName: "a,b"))
  var features: String?

  @Flag(
    inversion: .prefixedNo,
    help: "Print a header line (default: on for CSV input, off for --input).")
  var header: Bool?

  @OptionGroup var output: OutputOptions

  func validate() throws {
    if let stdinMarker, stdinMarker != "-" {
      throw ValidationError(
        "unexpected argument '\(stdinMarker)': only '-' (standard input) may follow the model")
    }
    let sources = (inputs.isEmpty ? 0 : 1) + (data == nil ? 0 : 1) + (stdinMarker == nil ? 0 : 1)
    guard sources == 1 else {
      throw ValidationError("give exactly one of --input, --data or '-'")
    }
  }

  func run() throws {
    let loaded = try ModelFiles.read(path: model)
    let network = try EngineAdapter.network(for: loaded)
    let outputs: [[Double]]
    if inputs.isEmpty {
      let table = try CSVTable.load(path: data ?? "-", options: csv.readOptions(hashing: false))
      let columns = try ModelDataBinding.inputColumns(
        table: table, model: loaded.model, features: features.map(splitList))
      outputs = try ModelDataBinding.outputs(
        of: network, inputColumns: columns, rowCount: table.rowCount)
    } else {
      outputs = try inputs.map { text throws(ToolError) in
        try EngineAdapter.outputs(
          of: network, raw: PredictionOutput.parseInput(text, model: loaded.model))
      }
    }
    StandardStream.out(
      PredictionOutput.render(
        outputs: outputs, model: loaded.model, json: output.json, single: inputs.count == 1,
        header: header ?? inputs.isEmpty, digits: output.digits))
  }
}
