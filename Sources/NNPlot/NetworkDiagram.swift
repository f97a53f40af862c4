import NNEngine
import NNModel

/// The network as a picture: neurons in columns, edges coloured by the weight's sign and as
/// thick as its magnitude, biases written under (or shown as the fill of) each neuron; with a
/// forward trace, every neuron filled by its activation with the value written in it.
///
/// Large layers are thinned so the picture stays readable: a layer with more than
/// ``maximumDrawnNeurons`` neurons shows the ``drawnWhenThinned`` with the largest total
/// |weight| leaving them (for the output layer, entering them), and when a layer would have
/// more than ``maximumEdgesPerLayer`` edges, each neuron keeps only its ``strongestEdges``
/// strongest incoming ones. The caption says which of these happened.
public struct NetworkDiagram: Sendable {
  /// The model.
  public var model: Model
  /// Raw input values and the forward pass they gave, to fill the neurons by activation.
  public var trace: (raw: [Double], trace: ForwardTrace)?

  /// Layers with at most this many neurons are drawn whole.
  public static let maximumDrawnNeurons = 12
  /// How many neurons of a larger layer are drawn.
  public static let drawnWhenThinned = 10
  /// Layers with at most this many drawn edges show all of them.
  public static let maximumEdgesPerLayer = 48
  /// How many incoming edges each neuron keeps in a thinned layer.
  public static let strongestEdges = 3

  /// A diagram of `model`, with neurons filled by `trace` when given.
  public init(model: Model, trace: (raw: [Double], trace: ForwardTrace)? = nil) {
    self.model = model
    self.trace = trace
  }

  /// The neurons drawn in each column (column 0 is the inputs), by index.
  public var drawnNeurons: [[Int]] {
    let sizes = [model.inputCount] + model.layers.map(\.units)
    return sizes.indices.map { column in
      let count = sizes[column]
      guard count > Self.maximumDrawnNeurons else { return Array(0..<count) }
      var importance = [Double](repeating: 0, count: count)
      if column < model.layers.count {
        let layer = model.layers[column]
        let weights = layer.weights.doubles
        for unit in 0..<layer.units {
          for input in 0..<layer.inputs {
            importance[input] += abs(weights[unit * layer.inputs + input])
          }
        }
      } else {
        let layer = model.layers[column - 1]
        let weights = layer.weights.doubles
        for unit in 0..<layer.units {
          for input in 0..<layer.inputs {
            importance[unit] += abs(weights[unit * layer.inputs + input])
          }
        }
      }
      let ranked = importance.indices.sorted {
        importance[$0] != importance[$1] ? importance[$0] > importance[$1] : $0 < $1
      }
      return ranked.prefix(Self.drawnWhenThinned).sorted()
    }
  }

  /// The edges drawn into layer `index`'s neurons: `(from, to, weight)`, and whether the
  /// layer was thinned to its strongest edges.
  public func drawnEdges(layer index: Int, drawn: [[Int]]) -> (
    edges: [(from: Int, to: Int, weight: Double)], thinned: Bool
  ) {
    let layer = model.layers[index]
    let weights = layer.weights.doubles
    let sources = drawn[index]
    let targets = drawn[index + 1]
    let thinned = sources.count * targets.count > Self.maximumEdgesPerLayer
    var edges: [(from: Int, to: Int, weight: Double)] = []
    for target in targets {
      var incoming = sources.map {
        (from: $0, to: target, weight: weights[target * layer.inputs + $0])
      }
      if thinned {
        incoming.sort {
          abs($0.weight) != abs($1.weight) ? abs($0.weight) > abs($1.weight) : $0.from < $1.from
        }
        incoming = Array(incoming.prefix(Self.strongestEdges)).sorted { $0.from < $1.from }
      }
      edges += incoming
    }
    return (edges, thinned)
  }

