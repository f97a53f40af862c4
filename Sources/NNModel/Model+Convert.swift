extension Model {
  /// This model with every weight and bias tensor converted to `scalarType` (rounding to
  /// nearest when narrowing `f64` to `f32`; widening is exact). Everything else is kept.
  public func converted(to scalarType: ScalarType) -> Model {
    var result = self
    for index in result.layers.indices {
      result.layers[index].weights = result.layers[index].weights.converted(to: scalarType)
      result.layers[index].biases = result.layers[index].biases.converted(to: scalarType)
    }
    return result
  }
}
