import NNCommandLine
import NNEngine
import NNModel

extension Session {
  /// A bare input: the outputs and, for a classifier, the label (`0.72163 → F`).
  func query(_ words: [String]) throws(ReplError) {
    let sample = try SampleSyntax(words: words, model: layout, rule: .query)
    let outputs = try networkOutputs(raw: sample.inputs)
    output.printLine(describe(outputs: answer(outputs)))
  }

  /// The network's own outputs for `raw` (a sample parsed against the model, so the count
  /// fits; a mismatch is reported as an error, never a trap).
  func networkOutputs(raw: [Double]) throws(ReplError) -> [Double] {
    try engine { () throws(EngineError) in try network.predict(raw: raw) }
  }

  /// The current value of a parameter the session named (an `EngineError` as a `ReplError`).
  func parameterValue(_ id: ParameterID) throws(ReplError) -> Double {
    try engine { () throws(EngineError) in try network.parameter(id) }
  }

  /// The result of an engine call on values the session parsed against the model, with an
  /// `EngineError` (a row of the wrong length) reported as a `ReplError`, never a trap.
  func engine<Result>(_ call: () throws(EngineError) -> Result) throws(ReplError) -> Result {
    do {
      return try call()
    } catch {
      throw ReplError("\(error)")
    }
  }

  /// The outputs and their label, as one line.
  func describe(outputs: [Double]) -> String {
    let names = layout.output.names
    let values: String
    if hasNamedRegressionOutputs, names.count == outputs.count {
      values = zip(names, outputs).map { "\($0) = \(number($1))" }.joined(separator: "  ")
    } else {
      values = outputs.map(number).joined(separator: " ")
    }
    guard let label = layout.output.label(for: outputs) else { return values }
    return "\(values) → \(style.bold(style.green(escapedForTerminal(label))))"
  }

  /// Whether the outputs are printed by name (`y = 0.99909`): a regression with output names.
  var hasNamedRegressionOutputs: Bool {
    guard case .regression = layout.output.task else { return false }
    return layout.output.names.count == layout.outputCount && !layout.output.names.isEmpty
  }

  /// `:trace INPUT [--weights]`: every neuron's weighted sum, activation and a bar.
  func trace(_ words: [String]) throws(ReplError) {
    let sample = try SampleSyntax(words: words, model: layout, rule: .trace)
    let showWeights = sample.flags.contains("--weights")
    let naming = self.naming
    let normalized = try engine { () throws(EngineError) in
      try network.normalize(raw: sample.inputs)
    }
    var inputParts: [String] = []
    for (index, feature) in layout.features.enumerated() {
      var part = "\(escapedForTerminal(feature.name)) = \(compact(sample.inputs[index]))"
      if !feature.normalization.isIdentity { part += " → \(number(normalized[index]))" }
      inputParts.append(part)
    }
    output.printLine("input  " + inputParts.joined(separator: "  "))
    let layers = try engine { () throws(EngineError) in
      try network.trace(raw: sample.inputs).layers
    }
    for (layerIndex, layer) in layout.layers.enumerated() where layerIndex < layers.count {
      let trace = layers[layerIndex]
      let isOutput = layerIndex == layout.layers.count - 1
      let kind = isOutput ? "output layer" : "layer \(layerIndex + 1)"
      output.printLine(
        style.bold(
          "\(kind) (\(layer.activation.rawValue), \(layer.units) neuron\(layer.units == 1 ? "" : "s"))"
        ))
      let labels = (0..<layer.units).map { naming.neuronLabel(layer: layerIndex, neuron: $0) }
      let labelWidth = labels.map(\.count).max() ?? 0
      let zs = trace.z.map(number)
      let activations = trace.a.map(number)
      let zWidth = zs.map(\.count).max() ?? 0
      let aWidth = activations.map(\.count).max() ?? 0
      let scale = Bar.scale(for: layer.activation, values: trace.a)
      for neuron in 0..<min(layer.units, trace.z.count, trace.a.count) {
        let line =
          "  \(pad(labels[neuron], labelWidth))  z = \(padLeft(zs[neuron], zWidth))"
          + "  a = \(padLeft(activations[neuron], aWidth))  "
          + style.cyan(Bar.draw(trace.a[neuron], scale: scale))
        output.printLine(line)
        if showWeights {
          var parts: [String] = []
          for input in 0..<layer.inputs {
            let position = ParameterPosition(layer: layerIndex, neuron: neuron, input: input)
            parts.append(
              "\(naming.name(position)) = \(number(try parameterValue(position)))"
                + " (\(naming.inputLabel(layer: layerIndex, input: input)))")
          }
          let bias = ParameterPosition(layer: layerIndex, neuron: neuron, input: nil)
          parts.append("\(naming.name(bias)) = \(number(try parameterValue(bias)))")
          output.printLine(
            "  " + String(repeating: " ", count: labelWidth) + "  "
              + style.dim(parts.joined(separator: "  ")))
        }
      }
    }
    if let last = layers.last {
      // Named regression outputs already read "y = 0.99909"; everything else gets the "=".
      output.printLine(
        (hasNamedRegressionOutputs ? "" : "= ") + describe(outputs: answer(last.a)))
    }
  }
}

/// Left-aligns `text` in `width` columns.
func pad(_ text: String, _ width: Int) -> String {
  text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

/// Right-aligns `text` in `width` columns.
func padLeft(_ text: String, _ width: Int) -> String {
  text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}

/// A small horizontal bar for an activation, TensorFlow-Playground style.
enum Bar {
  static let width = 20

  /// The value range a full bar stands for: (0, 1) for sigmoid and softmax, (−1, 1) for tanh,
  /// otherwise the layer's largest magnitude.
  static func scale(for activation: Activation, values: [Double]) -> (low: Double, high: Double) {
    switch activation {
    case .sigmoid, .softmax: return (0, 1)
    case .tanh: return (-1, 1)
    case .relu, .leakyReLU, .identity:
      let largest = values.map(\.magnitude).filter(\.isFinite).max() ?? 1
      let bound = largest > 0 ? largest : 1
      return values.contains(where: { $0 < 0 }) ? (-bound, bound) : (0, bound)
    }
  }

  /// `value` as a bar of ``width`` cells, filled in proportion to its place in `scale`.
  static func draw(_ value: Double, scale: (low: Double, high: Double)) -> String {
    guard value.isFinite, scale.high > scale.low else {
      return String(repeating: "?", count: width)
    }
    let fraction = min(max((value - scale.low) / (scale.high - scale.low), 0), 1)
    let filled = Int((fraction * Double(width)).rounded())
    return String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
  }
}