  /// The picture.
  public func svg() -> SVGDocument {
    let drawn = drawnNeurons
    let layout = Layout(model: model, drawn: drawn, traced: trace != nil)
    var svg = SVGDocument(width: layout.width, height: layout.height, title: layout.title)
    svg.text(XMLText.truncated(layout.title, to: 90), x: 20, y: 28, size: 16, bold: true)
    var captions: [String] = []

    // Column headers.
    for column in drawn.indices {
      let header: String
      let sizes = [model.inputCount] + model.layers.map(\.units)
      if column == 0 {
        header = "input (\(sizes[0]))"
      } else {
        let kind = column == model.layers.count ? "output" : "hidden \(column)"
        header = "\(kind) (\(sizes[column])) · \(model.layers[column - 1].activation.rawValue)"
      }
      svg.text(
        header, x: layout.x(column), y: layout.top - 14, size: 12, anchor: .middle,
        fill: PlotPalette.muted)
    }

    // Edges under the neurons.
    var thinnedLayers: [Int] = []
    let small = layout.labelsEdges
    for index in model.layers.indices {
      let (edges, thinned) = drawnEdges(layer: index, drawn: drawn)
      if thinned { thinnedLayers.append(index + 1) }
      let largest = max(1e-12, model.layers[index].weights.doubles.map(abs).max() ?? 1)
      for edge in edges {
        let strength = abs(edge.weight) / largest
        let color = edge.weight >= 0 ? PlotPalette.positive : PlotPalette.negative
        svg.line(
          x1: layout.x(index), y1: layout.y(column: index, neuron: edge.from),
          x2: layout.x(index + 1), y2: layout.y(column: index + 1, neuron: edge.to),
          stroke: color.hex, width: 0.6 + 5.4 * strength, opacity: 0.35 + 0.65 * strength)
      }
      if small {
        for edge in edges {
          // Near the receiving neuron, where the edges into it are furthest apart.
          let t = 0.72
          let (x1, y1) = (layout.x(index), layout.y(column: index, neuron: edge.from))
          let (x2, y2) = (layout.x(index + 1), layout.y(column: index + 1, neuron: edge.to))
          let (lx, ly) = (x1 + (x2 - x1) * t, y1 + (y2 - y1) * t)
          let name = ParameterID(layer: index, neuron: edge.to, input: edge.from).name(in: model)
          let label = "\(name) \(PlotNumber.short(edge.weight, significantDigits: 3))"
          let width = Double(label.count) * 6 + 8
          svg.rect(
            x: lx - width / 2, y: ly - 9, width: width, height: 14, fill: "#ffffff",
            stroke: "#dddddd", strokeWidth: 0.5, radius: 3)
          svg.text(label, x: lx, y: ly + 2, size: 10, anchor: .middle)
        }
      }
    }

    // Neurons.
    let biasScale = max(1e-12, model.layers.flatMap { $0.biases.doubles.map(abs) }.max() ?? 1)
    for column in drawn.indices {
      let activations: [Double]? = trace.map {
        column == 0 ? $0.trace.input : $0.trace.layers[column - 1].a
      }
      let activationScale = max(1, activations?.map(abs).max() ?? 1)
      for neuron in drawn[column] {
        let (cx, cy) = (layout.x(column), layout.y(column: column, neuron: neuron))
        var fill = RGB(0xEE, 0xEE, 0xEE)
        var inside: String?
        if column > 0 {
          let bias = model.layers[column - 1].biases.doubles[neuron]
          if let activations {
            fill = ColorMap.diverging.signed(activations[neuron] / activationScale)
            inside = PlotNumber.short(activations[neuron], significantDigits: 2)
          } else {
            fill = ColorMap.diverging.signed(bias / biasScale)
          }
        } else if let trace {
          inside = PlotNumber.short(trace.raw[neuron], significantDigits: 4)
        }
        svg.circle(
          cx: cx, cy: cy, r: layout.radius, fill: fill.hex, stroke: "#444444", strokeWidth: 1.2)
        if let inside, layout.radius >= 12 {
          let size = min(12, layout.radius * 2.1 / Double(max(3, inside.count)) * 1.6)
          svg.text(
            inside, x: cx, y: cy + size * 0.35, size: size, anchor: .middle,
            fill: fill.textColor.hex)
        }
      }
      let hidden =
        (column == 0 ? model.inputCount : model.layers[column - 1].units) - drawn[column].count
      if hidden > 0 {
        let y = layout.y(column: column, neuron: drawn[column].last ?? 0) + layout.rowGap * 0.8
        svg.text(
          "+ \(hidden) more", x: layout.x(column), y: y, size: 11, anchor: .middle,
          fill: PlotPalette.muted)
      }
    }

    // Bias labels, above the edges and circles they may cross.
    if layout.labelsBiases {
      for column in drawn.indices.dropFirst() {
        for neuron in drawn[column] {
          let bias = model.layers[column - 1].biases.doubles[neuron]
          let name = ParameterID(layer: column - 1, neuron: neuron, input: nil).name(in: model)
          svg.text(
            "\(name) \(PlotNumber.short(bias, significantDigits: 3))", x: layout.x(column),
            y: layout.y(column: column, neuron: neuron) + layout.radius + 13, size: 10,
            anchor: .middle, fill: PlotPalette.muted, halo: true)
        }
      }
    }

    // Input and output labels.
    for neuron in drawn[0] {
      let feature = model.features[neuron]
      let label =
        XMLText.truncated(feature.name, to: 24)
        + (feature.unit.map { " (\(XMLText.truncated($0, to: 10)))" } ?? "")
      svg.text(
        label, x: layout.x(0) - layout.radius - 8, y: layout.y(column: 0, neuron: neuron) + 4,
        size: 13, anchor: .end)
    }
    let last = drawn.count - 1
    for neuron in drawn[last] {
      svg.text(
        layout.outputLabel(neuron, trace: trace?.trace), x: layout.x(last) + layout.radius + 8,
        y: layout.y(column: last, neuron: neuron) + 4, size: 13)
    }

    // Caption.
    captions.append("Edges: blue positive, orange negative; thicker = larger |weight|.")
    if trace != nil {
      captions.append("Neurons filled by their activation for the input shown (value inside).")
    } else {
      captions.append("Neurons filled by their bias (blue positive, orange negative).")
    }
    let thinnedColumns = drawn.indices.filter {
      drawn[$0].count < ([model.inputCount] + model.layers.map(\.units))[$0]
    }
    if !thinnedColumns.isEmpty {
      captions.append(
        "Large layers show the \(Self.drawnWhenThinned) neurons with the largest total |weight|.")
    }
    if !thinnedLayers.isEmpty {
      captions.append(
        "Layer\(thinnedLayers.count == 1 ? "" : "s") \(thinnedLayers.map(String.init).joined(separator: ", ")): only each neuron's \(Self.strongestEdges) strongest incoming edges are drawn."
      )
    }
    var captionY = layout.height - 14 - Double(captions.count - 1) * 16
    for caption in captions {
      svg.text(caption, x: 20, y: captionY, size: 11, fill: PlotPalette.muted)
      captionY += 16
    }
    return svg
  }
}

