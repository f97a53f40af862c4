import NNModel
import NNPlot
import Testing

/// The example on NNPlot's DocC landing page (`Sources/NNPlot/NNPlot.docc/NNPlot.md`), run on
/// the sample model it names: keep the two in step.
@Test func landingPageExampleDrawsTheSampleModel() throws {
  // This file is Tests/NNPlotTests/<File>.swift: three levels below the repository.
  let root = #filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(3)
    .joined(separator: "/")
  let model = try Model(contentsOf: FilePath(root + "/samples/gender.nnm"))
  let diagram = NetworkDiagram(model: model).svg().render()
  let chart = LossChart(
    training: model.provenance?.lossHistory ?? [], lossName: model.provenance?.loss,
    title: "gender")
  let text = chart.terminalText(width: 60, mode: .plain)
  #expect(diagram.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
  #expect(diagram.contains("weight") && diagram.contains("height"))
  #expect(model.provenance?.lossHistory.isEmpty == false)
  #expect(!text.contains("no loss history"))
  #expect(text.split(separator: "\n").count > 3)
}
