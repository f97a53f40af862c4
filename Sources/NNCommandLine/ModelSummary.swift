import NNEngine
import NNModel

/// Everything `nntool inspect` reports about a model file, as text or JSON.
public struct ModelSummary: Sendable {
  /// The file as read.
  public var loaded: LoadedModel

  /// Creates a summary of a model read from a file.
  public init(loaded: LoadedModel) {
    self.loaded = loaded
  }

  /// Whether ``loaded`` describes a file; false for a model not saved yet, whose summary says
  /// so instead of giving the file's facts.
  public var isSaved = true

  /// Creates a summary of a model not saved to a file yet (imported, or built in code); `name`
  /// titles it when the model has no name of its own.
  public init(unsaved model: Model, name: String) {
    loaded = LoadedModel(
      path: name, model: model, encoding: .binary, formatVersion: "", byteCount: 0)
    isSaved = false
  }

  private var model: Model { loaded.model }

  /// The report for people.
  ///
  /// Every string read from the file (names, units, labels, provenance, metadata) and the path
  /// are escaped in full with `escapedForTerminal(_:keepingBackslashes:)`, in the tables too (a
  /// ``TextTable`` only escapes control characters, keeping backslashes): a literal `\` then
  /// `n` prints as `\\n`, never like the `\n` of a real line break.
  public func text(weights: Bool, digits: Int, terminal: Terminal) -> String {
    let number = { (value: Double) in NumberFormatting.short(value, significantDigits: digits) }
    let shown = { (text: String) in escapedForTerminal(text) }
    var out = ""
    let title = shown(model.name ?? FileAccess.fileName(of: loaded.path))
    out += "model: \(title)\n"
    if let description = model.description {
      out += "description: \(escapedForTerminal(description))\n"
    }
    if isSaved {
      out +=
        "file: \(escapedForTerminal(loaded.path)) (\(loaded.encoding.rawValue), format \(loaded.formatVersion), \(loaded.byteCount) bytes)\n"
      // Reading succeeded, so every checksum matched and Model.validate() passed.
      let integrity =
        loaded.encoding == .binary
        ? "OK (checksums verified, structure valid)" : "OK (structure valid)"
      out += "integrity: \(integrity)\n"
    } else {
      out += "file: none (not saved yet)\n"
    }
    out += "dtype: \(model.scalarType.rawValue)\n\n"

    var layers = TextTable(
      header: ["layer", "inputs", "units", "activation", "parameters"],
      alignments: [.left, .right, .right, .left, .right])
    for (index, layer) in model.layers.enumerated() {
      layers.append([
        String(index + 1), String(layer.inputs), String(layer.units), layer.activation.rawValue,
        String(layer.weights.storage.count + layer.biases.storage.count),
      ])
    }
    layers.append([
      "total", String(model.inputCount), String(model.outputCount), "",
      String(model.parameterCount),
    ])
    out += layers.render() + "\n"

    var features = TextTable(
      header: ["input", "feature", "unit", "shift", "scale"],
      alignments: [.left, .left, .left, .right, .right])
    for (index, feature) in model.features.enumerated() {
      features.append([
        String(index + 1), shown(feature.name), shown(feature.unit ?? ""),
        NumberFormatting.exactIfShort(feature.normalization.shift, significantDigits: digits),
        NumberFormatting.exactIfShort(feature.normalization.scale, significantDigits: digits),
      ])
    }
    out += features.render() + "\n"
    out += "output: \(ModelDescription.task(model.output.task))\n"
    if !model.output.names.isEmpty {
      out +=
        "output names: " + model.output.names.map { escapedForTerminal($0) }.joined(separator: ", ")
        + "\n"
    }
    if !model.output.normalization.isEmpty {
      // The map back from the network's outputs to the target's units (format 1.1).
      var outputs = TextTable(
        header: ["output", "name", "shift", "scale"], alignments: [.left, .left, .right, .right])
      for (index, map) in model.output.normalization.enumerated() {
        outputs.append([
          String(index + 1),
          index < model.output.names.count ? shown(model.output.names[index]) : "",
          NumberFormatting.exactIfShort(map.shift, significantDigits: digits),
          NumberFormatting.exactIfShort(map.scale, significantDigits: digits),
        ])
      }
      out += "output normalization (answer = output × scale + shift):\n" + outputs.render()
    }
    if let provenance = model.provenance {
      out += "\n" + Self.provenanceText(provenance, number: number, shown: shown)
    }
    if !model.metadata.isEmpty {
      out += "\nmetadata:\n"
      for (key, value) in ModelDescription.sortedMetadata(model.metadata) {
        out += "  \(escapedForTerminal(key)) = \(escapedForTerminal(value))\n"
      }
    }
    if !model.extraSections.isEmpty {
      out += "\nunknown sections kept: \(model.extraSections.count)\n"
    }
    if weights { out += "\n" + Self.weightsText(model, number: number, shown: shown) }
    return out
  }

