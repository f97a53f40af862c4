import ArgumentParser
import NNCommandLine
import NNEngine
import NNPlot

/// `nntool report MODEL [--data FILE] --out FILE.html`.
struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Write one self-contained HTML page about a model.",
    discussion: """
      The page holds the summary of 'nntool inspect', the network, the loss curve, the \
      decision map when the model has two inputs (or --x and --y choose two) and, with \
      --data, the evaluation: loss, accuracy, the confusion matrix as a coloured table and \
      per-class precision, recall and F1. Pictures and styles are inline; the page runs no \
      script and fetches nothing, so it can be attached or mailed as it is.

      Examples:
        nntool report gender.nnm --out gender.html
        nntool report iris.nnm --data iris.csv --x petal_length_cm --y petal_width_cm \\
          --out iris.html
      """
  )

  @Argument(help: "The model file.")
  var model: String

  @Option(help: ArgumentHelp("The HTML file to write.", valueName: "file"))
  var out: String

  @Option(
    help: ArgumentHelp(
      "A CSV file with a header row: evaluated, and drawn on the map.", valueName: "file"))
  var data: String?

  @Option(help: ArgumentHelp("The column with the true outputs.", valueName: "column"))
  var target: String?

  @Option(help: ArgumentHelp("The map's input drawn across.", valueName: "feature"))
  var x: String?

  @Option(help: ArgumentHelp("The map's input drawn up.", valueName: "feature"))
  var y: String?

  @Option(
    help: ArgumentHelp(
      "Hold another input at a value on the map (repeatable).",
      valueName: "feature=value"))
  var at: [String] = []

  @Option(
    help: ArgumentHelp("A column whose values label the map's points.", valueName: "column"))
  var label: String?

  func run() throws {
    let loaded = try ModelFiles.read(path: model)
    let network = try EngineAdapter.network(for: loaded)
    let table = try data.map { (path) throws(ToolError) in try CSVTable.load(path: path) }
    var evaluation: Evaluation?
    if let table, let column = ModelDataBinding.targetColumn(model: loaded.model, target: target),
      target != nil || (try? table.columnIndex(named: column)) != nil
    {
      let inputs = try ModelDataBinding.inputs(table: table, model: loaded.model)
      let expected = try ModelDataBinding.targets(
        table: table, model: loaded.model, column: column)
      evaluation = try EngineAdapter.checked { () throws(EngineError) in
        try Evaluation(
          model: loaded.model, outputs: network.predict(batch: inputs), expected: expected,
          loss: Evaluation.defaultLoss(for: loaded.model))
      }
    }
    var map: DecisionMap?
    if loaded.model.inputCount == 2 || (x != nil && y != nil) {
      map = try DecisionMapSetup.map(
        model: loaded.model, network: network, table: table,
        options: .init(x: x, y: y, at: at, target: target, label: label))
    }
    let report = HTMLReport(
      loaded: loaded, evaluation: evaluation, dataName: data.map(FileAccess.fileName(of:)),
      decisionMap: map)
    let page = try EngineAdapter.checked { () throws(EngineError) in
      try report.render(network: network)
    }
    try PictureFiles.write(page, to: out)
  }
}
