import NNCommandLine
import NNEngine
import NNModel

/// One weight or bias of a model, by position (all indices from 0): the engine's `ParameterID`,
/// which also owns the naming scheme.
typealias ParameterPosition = ParameterID

/// The names a reader uses for a model's parameters and neurons.
///
/// Parameter names come from `ParameterID` (w1, w2, … through the whole network in the order
/// layer → neuron → input, b1, b2, … in the order layer → neuron, so the tutorial's 2-2-1
/// network has exactly its w1…w6 and b1…b3; the long form `L1.n2.w1` / `L2.n1.b` is accepted
/// too). Neurons are named by NNEngine's `NeuronNames`: h1, h2, … in a single hidden layer,
/// `h2.1` (layer 2, neuron 1) when there are several, and o1, o2, … in the output layer.
struct ParameterNaming {
  var model: Model

  init(_ model: Model) { self.model = model }

  /// The short name, such as `w3` or `b1`.
  func name(_ position: ParameterPosition) -> String { position.name(in: model) }

  /// Every parameter, weights then biases, in numbering order.
  var allPositions: [ParameterPosition] { ParameterID.all(in: model) }

  /// Every parameter's short name.
  var allNames: [String] { allPositions.map(name) }

  /// The parameter `text` names (`w3`, `b1`, `L1.n2.w1`, `L2.n1.b`; case-insensitive).
  func position(named text: String) -> ParameterPosition? { ParameterID(name: text, in: model) }

  /// The long name, such as `L1.n2.w1`.
  func longName(_ position: ParameterPosition) -> String { position.longName }

  /// A neuron's label: h1, h2.1 or o1.
  func neuronLabel(layer: Int, neuron: Int) -> String {
    NeuronNames.name(layer: layer, neuron: neuron, units: model.layers.map(\.units))
  }

  /// What input `input` of `layer` is: a feature name or the previous layer's neuron label.
  func inputLabel(layer: Int, input: Int) -> String {
    if layer == 0 {
      return input < model.features.count
        ? escapedForTerminal(model.features[input].name) : "x\(input + 1)"
    }
    return neuronLabel(layer: layer - 1, neuron: input)
  }
}

extension Session {
  /// The names of the current model's parameters and neurons.
  var naming: ParameterNaming { ParameterNaming(layout) }
}
