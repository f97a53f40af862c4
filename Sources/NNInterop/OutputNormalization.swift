import NNModel

// Output normalization (format 1.1) travels as explicit steps after the last layer, never
// folded into its weights, so that export → import gives the same model back and any output
// activation can be exported:
// - ONNX: `Mul(scale)` then `Add(shift)` after the last activation (``ONNXExporter``);
// - safetensors: one more `nn.Linear(out, out)` with weight `diag(scale)` and bias `shift`.
// The files hold the values in the model's dtype; the exact (f64) values travel in the META
// document, and an importer takes them from there after checking that the file's constants
// are those values rounded to the dtype.

extension OutputSpec {
  /// The output normalization's scales and shifts rounded to `scalarType`, as the file holds
  /// them (all 1 and 0 when the model has none and `units` are given).
  func normalizationConstants(_ scalarType: ScalarType, units: Int) -> (
    scales: [Double], shifts: [Double]
  ) {
    let maps =
      normalization.isEmpty ? Array(repeating: Normalization.identity, count: units) : normalization
    return (
      Tensor(shape: [maps.count], values: maps.map(\.scale), scalarType: scalarType).doubles,
      Tensor(shape: [maps.count], values: maps.map(\.shift), scalarType: scalarType).doubles
    )
  }

  /// Whether `found` (the steps read from a file, empty for none) is this output
  /// normalization rounded to `scalarType`: what the file of a model with this META holds.
  func normalizationMatches(_ found: [Normalization], scalarType: ScalarType, units: Int) -> Bool {
    let stated = normalizationConstants(scalarType, units: units)
    let maps = found.isEmpty ? Array(repeating: Normalization.identity, count: units) : found
    return maps.map(\.scale) == stated.scales && maps.map(\.shift) == stated.shifts
  }
}

extension NormalizationStep.Kind {
  /// The step of an ONNX `Sub`, `Add`, `Mul` or `Div` node.
  init(_ opType: String) {
    switch opType {
    case "Sub": self = .sub
    case "Add": self = .add
    case "Mul": self = .mul
    default: self = .div
    }
  }
}

extension ONNXGraphImporter {
  /// Folds the per-output steps after the last layer into `y = y′ · scale + shift`, or nothing
  /// when there are none. nnkit's own `Mul(scale)`, `Add(shift)` give `scale` and `shift`
  /// exactly (`1 · s`, `0 · s + t`).
  func foldOutput(_ steps: [NormalizationStep], units: Int) throws(InteropError)
    -> [Normalization]
  {
    guard !steps.isEmpty else { return [] }
    var result = Array(repeating: Normalization.identity, count: units)
    for step in steps {
      guard step.values.count == units || step.values.count == 1 else {
        throw refuse(step.node, "\(step.values.count) constants for \(units) outputs")
      }
      for k in 0..<units {
        let c = step.values.count == 1 ? step.values[0] : step.values[k]
        switch step.kind {
        // (y′ · s + t) · c = y′ · (s · c) + t · c, and so on.
        case .mul:
          result[k].scale *= c
          result[k].shift *= c
        case .div:
          result[k].scale /= c
          result[k].shift /= c
        case .add: result[k].shift += c
        case .sub: result[k].shift -= c
        }
        guard result[k].scale.isFinite, result[k].scale != 0, result[k].shift.isFinite else {
          throw refuse(
            step.node, "the constant for output \(k + 1) makes the output normalization degenerate")
        }
      }
    }
    return result
  }

  /// A layer or an activation after the per-output constants that began at `first`.
  func refuseAfterOutputSteps(_ node: ONNXNode, _ first: ONNXNode) -> InteropError {
    refuse(
      node,
      "follows the constants of node \(first.index) (\(first.opType)); constants between layers "
        + "cannot be imported (only per-feature ones before the first layer and per-output ones "
        + "after the last)")
  }

  /// Whether some `Max` node takes `product` and `value`: then `product = value · 0.01` is the
  /// first half of a leaky ReLU, not an output scale.
  func isMaxOperand(_ product: String, with value: String) -> Bool {
    document.nodes.contains {
      $0.opType == "Max" && $0.inputs.count == 2 && Set($0.inputs) == [product, value]
    }
  }
}
