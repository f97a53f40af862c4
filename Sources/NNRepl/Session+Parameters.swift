import NNEngine
import NNModel

extension Session {
  /// `:set [NAME VALUE]`: a parameter by name, or a setting; alone, lists the settings.
  func set(_ words: [String]) throws(ReplError) {
    if words.isEmpty {
      let digits = settings.decimals.map(String.init) ?? "full"
      output.printLine(
        "lr \(compact(settings.learningRate))  epochs \(settings.epochs)  batch \(settings.batchSize)"
          + "  loss \(settings.loss.rawValue)  digits \(digits)")
      return
    }
    guard words.count == 2 else {
      throw ReplError(":set needs a name and a value, such as ':set w1 0.5' or ':set lr 0.05'")
    }
    let name = words[0]
    let text = words[1]
    switch name.lowercased() {
    case "lr":
      settings.learningRate = try learningRate(text)
    case "epochs":
      settings.epochs = try positiveInteger(text, default: 1, what: "epochs")
    case "batch":
      settings.batchSize = try positiveInteger(text, default: 1, what: "batch")
    case "loss":
      guard let loss = Loss(rawValue: text.lowercased()) else {
        throw ReplError("unknown loss '\(text)' (mse, bce, ce)")
      }
      settings.loss = loss
    case "digits":
      if text.lowercased() == "full" {
        settings.decimals = nil
      } else if let digits = Int(text), (0...17).contains(digits) {
        settings.decimals = digits
      } else {
        throw ReplError("digits must be 0 to 17 or 'full', not '\(text)'")
      }
    default:
      try setParameter(name, text)
      return
    }
    output.printLine("\(name.lowercased()) = \(text)")
  }

  private func setParameter(_ name: String, _ text: String) throws(ReplError) {
    let naming = self.naming
    guard let position = naming.position(named: name) else {
      throw ReplError(
        "unknown parameter or setting '\(name)' (parameters: \(Self.range(naming.allNames)); "
          + "settings: \(Settings.names.joined(separator: ", ")))")
    }
    let value = try SampleSyntax.number(text, what: naming.name(position))
    if layout.scalarType == .float32, !Float(value).isFinite {
      throw ReplError("\(text) is too large for this f32 model (at most ±3.4e38)")
    }
    let old = try parameterValue(position)
    try engine { () throws(EngineError) in try network.setParameter(position, to: value) }
    let stored = try parameterValue(position)
    recordChange(
      ":set \(naming.name(position)) \(text)",
      edits: ParameterEdits(ids: [position], old: [old], new: [stored]))
    output.printLine("\(naming.name(position)): \(number(old)) → \(number(stored))")
  }

  /// `w1…w6, b1…b3` for a list of names.
  static func range(_ names: [String]) -> String {
    let weights = names.filter { $0.hasPrefix("w") }
    let biases = names.filter { $0.hasPrefix("b") }
    var parts: [String] = []
    for group in [weights, biases] where !group.isEmpty {
      parts.append(group.count == 1 ? group[0] : "\(group[0])…\(group[group.count - 1])")
    }
    return parts.joined(separator: ", ")
  }

  /// `:weights [LAYER]`: every parameter by name, neuron by neuron.
  func weights(_ words: [String]) throws(ReplError) {
    let naming = self.naming
    var layers = Array(layout.layers.indices)
    if let word = words.first {
      guard words.count == 1, let number = Int(word), number >= 1, number <= layout.layers.count
      else {
        throw ReplError(
          "no layer '\(words.joined(separator: " "))' (layers 1 to \(layout.layers.count))")
      }
      layers = [number - 1]
    }
    for layerIndex in layers {
      let layer = layout.layers[layerIndex]
      let kind = layerIndex == layout.layers.count - 1 ? "output layer" : "layer \(layerIndex + 1)"
      output.printLine(
        style.bold(
          "\(kind): \(layer.inputs) input\(layer.inputs == 1 ? "" : "s") → \(layer.units)"
            + " neuron\(layer.units == 1 ? "" : "s"), \(layer.activation.rawValue)"))
      for neuron in 0..<layer.units {
        var parts: [String] = []
        for input in 0..<layer.inputs {
          let position = ParameterPosition(layer: layerIndex, neuron: neuron, input: input)
          parts.append(
            "\(naming.name(position)) = \(number(try parameterValue(position)))"
              + style.dim(" (\(naming.inputLabel(layer: layerIndex, input: input)))"))
        }
        let bias = ParameterPosition(layer: layerIndex, neuron: neuron, input: nil)
        parts.append("\(naming.name(bias)) = \(number(try parameterValue(bias)))")
        output.printLine(
          "  \(naming.neuronLabel(layer: layerIndex, neuron: neuron))  "
            + parts.joined(separator: "  "))
      }
    }
  }
}
