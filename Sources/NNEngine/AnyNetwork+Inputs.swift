import NNModel

/// Checked inputs: the forms of `predict` for values that come from a user, a file or a
/// request, which throw ``EngineError`` instead of stopping the program.
extension AnyNetwork {
  /// The answer for raw feature values in feature order (`[128, 63]`: pounds, inches),
  /// normalized with each feature's `Normalization`: the outputs, mapped back to the targets'
  /// units for a model with output normalization (see ``answer(raw:)``).
  ///
  /// - Throws: ``EngineError/inputCount(expected:found:row:)`` unless there is one value per
  ///   feature.
  public func predict(_ raw: [Double]) throws(EngineError) -> [Double] {
    try answer(raw: raw)
  }

  /// The answer for raw feature values given by feature name
  /// (`["weight": 128, "height": 63]`), in the targets' units as `predict(_:)` with an array.
  ///
  /// - Throws: ``EngineError/unknownFeature(name:features:)`` for a name that is not a
  ///   feature (the first in sorted order), ``EngineError/missingFeature(name:)`` for a feature
  ///   without a value (the first in feature order).
  public func predict(_ named: [String: Double]) throws(EngineError) -> [Double] {
    try answer(raw: rawInputs(named))
  }

  /// The raw input row, in feature order, for values given by feature name: what
  /// `predict(_:)` with a dictionary computes from.
  ///
  /// - Throws: as `predict(_:)` with a dictionary.
  public func rawInputs(_ named: [String: Double]) throws(EngineError) -> [Double] {
    let features = features
    let known = Set(features.map(\.name))
    if let unknown = named.keys.filter({ !known.contains($0) }).min() {
      throw .unknownFeature(name: unknown, features: features.map(\.name))
    }
    var row: [Double] = []
    row.reserveCapacity(features.count)
    for feature in features {
      guard let value = named[feature.name] else { throw .missingFeature(name: feature.name) }
      row.append(value)
    }
    return row
  }

  /// The class `outputs` choose (`"F"` for the tutorial's network), or nil for a regression
  /// model: see `OutputSpec.Kind.label(for:)` in NNModel.
  public func label(for outputs: [Double]) -> String? { output.label(for: outputs) }
}
