import NNModel

/// How `nntool train --normalize` chooses each feature's ``Normalization`` from the data.
///
/// The chosen shift and scale are stored in the model, so a model is always used with raw
/// values (pounds and inches, not "weight minus 135").
public enum NormalizationMethod: String, CaseIterable, Sendable {
  /// x' = x: no change.
  case none
  /// x' = x − mean: the tutorial's "shift the data" (it shifted by round numbers near the mean).
  case shift
  /// x' = (x − mean) / σ, with σ the population standard deviation.
  case standard
  /// x' = (x − min) / (max − min), mapping the training range onto [0, 1].
  case minmax

  /// The normalization this method fits to one feature's training values.
  ///
  /// A constant feature gets scale 1 (its spread is zero), so the scale is never zero.
  public func fit(_ values: [Double]) -> Normalization {
    guard !values.isEmpty, self != .none else { return .identity }
    let mean = Self.mean(values)
    switch self {
    case .none:
      return .identity
    case .shift:
      return Normalization(shift: mean, scale: 1)
    case .standard:
      let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
      let deviation = variance.squareRoot()
      return Normalization(shift: mean, scale: deviation > 0 && deviation.isFinite ? deviation : 1)
    case .minmax:
      guard let low = values.min(), let high = values.max() else { return .identity }
      let span = high - low
      return Normalization(shift: low, scale: span > 0 && span.isFinite ? span : 1)
    }
  }

  /// Fits one normalization per column of `rows` (each row one sample).
  public func fit(rows: [[Double]]) -> [Normalization] {
    guard let width = rows.first?.count else { return [] }
    return (0..<width).map { column in fit(rows.map { $0[column] }) }
  }

  /// The arithmetic mean, summed in order (deterministic).
  static func mean(_ values: [Double]) -> Double {
    values.reduce(0, +) / Double(values.count)
  }
}
