import NNModel

extension Model {
  /// The same function without output normalization (format 1.1), for formats that have no
  /// place for it: `y = (W·h + b) · s + t` is folded into the last layer as `W′ = diag(s)·W`,
  /// `b′ = s ∘ b + t`, so an ONNX runtime answers in the targets' units. The fold needs an
  /// identity output activation (what training gives a regression); rounding makes the result
  /// differ from the model's in the last bits at most.
  ///
  /// - Throws: ``InteropError`` (`unsupported-output-normalization`) when the last layer has
  ///   another activation.
  func foldingOutputNormalization() throws(InteropError) -> Model {
    let maps = output.normalization
    guard !maps.isEmpty, let last = layers.last else { return self }
    guard last.activation == .identity else {
      throw InteropError(
        "unsupported-output-normalization", .file,
        "output normalization after a \(last.activation.rawValue) output layer cannot be "
          + "folded into the ONNX graph (only after identity)")
    }
    var weights = last.weights.doubles
    var biases = last.biases.doubles
    for unit in 0..<last.units {
      for input in 0..<last.inputs { weights[unit * last.inputs + input] *= maps[unit].scale }
      biases[unit] = biases[unit] * maps[unit].scale + maps[unit].shift
    }
    var folded = self
    folded.layers[layers.count - 1] = DenseLayer(
      activation: .identity, inputs: last.inputs, units: last.units, weights: weights,
      biases: biases, scalarType: last.weights.scalarType)
    folded.output.normalization = []
    return folded
  }
}
