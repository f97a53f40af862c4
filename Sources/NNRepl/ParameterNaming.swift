import NNCommandLine
import NNModel

/// One weight or bias of a model, by position (all indices from 0).
struct ParameterPosition: Equatable {
  /// The layer, from the input side.
  var layer: Int
  /// The neuron within the layer.
  var neuron: Int
  /// The input the weight multiplies, or nil for the neuron's bias.
  var input: Int?
}

/// The names a reader uses for a model's parameters and neurons.
///
/// Weights are numbered w1, w2, … through the whole network in the order layer → neuron →
/// input, and biases b1, b2, … in the order layer → neuron, so the tutorial's 2-2-1 network has
/// exactly its w1…w6 and b1…b3. The long form `L1.n2.w1` (layer 1, neuron 2, its first weight)
/// and `L2.n1.b` is accepted too. Neurons are h1, h2, … in a single hidden layer, `h2.1` (layer 2,
/// neuron 1) when there are several, and o1, o2, … in the output layer.
struct ParameterNaming {
  var model: Model

  init(_ model: Model) { self.model = model }

  private func weightsBefore(layer: Int) -> Int {
    model.layers[..<layer].reduce(0) { $0 + $1.units * $1.inputs }
  }

  private func unitsBefore(layer: Int) -> Int {
    model.layers[..<layer].reduce(0) { $0 + $1.units }
  }

  /// The short name, such as `w3` or `b1`.
  func name(_ position: ParameterPosition) -> String {
    let layer = model.layers[position.layer]
    if let input = position.input {
      return "w\(weightsBefore(layer: position.layer) + position.neuron * layer.inputs + input + 1)"
    }
    return "b\(unitsBefore(layer: position.layer) + position.neuron + 1)"
  }

  /// Every parameter, weights then biases, in numbering order.
  var allPositions: [ParameterPosition] {
    var weights: [ParameterPosition] = []
    var biases: [ParameterPosition] = []
    for (index, layer) in model.layers.enumerated() {
      for neuron in 0..<layer.units {
        for input in 0..<layer.inputs {
          weights.append(ParameterPosition(layer: index, neuron: neuron, input: input))
        }
        biases.append(ParameterPosition(layer: index, neuron: neuron, input: nil))
      }
    }
    return weights + biases
  }

  /// Every parameter's short name.
  var allNames: [String] { allPositions.map(name) }

  /// The parameter `text` names (`w3`, `b1`, `L1.n2.w1`, `L2.n1.b`; case-insensitive).
  func position(named text: String) -> ParameterPosition? {
    let lower = text.lowercased()
    if lower.hasPrefix("l"), lower.contains(".") {
      return longPosition(lower)
    }
    guard let kind = lower.first, kind == "w" || kind == "b",
      let number = Int(lower.dropFirst()), number >= 1
    else { return nil }
    var remaining = number - 1
    for (index, layer) in model.layers.enumerated() {
      let count = kind == "w" ? layer.units * layer.inputs : layer.units
      if remaining < count {
        if kind == "b" { return ParameterPosition(layer: index, neuron: remaining, input: nil) }
        return ParameterPosition(
          layer: index, neuron: remaining / layer.inputs, input: remaining % layer.inputs)
      }
      remaining -= count
    }
    return nil
  }

  private func longPosition(_ text: String) -> ParameterPosition? {
    let parts = text.split(separator: ".")
    guard parts.count == 3, parts[0].hasPrefix("l"), parts[1].hasPrefix("n"),
      let layer = Int(parts[0].dropFirst()), let neuron = Int(parts[1].dropFirst()),
      layer >= 1, layer <= model.layers.count, neuron >= 1,
      neuron <= model.layers[layer - 1].units
    else { return nil }
    if parts[2] == "b" {
      return ParameterPosition(layer: layer - 1, neuron: neuron - 1, input: nil)
    }
    guard parts[2].hasPrefix("w"), let input = Int(parts[2].dropFirst()), input >= 1,
      input <= model.layers[layer - 1].inputs
    else { return nil }
    return ParameterPosition(layer: layer - 1, neuron: neuron - 1, input: input - 1)
  }

  /// The long name, such as `L1.n2.w1`.
  func longName(_ position: ParameterPosition) -> String {
    let tail = position.input.map { "w\($0 + 1)" } ?? "b"
    return "L\(position.layer + 1).n\(position.neuron + 1).\(tail)"
  }

  /// A neuron's label: h1, h2.1 or o1.
  func neuronLabel(layer: Int, neuron: Int) -> String {
    if layer == model.layers.count - 1 { return "o\(neuron + 1)" }
    if model.layers.count == 2 { return "h\(neuron + 1)" }
    return "h\(layer + 1).\(neuron + 1)"
  }

  /// What input `input` of `layer` is: a feature name or the previous layer's neuron label.
  func inputLabel(layer: Int, input: Int) -> String {
    if layer == 0 {
      return input < model.features.count
        ? Escaping.singleLine(model.features[input].name) : "x\(input + 1)"
    }
    return neuronLabel(layer: layer - 1, neuron: input)
  }

  /// The parameter's current value.
  func value(_ position: ParameterPosition) -> Double {
    let layer = model.layers[position.layer]
    if let input = position.input {
      return layer.weights.doubles[position.neuron * layer.inputs + input]
    }
    return layer.biases.doubles[position.neuron]
  }
}

extension Model {
  /// This model with one parameter replaced, rounded to the model's element type.
  func setting(_ position: ParameterPosition, to value: Double) -> Model {
    var copy = self
    var layer = copy.layers[position.layer]
    if let input = position.input {
      layer.weights = layer.weights.replacing(
        at: position.neuron * layer.inputs + input, with: value)
    } else {
      layer.biases = layer.biases.replacing(at: position.neuron, with: value)
    }
    copy.layers[position.layer] = layer
    return copy
  }
}

extension Tensor {
  /// This tensor with element `index` replaced (rounded to nearest for float32).
  func replacing(at index: Int, with value: Double) -> Tensor {
    var copy = self
    switch storage {
    case .float32(var values):
      values[index] = Float(value)
      copy.storage = .float32(values)
    case .float64(var values):
      values[index] = value
      copy.storage = .float64(values)
    }
    return copy
  }
}
