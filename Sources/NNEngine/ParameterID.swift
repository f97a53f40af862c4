import NNModel

/// One weight or bias of a network, by position; indices count from 0.
///
/// Names follow the tutorial: weights are numbered `w1, w2, …` across the whole network in
/// the order layer → neuron → input, and biases `b1, b2, …` in the order layer → neuron. For
/// the tutorial's 2-2-1 network this gives its `w1…w6` (h1 takes w1, w2; h2 takes w3, w4; o1
/// takes w5, w6) and `b1…b3`. The long form names the position directly, counting from 1:
/// `L1.n2.w1` is layer 1, neuron 2, input 1, and `L2.n1.b` is the bias of layer 2's neuron 1.
public struct ParameterID: Sendable, Hashable, CustomStringConvertible {
  /// The layer, from 0.
  public var layer: Int
  /// The neuron within the layer, from 0.
  public var neuron: Int
  /// The input the weight multiplies, from 0; nil for the neuron's bias.
  public var input: Int?

  /// Creates an identifier.
  public init(layer: Int, neuron: Int, input: Int?) {
    self.layer = layer
    self.neuron = neuron
    self.input = input
  }

  /// Whether this is a bias.
  public var isBias: Bool { input == nil }

  /// The long form, `L1.n2.w1` or `L2.n1.b` (positions from 1).
  public var description: String { longName }

  /// The long form, `L1.n2.w1` or `L2.n1.b` (positions from 1).
  public var longName: String {
    let base = "L\(layer + 1).n\(neuron + 1)."
    if let input { return base + "w\(input + 1)" }
    return base + "b"
  }

  /// Whether the position exists in `model`.
  public func isValid(in model: Model) -> Bool {
    guard layer >= 0, layer < model.layers.count else { return false }
    let shape = model.layers[layer]
    guard neuron >= 0, neuron < shape.units else { return false }
    if let input { return input >= 0 && input < shape.inputs }
    return true
  }

  /// The short name in `model`: `w` or `b` followed by the number described above.
  public func name(in model: Model) -> String {
    name(shapes: model.layers.map { (inputs: $0.inputs, units: $0.units) })
  }

  /// The short name in a network whose layers have these shapes.
  func name(shapes: [(inputs: Int, units: Int)]) -> String {
    var number = 1
    for shape in shapes.prefix(layer) {
      number += input == nil ? shape.units : shape.units * shape.inputs
    }
    if let input {
      let inputs = layer < shapes.count ? shapes[layer].inputs : 0
      return "w\(number + neuron * inputs + input)"
    }
    return "b\(number + neuron)"
  }

  /// Every parameter of `model` in naming order: all weights (`w1, w2, …`), then all biases.
  public static func all(in model: Model) -> [ParameterID] {
    var weights: [ParameterID] = []
    var biases: [ParameterID] = []
    for (index, layer) in model.layers.enumerated() {
      for neuron in 0..<layer.units {
        for input in 0..<layer.inputs {
          weights.append(ParameterID(layer: index, neuron: neuron, input: input))
        }
        biases.append(ParameterID(layer: index, neuron: neuron, input: nil))
      }
    }
    return weights + biases
  }

  /// Parses a short name (`w5`, `b3`) or a long name (`L1.n2.w1`, `L2.n1.b`), ignoring case;
  /// nil when the name is malformed or outside `model`.
  public init?(name: String, in model: Model) {
    let text = name.lowercased()
    if text.hasPrefix("l") {
      let parts = text.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
      guard parts.count == 3, let layer = Int(parts[0]), parts[1].hasPrefix("n"),
        let neuron = Int(parts[1].dropFirst())
      else { return nil }
      var input: Int?
      if parts[2] != "b" {
        guard parts[2].hasPrefix("w"), let number = Int(parts[2].dropFirst()) else { return nil }
        input = number - 1
      }
      self.init(layer: layer - 1, neuron: neuron - 1, input: input)
    } else {
      guard let kind = text.first, kind == "w" || kind == "b",
        let number = Int(text.dropFirst()), number >= 1
      else { return nil }
      var remaining = number - 1
      var found: ParameterID?
      for (index, layer) in model.layers.enumerated() {
        let count = kind == "w" ? layer.units * layer.inputs : layer.units
        if remaining < count {
          found =
            kind == "w"
            ? ParameterID(
              layer: index, neuron: remaining / layer.inputs, input: remaining % layer.inputs)
            : ParameterID(layer: index, neuron: remaining, input: nil)
          break
        }
        remaining -= count
      }
      guard let found else { return nil }
      self = found
    }
    guard isValid(in: model) else { return nil }
  }
}
