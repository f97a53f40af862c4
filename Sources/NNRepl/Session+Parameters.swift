import NNEngine
import NNModel

extension Session {
  /// The current state, for the undo history.
  func snapshot() -> Change.Snapshot {
    Change.Snapshot(
      model: network.model, revision: revision, path: modelPath, encoding: modelEncoding,
      file: file, savedRevision: savedRevision)
  }

  /// Records that the parameters changed from `before` to now.
  func recordChange(_ description: String, before: Change.Snapshot, replacesFile: Bool = false) {
    revision = nextRevision
    nextRevision += 1
    if replacesFile { savedRevision = revision }
    undoStack.append(
      Change(
        description: description, before: before, after: snapshot(), replacesFile: replacesFile))
    if undoStack.count > Self.undoLimit { undoStack.removeFirst(undoStack.count - Self.undoLimit) }
    redoStack = []
  }

  private func restore(_ state: Change.Snapshot, restoresFile: Bool) throws(ReplError) {
    network = try EngineCalls.network(for: state.model)
    revision = state.revision
    if restoresFile {
      modelPath = state.path
      modelEncoding = state.encoding
      file = state.file
      savedRevision = state.savedRevision
    }
  }

  /// `:undo`: reverts the last change.
  func undo(_ words: [String]) throws(ReplError) {
    try noArguments(words, command: "undo")
    guard let change = undoStack.popLast() else { throw ReplError("nothing to undo") }
    try restore(change.before, restoresFile: change.replacesFile)
    redoStack.append(change)
    output.printLine("undid \(change.description)")
  }

  /// `:redo`: re-applies the last undone change.
  func redo(_ words: [String]) throws(ReplError) {
    try noArguments(words, command: "redo")
    guard let change = redoStack.popLast() else { throw ReplError("nothing to redo") }
    try restore(change.after, restoresFile: change.replacesFile)
    undoStack.append(change)
    output.printLine("redid \(change.description)")
  }

  /// `:set [NAME VALUE]`: a parameter by name, or a setting; alone, lists the settings.
  func set(_ words: [String]) throws(ReplError) {
    if words.isEmpty {
      let digits = settings.format.decimals.map(String.init) ?? "full"
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
        settings.format = NumberFormat(decimals: nil)
      } else if let digits = Int(text), (0...17).contains(digits) {
        settings.format = NumberFormat(decimals: digits)
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
    let naming = ParameterNaming(model)
    guard let position = naming.position(named: name) else {
      throw ReplError(
        "unknown parameter or setting '\(name)' (parameters: \(Self.range(naming.allNames)); "
          + "settings: \(Settings.names.joined(separator: ", ")))")
    }
    let value = try SampleSyntax.number(text, what: naming.name(position))
    if model.scalarType == .float32, !Float(value).isFinite {
      throw ReplError("\(text) is too large for this f32 model (at most ±3.4e38)")
    }
    let old = naming.value(position)
    let before = snapshot()
    network = try EngineCalls.network(for: model.setting(position, to: value))
    let stored = ParameterNaming(model).value(position)
    recordChange(":set \(naming.name(position)) \(text)", before: before)
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
    let naming = ParameterNaming(model)
    var layers = Array(model.layers.indices)
    if let word = words.first {
      guard words.count == 1, let number = Int(word), number >= 1, number <= model.layers.count
      else {
        throw ReplError(
          "no layer '\(words.joined(separator: " "))' (layers 1 to \(model.layers.count))")
      }
      layers = [number - 1]
    }
    for layerIndex in layers {
      let layer = model.layers[layerIndex]
      let kind = layerIndex == model.layers.count - 1 ? "output layer" : "layer \(layerIndex + 1)"
      output.printLine(
        style.bold(
          "\(kind): \(layer.inputs) input\(layer.inputs == 1 ? "" : "s") → \(layer.units)"
            + " neuron\(layer.units == 1 ? "" : "s"), \(layer.activation.rawValue)"))
      for neuron in 0..<layer.units {
        var parts: [String] = []
        for input in 0..<layer.inputs {
          let position = ParameterPosition(layer: layerIndex, neuron: neuron, input: input)
          parts.append(
            "\(naming.name(position)) = \(number(naming.value(position)))"
              + style.dim(" (\(naming.inputLabel(layer: layerIndex, input: input)))"))
        }
        let bias = ParameterPosition(layer: layerIndex, neuron: neuron, input: nil)
        parts.append("\(naming.name(bias)) = \(number(naming.value(bias)))")
        output.printLine(
          "  \(naming.neuronLabel(layer: layerIndex, neuron: neuron))  "
            + parts.joined(separator: "  "))
      }
    }
  }
}
