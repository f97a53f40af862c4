import NNEngine
import NNModel

/// Every call the REPL makes into NNEngine, in one place.
enum EngineCalls {
  /// One layer of a forward trace: weighted sums and activations per neuron.
  struct LayerTrace {
    var z: [Double]
    var a: [Double]
  }

  /// The gradient of the loss for one sample.
  struct Gradient {
    var loss: Double
    /// Per layer, dL/dW row-major `[units × inputs]` and dL/db `[units]`.
    var weights: [[Double]]
    var biases: [[Double]]
  }

  /// The chain-rule factors of one parameter's gradient.
  struct ChainRule {
    var factors: [(label: String, formula: String, value: Double)]
    var product: Double
  }

  static func network(for model: Model) throws(ReplError) -> AnyNetwork {
    do {
      return try AnyNetwork(model: model)
    } catch {
      throw ReplError("cannot run this model: \(error)")
    }
  }

  static func trace(_ network: AnyNetwork, raw: [Double]) -> [LayerTrace] {
    let trace = network.trace(raw: raw)
    return trace.layers.map { LayerTrace(z: $0.z, a: $0.a) }
  }

  static func gradient(
    _ network: AnyNetwork, raw: [Double], target: [Double], loss: Loss
  ) -> Gradient {
    let report = network.gradients(raw: raw, target: target, loss: loss)
    return Gradient(
      loss: report.loss, weights: report.layers.map(\.dW), biases: report.layers.map(\.db))
  }

  static func parameterID(_ position: ParameterPosition) -> ParameterID {
    ParameterID(layer: position.layer, neuron: position.neuron, input: position.input)
  }

  static func chainRule(
    _ network: AnyNetwork, raw: [Double], target: [Double], loss: Loss, parameter: ParameterID
  ) -> ChainRule {
    let breakdown = network.chainRule(raw: raw, target: target, loss: loss, parameter: parameter)
    return ChainRule(
      factors: breakdown.factors.map { ($0.label, $0.formula, $0.value) },
      product: breakdown.product)
  }
}
