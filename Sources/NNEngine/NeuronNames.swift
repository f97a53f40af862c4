/// The tutorial's names for neurons, the one home for every tool: `h1, h2, …` in a single
/// hidden layer, `h2.1` (layer 2, neuron 1) when there are several, `o1, o2, …` in the output
/// layer — and `ypred` for a single output where the tutorial writes its chain rule
/// (`dL/dypred × dypred/dh1 × dh1/dw1`). Layers and neurons count from 0.
public enum NeuronNames {
  /// How a network's single output neuron is called.
  public enum SingleOutput: Sendable {
    /// `o1`, as in a trace of the network.
    case numbered
    /// `ypred`, as in the tutorial's chain rule.
    case prediction
  }

  /// The name of neuron `neuron` of layer `layer` in a network whose layers have `units`
  /// neurons each.
  public static func name(
    layer: Int, neuron: Int, units: [Int], singleOutput: SingleOutput = .numbered
  ) -> String {
    if layer == units.count - 1 {
      return singleOutput == .prediction && units[layer] == 1 ? "ypred" : "o\(neuron + 1)"
    }
    return units.count == 2 ? "h\(neuron + 1)" : "h\(layer + 1).\(neuron + 1)"
  }
}