  private static func provenanceText(
    _ provenance: Provenance, number: (Double) -> String, shown: (String) -> String
  ) -> String {
    var table = TextTable(header: [])
    if let tool = provenance.tool {
      table.append(["tool", shown(tool) + (provenance.toolVersion.map { " " + shown($0) } ?? "")])
    }
    if let file = provenance.dataFile {
      var data = shown(file)
      if let rows = provenance.dataRows { data += " (\(rows) rows)" }
      table.append(["data", data])
    }
    if let sha = provenance.dataSHA256 { table.append(["data sha256", shown(sha)]) }
    if let loss = provenance.loss { table.append(["loss", shown(loss)]) }
    if let optimizer = provenance.optimizer {
      let parameters = provenance.hyperparameters.sorted { $0.key < $1.key }
        .map { "\(shown($0.key)) \(number($0.value))" }.joined(separator: ", ")
      table.append(["optimizer", shown(optimizer) + (parameters.isEmpty ? "" : " (\(parameters))")])
    }
    if let seed = provenance.seed {
      table.append(["seed", String(seed) + (provenance.rng.map { " (\(shown($0)))" } ?? "")])
    }
    if let epochs = provenance.epochs { table.append(["epochs", String(epochs)]) }
    if let last = provenance.lossHistory.last {
      table.append(["final loss", number(last)])
      table.append(["loss history", Sparkline.render(provenance.lossHistory)])
    }
    if let last = provenance.validationLossHistory.last {
      table.append(["final validation loss", number(last)])
      table.append(["validation history", Sparkline.render(provenance.validationLossHistory)])
    }
    if let created = provenance.createdAt { table.append(["created", shown(created)]) }
    return "training:\n"
      + table.render().split(separator: "\n", omittingEmptySubsequences: false)
      .map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n")
  }

  private static func weightsText(
    _ model: Model, number: (Double) -> String, shown: (String) -> String
  ) -> String {
    var out = ""
    let units = model.layers.map(\.units)
    for (index, layer) in model.layers.enumerated() {
      out += "layer \(index + 1) (\(layer.activation.rawValue)):\n"
      // Neurons and parameters are named as everywhere else (`h1`, `w5`): NeuronNames and
      // ParameterID own the scheme.
      let names: [String] =
        index == 0
        ? model.features.map { shown($0.name) }
        : (0..<layer.inputs).map { NeuronNames.name(layer: index - 1, neuron: $0, units: units) }
      var table = TextTable(
        header: ["neuron"] + names.map { "← " + $0 } + ["bias"],
        alignments: [.left] + Array(repeating: .right, count: names.count + 1))
      let weights = layer.weights.doubles
      let biases = layer.biases.doubles
      for unit in 0..<layer.units {
        var row = [String(unit + 1)]
        for input in 0..<layer.inputs {
          let name = ParameterID(layer: index, neuron: unit, input: input).name(in: model)
          row.append(name + "=" + number(weights[unit * layer.inputs + input]))
        }
        let bias = ParameterID(layer: index, neuron: unit, input: nil).name(in: model)
        row.append(bias + "=" + number(biases[unit]))
        table.append(row)
      }
      out += table.render()
    }
    return out
  }

  /// The report as one JSON document, with every parameter in full precision.
  public var json: JSONValue {
    .object([
      ("file", .string(loaded.path)),
      (
        "format",
        .object([
          ("version", .string(loaded.formatVersion)),
          ("encoding", .string(loaded.encoding.rawValue)),
          ("bytes", .integer(loaded.byteCount)),
        ])
      ),
      ("valid", .bool(true)),
      ("name", .optional(model.name)), ("description", .optional(model.description)),
      ("dtype", .string(model.scalarType.rawValue)), ("inputs", .integer(model.inputCount)),
      ("outputs", .integer(model.outputCount)), ("parameters", .integer(model.parameterCount)),
      ("features", .array(model.features.map(ModelDescription.json))),
      (
        "layers",
        .array(
          model.layers.enumerated().map { index, layer in
            .object([
              ("layer", .integer(index + 1)), ("inputs", .integer(layer.inputs)),
              ("units", .integer(layer.units)), ("activation", .string(layer.activation.rawValue)),
              ("parameters", .integer(layer.weights.storage.count + layer.biases.storage.count)),
              ("weights", .numbers(layer.weights.doubles)),
              ("biases", .numbers(layer.biases.doubles)),
            ])
          })
      ),
      ("output", ModelDescription.json(model.output)),
      ("provenance", model.provenance.map(ModelDescription.json) ?? .null),
      ("metadata", ModelDescription.json(metadata: model.metadata)),
      ("extra_sections", .integer(model.extraSections.count)),
    ])
  }
}
