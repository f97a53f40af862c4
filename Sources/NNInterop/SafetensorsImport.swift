import NNModel

extension SafetensorsFile {
  func importModel(options: ImportOptions) throws(InteropError) -> ImportedModel {
    if let text = metadata[Safetensors.metaKey] {
      let skeleton: Model
      do {
        skeleton = try Model(metaDocument: Array(text.utf8))
      } catch {
        throw InteropError(error, inside: "__metadata__[\"\(Safetensors.metaKey)\"]")
      }
      return try importWithMeta(skeleton, options: options)
    }
    return try importChain(options: options)
  }

  func entry(_ name: String) -> SafetensorsEntry? { entries.first { $0.name == name } }

  /// Lossless: the META document says everything but the elements.
  func importWithMeta(_ skeleton: Model, options: ImportOptions) throws(InteropError)
    -> ImportedModel
  {
    var model = skeleton
    let indices = Safetensors.linearIndices(model.layers.map(\.activation))
    // Checked while copying, so that validation need not scan the elements again.
    var allFinite = true
    for (k, index) in indices.enumerated() {
      for part in ["weight", "bias"] {
        let name = "\(index).\(part)"
        guard let entry = entry(name) else {
          throw InteropError(
            "missing-tensor", .tensor(name), "the nnkit metadata names it; the file lacks it")
        }
        let expected = part == "weight" ? model.layers[k].weights : model.layers[k].biases
        let dtype = expected.scalarType == .float32 ? "F32" : "F64"
        guard entry.dtype == dtype, entry.shape == expected.shape else {
          throw InteropError(
            "shape-mismatch", .tensor(name),
            "\(entry.dtype) \(entry.shape), the nnkit metadata says \(dtype) \(expected.shape)")
        }
        let (storage, finite) = try checkedStorage(entry)
        allFinite = allFinite && finite
        if part == "weight" {
          model.layers[k].weights.storage = storage
        } else {
          model.layers[k].biases.storage = storage
        }
      }
    }
    var expected = Set(indices.flatMap { ["\($0).weight", "\($0).bias"] })
    if !model.output.normalization.isEmpty {
      let index = Safetensors.outputNormalizationIndex(model.layers.map(\.activation))
      try checkOutputNormalization(of: model, at: index)
      expected.formUnion(["\(index).weight", "\(index).bias"])
    }
    if let extra = entries.first(where: { !expected.contains($0.name) }) {
      throw InteropError(
        "unexpected-tensor", .tensor(extra.name),
        "not part of the model the nnkit metadata describes")
    }
    try ModelCompletion(options: options).override(&model)
    return ImportedModel(model: try validated(model, valuesChecked: allFinite), notes: [])
  }

  /// The last `Linear` of a model with output normalization must be `diag(scale)` and `shift`
  /// in the file's dtype; the exact values come from the META document (`model`).
  func checkOutputNormalization(of model: Model, at index: Int) throws(InteropError) {
    let units = model.outputCount
    let dtype = model.scalarType == .float32 ? "F32" : "F64"
    let stated = model.output.normalizationConstants(model.scalarType, units: units)
    for (part, shape) in [("weight", [units, units]), ("bias", [units])] {
      let name = "\(index).\(part)"
      guard let entry = entry(name) else {
        throw InteropError(
          "missing-tensor", .tensor(name),
          "the nnkit metadata states output normalization (its Linear); the file lacks it")
      }
      guard entry.dtype == dtype, entry.shape == shape else {
        throw InteropError(
          "shape-mismatch", .tensor(name),
          "\(entry.dtype) \(entry.shape), the output normalization's Linear is \(dtype) \(shape)")
      }
      let values = try storage(entry).doubles
      let holds =
        part == "bias"
        ? values == stated.shifts
        : values.indices.allSatisfy {
          values[$0] == ($0 / units == $0 % units ? stated.scales[$0 % units] : 0)
        }
      guard holds else {
        throw InteropError(
          "output-normalization", .tensor(name),
          "is not the \(part == "bias" ? "shift" : "diag(scale)") of the output normalization "
            + "the nnkit metadata states (freeze this Linear when fine-tuning in PyTorch)")
      }
    }
  }

