import NNModel

/// Why a model cannot be turned into a ``Network``, or why inputs given to a network do not
/// fit it.
///
/// Layers are numbered from 1 in messages, as in the long parameter names (`L1.n2.w1`).
public enum EngineError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The model has no layers.
  case noLayers
  /// The model has no input features.
  case noInputs
  /// A layer has no neurons (layer index from 0).
  case emptyLayer(layer: Int)
  /// A layer's weight tensor does not have the shape `[units, inputs]` the network needs.
  case weightShape(layer: Int, expected: [Int], found: [Int])
  /// A layer's bias tensor does not have the shape `[units]`.
  case biasShape(layer: Int, expected: [Int], found: [Int])
  /// A tensor holds a different number of elements than its shape says.
  case elementCount(layer: Int, tensor: String, expected: Int, found: Int)
  /// A layer other than the last uses softmax.
  case softmaxNotLast(layer: Int)
  /// A layer's size overflows the address space.
  case tooLarge(layer: Int)
  /// Layer sizes and activations passed to ``initializedModel(features:layerSizes:activations:output:initialization:scalarType:seed:)``
  /// do not match.
  case layerListMismatch(sizes: Int, activations: Int)
  /// Inputs passed to `AnyNetwork.predict(_:)` (positional) are not one per feature.
  case inputCount(expected: Int, found: Int)
  /// A name passed to `AnyNetwork.predict(_:)` (by name) is not a feature of the
  /// model.
  case unknownFeature(name: String, features: [String])
  /// A feature of the model has no value among the named inputs.
  case missingFeature(name: String)

  /// A one-line explanation.
  public var description: String {
    switch self {
    case .noLayers: "the model has no layers"
    case .noInputs: "the model has no input features"
    case .emptyLayer(let layer): "layer \(layer + 1) has no neurons"
    case .weightShape(let layer, let expected, let found):
      "layer \(layer + 1): weights have shape \(found), expected \(expected) ([units, inputs])"
    case .biasShape(let layer, let expected, let found):
      "layer \(layer + 1): biases have shape \(found), expected \(expected)"
    case .elementCount(let layer, let tensor, let expected, let found):
      "layer \(layer + 1): \(tensor) hold \(found) values, their shape needs \(expected)"
    case .softmaxNotLast(let layer):
      "layer \(layer + 1) uses softmax, which is allowed only on the output layer"
    case .tooLarge(let layer): "layer \(layer + 1) is too large"
    case .layerListMismatch(let sizes, let activations):
      "\(sizes) layer sizes but \(activations) activations"
    case .inputCount(let expected, let found):
      "expected \(expected) input\(expected == 1 ? "" : "s") (one per feature), got \(found)"
    case .unknownFeature(let name, let features):
      "no feature named \"\(escapedForTerminal(name))\" (features: "
        + features.map(escapedForTerminal).joined(separator: ", ") + ")"
    case .missingFeature(let name): "no value for feature \"\(escapedForTerminal(name))\""
    }
  }
}
