import NNEngine
import NNModel
import Testing

@testable import NNPlot

/// The tutorial's 2-2-1 network with the weights of samples/gender.nnm (rounded), in raw
/// pounds and inches.
private func genderModel(name: String = "gender") -> Model {
  Model(
    name: name,
    features: [
      Feature(name: "weight", unit: "lb", normalization: Normalization(shift: 135)),
      Feature(name: "height", unit: "in", normalization: Normalization(shift: 66)),
    ],
    layers: [
      DenseLayer(
        activation: .sigmoid, inputs: 2, units: 2, weights: [0.958, 1.85, -0.943, -0.672],
        biases: [0.791, 0.546]),
      DenseLayer(
        activation: .sigmoid, inputs: 2, units: 1, weights: [-2.955, 3.662], biases: [-0.264]),
    ],
    output: OutputSpec(task: .binary(threshold: 0.5, negative: "M", positive: "F")),
    provenance: Provenance(loss: "mse", lossHistory: [0.4, 0.2, 0.1, 0.05]))
}

/// A fully connected ReLU network with deterministic weights, `sizes[0]` inputs.
private func wideModel(_ sizes: [Int]) -> Model {
  var layers: [DenseLayer] = []
  var counter = 0
  for (inputs, units) in zip(sizes, sizes.dropFirst()) {
    let weights = (0..<(inputs * units)).map { index -> Double in
      counter += 1
      return Double((counter * 7919) % 201 - 100) / 100
    }
    layers.append(
      DenseLayer(
        activation: .relu, inputs: inputs, units: units, weights: weights,
        biases: (0..<units).map { Double($0 % 3) - 1 }))
  }
  return Model(
    features: (0..<sizes[0]).map { Feature(name: "x\($0)") }, layers: layers,
    output: OutputSpec(task: .regression))
}

/// How many times `needle` occurs in `text`.
private func occurrences(of needle: String, in text: String) -> Int {
  var count = 0
  var rest = Substring(text)
  while let range = rest.firstRange(of: needle) {
    count += 1
    rest = rest[range.upperBound...]
  }
  return count
}

@Suite struct NetworkDiagramTests {
  @Test func smallNetworkShowsEveryEdgeWithItsNameAndEveryBias() {
    let text = NetworkDiagram(model: genderModel()).svg().render()
    for name in ["w1 0.958", "w6 3.66", "b1 0.791", "b3 -0.264"] {
      #expect(text.contains(">\(name)</text>"), "missing \(name)")
    }
    #expect(text.contains(">weight (lb)</text>"))
    #expect(text.contains(">height (in)</text>"))
    #expect(text.contains("P(F) ≥ 0.5 → F, else M"))
    // Six edges: positive ones blue, negative ones orange.
    #expect(occurrences(of: "<line", in: text) == 6)
    #expect(text.contains("stroke=\"\(PlotPalette.negative.hex)\""))
    #expect(text.contains("stroke=\"\(PlotPalette.positive.hex)\""))
    #expect(!text.contains("strongest"))
  }

  @Test func traceFillsNeuronsWithTheirActivations() throws {
    let model = genderModel()
    let network = try AnyNetwork(model: model)
    let trace = try network.trace(raw: [128, 63])
    let text = NetworkDiagram(model: model, trace: ([128, 63], trace)).svg().render()
    let output = PlotNumber.short(trace.output[0], significantDigits: 2)
    #expect(text.contains(">\(output)</text>"))
    #expect(text.contains(">128</text>"))
    #expect(text.contains("P(F) → F"))
  }

  @Test func largeLayersAreThinnedAndTheCaptionSaysSo() {
    let model = wideModel([64, 32, 10])
    let diagram = NetworkDiagram(model: model)
    let drawn = diagram.drawnNeurons
    #expect(drawn.map(\.count) == [10, 10, 10])
    let (edges, thinned) = diagram.drawnEdges(layer: 0, drawn: drawn)
    #expect(thinned)
    #expect(edges.count == 10 * NetworkDiagram.strongestEdges)
    // Each kept edge is at least as strong as any dropped edge into the same neuron.
    let weights = model.layers[0].weights.doubles
    for target in drawn[1] {
      let kept = edges.filter { $0.to == target }.map { abs($0.weight) }
      let dropped = drawn[0].filter { source in
        !edges.contains { $0.to == target && $0.from == source }
      }
      .map { abs(weights[target * 64 + $0]) }
      #expect(kept.min()! >= dropped.max()!)
    }
    let text = diagram.svg().render()
    #expect(text.contains("+ 54 more"))
    #expect(text.contains("3 strongest incoming edges"))
    #expect(text.contains("largest total |weight|"))
  }

