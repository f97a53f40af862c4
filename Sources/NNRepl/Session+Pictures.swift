import NNCommandLine
import NNEngine
import NNModel
import NNPlot

extension Session {
  /// `:plot [loss | X Y]`: the decision map of the current model with the collected samples,
  /// or the loss curve of the last `:fit`, drawn in the terminal.
  func plot(_ words: [String]) throws(ReplError) {
    if words == ["loss"] {
      guard !lastFitLosses.isEmpty else {
        throw ReplError("no :fit yet in this session (:plot loss draws the last :fit's losses)")
      }
      let chart = LossChart(
        training: lastFitLosses, lossName: settings.loss.rawValue, title: "last :fit")
      printLines(chart.terminalText(width: terminalWidth(), mode: pictureColors))
      return
    }
    guard words.isEmpty || words.count == 2 else {
      throw ReplError(":plot takes 'loss', or two inputs to draw (:plot weight height)")
    }
    let map = try decisionMap(x: words.first, y: words.last)
    let text = try engine { () throws(EngineError) in
      try map.terminalText(network: network, width: terminalWidth(), mode: pictureColors)
    }
    printLines(text)
  }

  /// `:draw PATH.svg`: the network as it is now.
  func draw(_ words: [String]) throws(ReplError) {
    guard words.count == 1 else { throw ReplError(":draw takes one path (:draw net.svg)") }
    let svg = NetworkDiagram(model: model).svg()
    try writePicture(svg.render(), to: words[0])
  }

  /// `:report PATH.html`: the HTML report of the model as it is now, with the collected
  /// samples evaluated and drawn on the map, and the last `:fit`'s losses.
  func report(_ words: [String]) throws(ReplError) {
    guard words.count == 1 else { throw ReplError(":report takes one path (:report r.html)") }
    guard var loaded = file else {
      // An imported (ONNX, safetensors) model has no .nnm file whose facts the summary gives.
      throw ReplError("the model has no .nnm file yet: :save one, then :report")
    }
    loaded.model = model
    var evaluation: Evaluation?
    if !samples.isEmpty {
      evaluation = try engine { () throws(EngineError) in
        try Evaluation(
          model: model, outputs: network.predict(batch: samples.map(\.inputs)),
          expected: samples.map(expected), loss: settings.loss)
      }
    }
    var report = HTMLReport(
      loaded: loaded, evaluation: evaluation,
      dataName: samples.isEmpty ? nil : "the session's \(samples.count) samples",
      decisionMap: model.inputCount == 2 ? try decisionMap(x: nil, y: nil) : nil)
    if hasUnsavedChanges {
      report.note = "Drawn in nnrepl from the model as it was, with changes not saved to the file."
    }
    if !lastFitLosses.isEmpty {
      report.lossChart = LossChart(
        training: lastFitLosses, lossName: settings.loss.rawValue,
        title: "Loss of the last :fit")
    }
    let page = try engine { () throws(EngineError) in try report.render(network: network) }
    try writePicture(page, to: words[0])
  }

  /// The decision map over inputs `x` and `y` (names; the first two by default), with the
  /// collected samples as points.
  func decisionMap(x: String?, y: String?, of network: AnyNetwork? = nil) throws(ReplError)
    -> DecisionMap
  {
    let network = network ?? self.network
    let model = network.model
    if model.inputCount > 2, x == nil {
      throw ReplError(
        "the model has \(model.inputCount) inputs (\(ModelDataBinding.featureList(model))); "
          + "choose the two to draw: :plot X Y")
    }
    do {
      return try DecisionMapSetup.map(
        model: model, network: network, rows: samples.map(\.inputs),
        expected: samples.isEmpty ? nil : samples.map(expected), labels: nil,
        options: .init(x: x, y: y))
    } catch {
      throw ReplError(error.message)
    }
  }

  /// Redraws the decision map of `candidate` in place during `:fit` (a colour terminal only;
  /// at most a terminal-high picture, so the redraw can move back over it).
  func drawLiveMap(_ candidate: AnyNetwork, epoch: Int, of epochs: Int) {
    guard let map = try? decisionMap(x: nil, y: nil, of: candidate),
      let text = try? map.terminalText(
        network: candidate, width: min(terminalWidth(), 56), mode: pictureColors)
    else { return }
    var lines = text.split(separator: "\n").map(String.init)
    lines.insert("epoch \(epoch)/\(epochs)", at: 0)
    output.livePicture(lines)
  }

  /// A sample's target as an expected output: the class for a classifier, else the value.
  private func expected(_ sample: Sample) -> ExpectedOutput {
    let model = self.layout
    switch model.output.task {
    case .regression: return .values(sample.target)
    case .binary: return .classIndex((sample.target.first ?? 0) >= 0.5 ? 1 : 0)
    case .multiclass:
      let best = sample.target.indices.max { sample.target[$0] < sample.target[$1] } ?? 0
      return .classIndex(best)
    }
  }

  private func writePicture(_ text: String, to path: String) throws(ReplError) {
    do {
      try PictureFiles.write(text, to: path)
    } catch {
      throw ReplError(error.message)
    }
    output.printLine("wrote \(escapedForTerminal(path))")
  }

  private func printLines(_ text: String) {
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
      output.printLine(String(line))
    }
  }
}
