import ArgumentParser
import NNCommandLine
import NNEngine
import NNPlot

/// `nntool draw MODEL [--input VALUES] --out FILE.svg`.
struct Draw: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "draw",
    abstract: "Draw the network as an SVG picture.",
    discussion: """
      Inputs are labelled with their feature names and units, outputs with their labels. \
      Edges are blue for positive and orange for negative weights, thicker for larger |w|; \
      each neuron's bias is written under it (small networks) and shown as its fill. With \
      --input, every neuron is filled by its activation for that sample, its value written \
      in it (the picture of nnrepl's :trace). Large networks are thinned: a layer of more \
      than 12 neurons shows the 10 with the largest total |weight|, and a layer with more \
      than 48 drawn edges keeps each neuron's 3 strongest incoming ones; the caption says so.

      Examples:
        nntool draw gender.nnm --out network.svg
        nntool draw gender.nnm --input 128,63 --out emily.svg
      """
  )

  @Argument(help: "The model file.")
  var model: String

  @Option(
    help: ArgumentHelp(
      "One sample's raw feature values, comma-separated, in input order.", valueName: "values"))
  var input: String?

  @Option(help: ArgumentHelp("The SVG file to write.", valueName: "file"))
  var out: String

  func run() throws {
    let loaded = try ModelFiles.read(path: model)
    var trace: (raw: [Double], trace: ForwardTrace)?
    if let input {
      let raw = try PredictionOutput.parseInput(input, model: loaded.model)
      let network = try EngineAdapter.network(for: loaded)
      let layers = try EngineAdapter.checked { () throws(EngineError) in
        try network.trace(raw: raw)
      }
      trace = (raw, layers)
    }
    let svg = NetworkDiagram(model: loaded.model, trace: trace).svg()
    try PictureFiles.write(svg.render(), to: out)
  }
}