  @Test func namesFromFilesAreEscaped() {
    var model = genderModel(name: "<evil & \"co\">")
    model.features[0].name = "a<b"
    let text = NetworkDiagram(model: model).svg().render()
    #expect(text.contains("a&lt;b"))
    #expect(text.contains("&lt;evil &amp; &quot;co&quot;&gt;"))
    #expect(!text.contains("<evil"))
  }

  @Test func theSameModelGivesTheSameBytes() {
    let model = wideModel([20, 16, 3])
    #expect(
      NetworkDiagram(model: model).svg().render() == NetworkDiagram(model: model).svg().render())
  }
}

@Suite struct LossChartTests {
  @Test func drawsTrainingAndValidationWithALegend() {
    let text = LossChart(
      training: [0.4, 0.2, 0.1], validation: [0.5, 0.3, 0.25], lossName: "mse", title: "Loss"
    ).svg().render()
    #expect(text.contains(">training: last 0.1</text>"))
    #expect(text.contains(">validation: last 0.25</text>"))
    #expect(text.contains(">loss (mse)</text>"))
    #expect(text.contains("stroke-dasharray=\"6 4\""))
  }

  @Test func terminalPointsTakeTheColourModeAsTheMapDoes() {
    let chart = LossChart(training: [0.4, 0.2, 0.1], title: "Loss")
    let blue = PlotPalette.positive
    let trueColor = chart.terminalText(width: 40, mode: .trueColor)
    #expect(trueColor.contains("\u{1B}[38;2;\(blue.red);\(blue.green);\(blue.blue)m•"))
    let palette = chart.terminalText(width: 40, mode: .palette256)
    #expect(palette.contains("\u{1B}[38;5;\(TerminalPicture.palette256Index(blue))m•"))
    let plain = chart.terminalText(width: 40, mode: .plain)
    #expect(plain.contains("*") && !plain.contains("\u{1B}"))
  }

  @Test func emptyHistorySaysSo() {
    let text = LossChart(training: [], title: "Loss").svg().render()
    #expect(text.contains("no loss history stored"))
  }

  @Test func logScaleSkipsNonPositiveLossesAndBreaksTheLine() {
    let runs = LossChart.thinned([1, 0.1, 0, 0.01, 0.001], maximum: 100, logarithmic: true)
    #expect(runs.count == 2)
    #expect(runs[0].map(\.epoch) == [1, 2])
    #expect(runs[1].map(\.epoch) == [4, 5])
  }

  @Test func longHistoriesAreThinnedKeepingExtremes() {
    var history = (0..<100_000).map { 1 / Double($0 + 1) }
    history[50_000] = 5  // a spike must survive thinning
    let runs = LossChart.thinned(history, maximum: 1000, logarithmic: false)
    let points = runs.flatMap { $0 }
    #expect(points.count <= 1000)
    #expect(points.contains { $0.loss == 5 })
  }
}

@Suite struct DecisionMapTests {
  private func genderMap(points: [DecisionMap.Point] = []) -> DecisionMap {
    DecisionMap(
      model: genderModel(), xFeature: 0, yFeature: 1, baseInput: [135, 66],
      xRange: 110...170, yRange: 55...80, points: points)
  }

  @Test func gridPredictsTheTutorialsPeopleOnTheRightSides() throws {
    let map = genderMap()
    let network = try AnyNetwork(model: map.model)
    let grid = try map.grid(network: network, columns: 60, rows: 25)
    // Row 0 is the top (80 in); column 0 the left (110 lb). Light and short is F (p ≥ 0.5),
    // heavy and tall is M.
    let lightShort = grid.outputs[24 * 60 + 0][0]
    let heavyTall = grid.outputs[0 * 60 + 59][0]
    #expect(lightShort > 0.5)
    #expect(heavyTall < 0.5)
    #expect(grid.color(24 * 60).blue > grid.color(24 * 60).red)
    #expect(grid.color(59).red > grid.color(59).blue)
    #expect(!grid.boundarySegments.isEmpty)
  }

  @Test func marchingSquaresFindsAStraightBoundary() {
    // Output = column / 10 on a 10×3 grid, threshold 0.5: the boundary is x = 5.5 cells
    // from the left edge in cell units (between the centres of columns 4 and 5).
    let outputs = (0..<30).map { [Double($0 % 10) / 9] }
    let grid = DecisionGrid(
      columns: 10, rows: 3, outputs: outputs,
      task: .binary(threshold: 0.5, negative: "a", positive: "b"))
    let segments = grid.boundarySegments
    #expect(segments.count == 2)
    for segment in segments {
      #expect(abs(segment.x1 - 5) < 1e-9 && abs(segment.x2 - 5) < 1e-9)
    }
  }