/// Where the diagram's pieces go.
private struct Layout {
  let model: Model
  let drawn: [[Int]]
  let radius: Double
  let rowGap: Double
  let columnGap: Double
  let left: Double
  let top: Double
  let width: Double
  let height: Double
  let labelsEdges: Bool
  let labelsBiases: Bool
  let title: String

  init(model: Model, drawn: [[Int]], traced: Bool) {
    self.model = model
    self.drawn = drawn
    let most = drawn.map(\.count).max() ?? 1
    labelsEdges = most <= 4 && drawn.count <= 5
    labelsBiases = most <= 8
    radius = most <= 4 ? 24 : most <= 8 ? 18 : 14
    rowGap = labelsEdges ? 110 : labelsBiases ? radius * 2 + 30 : radius * 2 + 16
    columnGap = labelsEdges ? 230 : 170
    let inputLabel =
      model.features.map { $0.name.count + ($0.unit.map { $0.count + 3 } ?? 0) }.max() ?? 5
    left = 40 + radius + Double(min(38, inputLabel)) * 7.4
    top = 84
    var binaryExtra = 0
    if case .binary(_, let negative, let positive) = model.output.task {
      binaryExtra =
        traced ? 4 + min(20, positive.count) : 16 + min(12, positive.count + negative.count)
    }
    let outputLabel = (0..<model.outputCount).map { Self.outputText(model, $0).count }.max() ?? 6
    let header = 22 + (model.layers.last?.activation.rawValue.count ?? 0)
    let right = max(
      radius + 30 + Double(min(44, outputLabel + binaryExtra)) * 7.2, Double(header) * 3.6 + 20)
    width = (left + Double(drawn.count - 1) * columnGap + right).rounded(.up)
    let captionLines = 4.0
    height = (top + Double(most - 1) * rowGap + radius + 40 + captionLines * 16 + 24).rounded(.up)
    title =
      "Network " + (model.name.map { "“\($0)”: " } ?? ": ")
      + ([model.inputCount] + model.layers.map(\.units)).map(String.init).joined(separator: "-")
  }

  func x(_ column: Int) -> Double { left + Double(column) * columnGap }

  func y(column: Int, neuron: Int) -> Double {
    let most = drawn.map(\.count).max() ?? 1
    let row = drawn[column].firstIndex(of: neuron) ?? 0
    let offset = Double(most - drawn[column].count) * rowGap / 2
    return top + radius + offset + Double(row) * rowGap
  }

  static func outputText(_ model: Model, _ index: Int) -> String {
    switch model.output.task {
    case .binary(_, _, let positive): return "P(\(XMLText.truncated(positive, to: 20)))"
    case .multiclass(let labels):
      return index < labels.count ? XMLText.truncated(labels[index], to: 24) : "class \(index + 1)"
    case .regression:
      return index < model.output.names.count
        ? XMLText.truncated(model.output.names[index], to: 24) : "output \(index + 1)"
    }
  }

  func outputLabel(_ index: Int, trace: ForwardTrace?) -> String {
    var text = Self.outputText(model, index)
    if case .binary(let threshold, let negative, let positive) = model.output.task {
      if let output = trace?.output.first {
        text += " → " + XMLText.truncated(output >= threshold ? positive : negative, to: 20)
      } else {
        text +=
          " ≥ \(PlotNumber.short(threshold)) → \(XMLText.truncated(positive, to: 12)), else \(XMLText.truncated(negative, to: 12))"
      }
    }
    return text
  }
}
