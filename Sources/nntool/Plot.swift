import ArgumentParser
import NNCommandLine
import NNEngine
import NNPlot

/// `nntool plot MODEL --out FILE.svg [--log]` and `nntool plot MODEL --boundary …`.
struct Plot: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plot",
    abstract: "Plot the loss curve, or the decision map over two inputs, as SVG.",
    discussion: """
      Without --boundary: the training loss per epoch stored in the model (and the \
      validation loss where the model stores it), on a linear or, with --log, a logarithmic \
      axis.

      With --boundary: what the model answers over two inputs in raw units (--x, --y; the \
      model's first two by default), the other inputs held at --at values or at their \
      median in --data. A classifier's map is tinted by the class it predicts (stronger where \
      it is surer), a binary classifier's boundary drawn as a line; a regression model gets a \
      heat map with a colour bar. The CSV rows are drawn as points coloured by their true \
      class, a black ring marking a wrong prediction (at most 2000 points: larger files are \
      sampled evenly, and the caption says so). Without --data, the map spans a window \
      around each input's normalization shift.

      Examples:
        nntool plot gender.nnm --out loss.svg
        nntool plot gender.nnm --boundary --data people.csv --label name --out map.svg
        nntool plot iris.nnm --boundary --data iris.csv --x petal_length_cm \\
          --y petal_width_cm --out iris-map.svg
      """
  )

  @Argument(help: "The model file.")
  var model: String

  @Option(help: ArgumentHelp("The SVG file to write.", valueName: "file"))
  var out: String

  @Flag(help: "Plot the loss on a logarithmic axis.")
  var log = false

  @Flag(help: "Plot the decision map instead of the loss curve.")
  var boundary = false

  @Option(
    help: ArgumentHelp(
      "A CSV file with a header row: its rows are drawn on the map.", valueName: "file"))
  var data: String?

  @Option(help: ArgumentHelp("The input drawn across.", valueName: "feature"))
  var x: String?

  @Option(help: ArgumentHelp("The input drawn up.", valueName: "feature"))
  var y: String?

  @Option(
    help: ArgumentHelp(
      "Hold another input at a value (repeatable; default: its median in --data).",
      valueName: "feature=value"))
  var at: [String] = []

  @Option(help: ArgumentHelp("The column with the true outputs.", valueName: "column"))
  var target: String?

  @Option(
    help: ArgumentHelp("A column whose values label the points (up to 30).", valueName: "column"))
  var label: String?

  func validate() throws {
    if !boundary, data != nil || x != nil || y != nil || !at.isEmpty || label != nil {
      throw ValidationError("--data, --x, --y, --at and --label go with --boundary")
    }
    if boundary, log { throw ValidationError("--log goes with the loss curve, not --boundary") }
  }

  func run() throws {
    let loaded = try ModelFiles.read(path: model)
    let svg: SVGDocument
    if boundary {
      let network = try EngineAdapter.network(for: loaded)
      let table = try data.map { (path) throws(ToolError) in try CSVTable.load(path: path) }
      let map = try DecisionMapSetup.map(
        model: loaded.model, network: network, table: table,
        options: .init(x: x, y: y, at: at, target: target, label: label))
      svg = try EngineAdapter.checked { () throws(EngineError) in
        try map.svg(network: network, title: PictureTitles.decisionMap(loaded))
      }
    } else {
      svg = PictureTitles.lossChart(loaded, logarithmic: log).svg()
    }
    try PictureFiles.write(svg.render(), to: out)
  }
}
