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
  /// An input row does not hold one value per input of the network (per feature): `found`
  /// values instead of `expected`. `row` is the row's index (from 0) in a batch or data set,
  /// nil for a single sample.
  case inputCount(expected: Int, found: Int, row: Int? = nil)
  /// A target row does not hold one value per output of the network: `found` values instead
  /// of `expected`. `row` is the row's index (from 0) in a batch or data set, nil for a single
  /// sample. (Also thrown by `Loss.value(predicted:target:)`, for the predicted values.)
  case targetCount(expected: Int, found: Int, row: Int? = nil)
  /// A batch or data set has a different number of input rows and target rows.
  case rowCountMismatch(inputs: Int, targets: Int)
  /// A batch for ``Network/gradients(batch:targets:loss:)`` has no samples (a mean over none).
  case emptyBatch
  /// A flat ``Dataset`` holds `found` values in its `part` (`"inputs"` or `"targets"`), not
  /// `expected` (`count` rows of the network's width).
  case datasetSize(part: String, expected: Int, found: Int)
  /// A ``ParameterID`` built by hand names no weight or bias of the network (see
  /// `ParameterID.isValid(in:)`).
  case unknownParameter(ParameterID)
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
    case .inputCount(let expected, let found, let row):
      rowPrefix(row)
        + "expected \(expected) input\(expected == 1 ? "" : "s") (one per feature), got \(found)"
    case .targetCount(let expected, let found, let row):
      rowPrefix(row)
        + "expected \(expected) target\(expected == 1 ? "" : "s") (one per output), got \(found)"
    case .rowCountMismatch(let inputs, let targets):
      "\(inputs) input row\(inputs == 1 ? "" : "s") but \(targets) target row\(targets == 1 ? "" : "s")"
    case .emptyBatch: "the batch has no samples"
    case .datasetSize(let part, let expected, let found):
      "the data set's \(part) hold \(found) values, its count and the network need \(expected)"
    case .unknownParameter(let id): "the network has no parameter \(id.longName)"
    case .unknownFeature(let name, let features):
      "no feature named \"\(escapedForTerminal(name))\" (features: "
        + features.map { escapedForTerminal($0) }.joined(separator: ", ") + ")"
    case .missingFeature(let name): "no value for feature \"\(escapedForTerminal(name))\""
    }
  }

  /// "row 3: " (rows numbered from 1 in messages) or nothing for a single sample.
  private func rowPrefix(_ row: Int?) -> String {
    row.map { "row \($0 + 1): " } ?? ""
  }
}
