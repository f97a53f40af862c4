import ArgumentParser
import NNCommandLine
import NNEngine

/// `nntool eval MODEL --data FILE`.
struct Eval: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "eval",
    abstract: "Measure a model on labelled data: R², MAE, RMSE; or accuracy, F1, log loss.",
    discussion: """
      The CSV file needs the model's feature columns (by name, as <feature>_<unit> such as \
      weight_lb, or --features) and the target \
      column (--target, default: the column the model was trained on). The loss defaults to \
      the one the model was trained with. A regression model gets R², mean absolute error \
      and root mean squared error per output and overall, in the target's units; a \
      classifier gets accuracy, log loss, per-class precision, recall and F1, and the \
      confusion matrix.

      Examples:
        nntool eval gender.nnm --data people.csv
        nntool eval gender.nnm --data test.csv --target gender --json
        nntool eval gender.nnm --data export.csv --delimiter ';'
      """
  )

  @Argument(help: "The model file.")
  var model: String

  @Option(
    help: ArgumentHelp("A CSV file with a header row ('-' for standard input).", valueName: "file"))
  var data: String

  @OptionGroup var csv: CSVInputOptions

  @Option(
    help: ArgumentHelp(
      "The column with the expected outputs; one per output of a regression model (a,b or repeated).",
      valueName: "column"))
  var target: [String] = []

  @Option(help: ArgumentHelp("The CSV columns to use as inputs, in input order.", valueName: "a,b"))
  var features: String?

  @Option(
    help: ArgumentHelp(
      "The loss function (default: the model's training loss).", valueName: "loss"))
  var loss: Loss?

  @OptionGroup var output: OutputOptions

  func run() throws {
    let loaded = try ModelFiles.read(path: model)
    let network = try EngineAdapter.network(for: loaded)
    let table = try CSVTable.load(path: data, options: csv.readOptions(hashing: false))
    let named = target.flatMap(splitList)
    guard
      let columns = ModelDataBinding.targetColumns(
        model: loaded.model, targets: named.isEmpty ? nil : named)
    else {
      throw ToolError.usage("the model does not name its target column; give --target")
    }
    let inputs = try ModelDataBinding.inputColumns(
      table: table, model: loaded.model, features: features.map(splitList))
    let expected = try ModelDataBinding.expectedColumns(
      table: table, model: loaded.model, columns: columns)
    let evaluation = try Evaluation.evaluate(
      network: network, model: loaded.model, inputColumns: inputs, expected: expected,
      rowCount: table.rowCount, loss: loss ?? Evaluation.defaultLoss(for: loaded.model))
    if output.json {
      printJSON(evaluation.json)
    } else {
      StandardStream.out(evaluation.text(digits: output.digits))
    }
  }
}