  @Test func pointsAreColouredByTrueClassAndWrongOnesMarked() throws {
    let map = genderMap(points: [
      .init(x: 128, y: 63, actualClass: 1, predictedClass: 1, label: "Emily"),
      .init(x: 155, y: 68, actualClass: 1, predictedClass: 0, label: "Frank?"),
    ])
    let text = try map.svg(network: try AnyNetwork(model: map.model), title: "map").render()
    #expect(text.contains(">Emily</text>"))
    #expect(text.contains("stroke=\"#000000\" stroke-width=\"3\""))
    #expect(text.contains("1 of 2 samples predicted wrong."))
    #expect(text.contains(">weight (lb)</text>"))
  }

  @Test func regressionGetsAHeatMapWithAColourBar() throws {
    let model = Model(
      features: [Feature(name: "a"), Feature(name: "b")],
      layers: [
        DenseLayer(activation: .identity, inputs: 2, units: 1, weights: [1, 2], biases: [0])
      ],
      output: OutputSpec(task: .regression, names: ["price"]))
    let map = DecisionMap(
      model: model, xFeature: 0, yFeature: 1, baseInput: [0, 0], xRange: 0...1, yRange: 0...1)
    let network = try AnyNetwork(model: model)
    let grid = try map.grid(network: network, columns: 8, rows: 8)
    // Top right is the largest value: the light end of viridis.
    #expect(grid.color(7).luminance > grid.color(56).luminance)
    let text = try map.svg(network: network, title: "heat", cells: 8).render()
    #expect(text.contains(">price</text>"))
    #expect(grid.boundarySegments.isEmpty)
  }

  @Test func manyPointsAreSampledAndTheCaptionSaysSo() throws {
    let points = (0..<10_000).map {
      DecisionMap.Point(x: 110 + Double($0 % 60), y: 55 + Double($0 % 25), actualClass: $0 % 2)
    }
    let map = genderMap(points: points)
    let text = try map.svg(network: try AnyNetwork(model: map.model), title: "many", cells: 10)
      .render()
    #expect(text.contains("Showing every 5th of 10000 rows (2000 points)."))
    #expect(occurrences(of: "<circle", in: text) <= 2000 + 3)
  }
}

@Suite struct TerminalPictureTests {
  @Test func plainMapUsesRegionCharactersAndClassLetters() throws {
    let map = DecisionMap(
      model: genderModel(), xFeature: 0, yFeature: 1, baseInput: [135, 66], xRange: 110...170,
      yRange: 55...80,
      points: [
        .init(x: 120, y: 60, actualClass: 1, predictedClass: 1),
        .init(x: 160, y: 72, actualClass: 0, predictedClass: 0),
      ])
    let text = try map.terminalText(
      network: try AnyNetwork(model: map.model), width: 60, mode: .plain)
    #expect(!text.contains("\u{1B}"))
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.allSatisfy { $0.count <= 60 })
    #expect(text.contains("F"))
    #expect(text.contains("M"))
    #expect(text.contains("+"))  // the F region
    #expect(text.contains("."))  // the M region
    #expect(text.contains("regions: '.' M, '+' F"))
  }

  @Test func widthFollowsTheTerminal() throws {
    let map = DecisionMap(
      model: genderModel(), xFeature: 0, yFeature: 1, baseInput: [135, 66], xRange: 110...170,
      yRange: 55...80)
    let network = try AnyNetwork(model: map.model)
    for width in [40, 100] {
      let text = try map.terminalText(network: network, width: width, mode: .plain)
      let widest = text.split(separator: "\n").map(\.count).max()!
      #expect(widest <= width && widest >= width - 4, "width \(width): widest line \(widest)")
    }
  }

  @Test func colourModesUseHalfBlocksAndTheRightEscapes() {
    var picture = TerminalPicture(
      columns: 2, pixelRows: 2,
      pixels: [RGB(255, 0, 0), RGB(0, 0, 255), RGB(0, 255, 0), RGB(0, 0, 0)],
      shades: [".", ".", ".", "."])
    picture.mark(column: 1, line: 0, "F", color: RGB(255, 255, 255))
    let trueColor = picture.lines(.trueColor)
    #expect(trueColor.count == 1)
    #expect(trueColor[0].hasPrefix("\u{1B}[38;2;255;0;0m\u{1B}[48;2;0;255;0m▀"))
    #expect(trueColor[0].contains("F"))
    #expect(trueColor[0].hasSuffix("\u{1B}[0m"))
    let palette = picture.lines(.palette256)
    #expect(palette[0].hasPrefix("\u{1B}[38;5;196m\u{1B}[48;5;46m▀"))
    #expect(picture.lines(.plain) == [".F", ".."])
  }

  @Test func modeDetection() {
    #expect(TerminalColors.detect(color: false, colorTerm: "truecolor") == .plain)
    #expect(TerminalColors.detect(color: true, colorTerm: "truecolor") == .trueColor)
    #expect(TerminalColors.detect(color: true, colorTerm: nil) == .palette256)
  }
}