  /// Without nnkit metadata: `<prefix>.weight` `[out, in]` and `<prefix>.bias` `[out]`, layers
  /// ordered by the numbers in their prefixes, activations from the options.
  func importChain(options: ImportOptions) throws(InteropError) -> ImportedModel {
    var notes: [String] = []
    var groups: [String: (weight: SafetensorsEntry?, bias: SafetensorsEntry?)] = [:]
    for entry in entries {
      let name = entry.name
      if name.hasSuffix(".weight") {
        groups[String(name.dropLast(7)), default: (nil, nil)].weight = entry
      } else if name.hasSuffix(".bias") {
        groups[String(name.dropLast(5)), default: (nil, nil)].bias = entry
      } else {
        throw InteropError(
          "unexpected-tensor", .tensor(name),
          "only Linear layers' <name>.weight and <name>.bias tensors can be imported")
      }
    }
    guard !groups.isEmpty else {
      throw InteropError("no-layers", .file, "the file holds no tensors")
    }
    let ordered = groups.sorted { naturalOrder($0.key, $1.key) }
    let hasDouble = entries.contains { $0.dtype == "F64" }
    let scalarType: ScalarType = hasDouble ? .float64 : .float32
    if entries.contains(where: { $0.dtype == "F16" || $0.dtype == "BF16" }) {
      notes.append("F16/BF16 tensors widened to \(scalarType.rawValue) (exactly)")
    }
    if hasDouble && entries.contains(where: { $0.dtype != "F64" }) {
      notes.append("tensors of several types: all widened to f64 (exactly)")
    }
    let hidden = options.activation ?? .sigmoid
    let task = options.task
    let last: Activation =
      options.outputActivation
      ?? (task == .binary ? .sigmoid : task == .multiclass ? .softmax : .identity)
    if options.activation == nil && ordered.count > 1 {
      notes.append(
        "activations are not in the file: hidden layers \(hidden.rawValue) (use --activation)")
    }
    if options.outputActivation == nil {
      notes.append(
        "the output activation is not in the file: \(last.rawValue) (use --output-activation)")
    }
    var layers: [DenseLayer] = []
    for (k, (prefix, group)) in ordered.enumerated() {
      guard let weight = group.weight else {
        throw InteropError(
          "missing-tensor", .tensor(prefix + ".bias"), "a bias without \(prefix).weight")
      }
      guard weight.shape.count == 2 else {
        throw InteropError(
          "shape-mismatch", .tensor(weight.name),
          "shape \(weight.shape); a Linear weight is [out, in]")
      }
      let (units, inputs) = (weight.shape[0], weight.shape[1])
      guard (1...NNMFormat.maxUnits).contains(units), (1...NNMFormat.maxUnits).contains(inputs)
      else {
        throw InteropError(
          "shape-mismatch", .tensor(weight.name),
          "shape \(weight.shape); each dimension must be 1 to \(NNMFormat.maxUnits)")
      }
      if let previous = layers.last, previous.units != inputs {
        throw InteropError(
          "shape-mismatch", .tensor(weight.name),
          "takes \(inputs) inputs, the previous layer has \(previous.units) units")
      }
      let weights = Tensor(shape: [units, inputs], storage: try storage(weight)).converted(
        to: scalarType)
      var biases = Tensor(
        shape: [units], values: Array(repeating: 0, count: units), scalarType: scalarType)
      if let bias = group.bias {
        guard bias.shape == [units] else {
          throw InteropError(
            "shape-mismatch", .tensor(bias.name),
            "shape \(bias.shape) for a layer of \(units) units")
        }
        biases = Tensor(shape: [units], storage: try storage(bias)).converted(to: scalarType)
      } else {
        notes.append("\(prefix) has no bias: zeros")
      }
      let activation = k == ordered.count - 1 ? last : hidden
      layers.append(DenseLayer(activation: activation, weights: weights, biases: biases))
    }
    guard let firstLayer = layers.first, let lastLayer = layers.last else {
      preconditionFailure("one layer per group, and an empty file was refused above")
    }
    var completion = ModelCompletion(options: options)
    let features = try completion.features(
      count: firstLayer.inputs,
      normalization: Array(repeating: .identity, count: firstLayer.inputs))
    let output = try completion.output(units: lastLayer.units, lastActivation: last)
    var metadata: [String: String] = [:]
    for (key, value) in self.metadata where key != "format" {
      metadata["safetensors." + key] = value
    }
    let model = Model(features: features, layers: layers, output: output, metadata: metadata)
    return ImportedModel(model: try validated(model), notes: notes + completion.notes)
  }
}

/// Orders names so that runs of digits compare as numbers: `2` before `10`, `fc2` before `fc10`.
func naturalOrder(_ a: String, _ b: String) -> Bool {
  func parts(_ text: String) -> [(Bool, String)] {
    var result: [(Bool, String)] = []
    for character in text {
      let isDigit = character.isASCII && character.isNumber
      if let last = result.last, last.0 == isDigit {
        result[result.count - 1].1.append(character)
      } else {
        result.append((isDigit, String(character)))
      }
    }
    return result
  }
  let (x, y) = (parts(a), parts(b))
  for (p, q) in zip(x, y) where p.1 != q.1 {
    if p.0 && q.0 {
      let (m, n) = (p.1.drop { $0 == "0" }, q.1.drop { $0 == "0" })
      if m.count != n.count { return m.count < n.count }
      return m < n
    }
    return p.1 < q.1
  }
  return x.count < y.count
}
