import NNModel

/// The differences between two models, as `nntool diff` reports them.
///
/// Architecture, features, output, name, description, metadata and provenance are compared
/// field by field; the parameters of layers whose shapes agree are compared number by number
/// (after widening both to Double), giving the largest and the mean absolute difference.
public struct ModelDiff: Sendable {
  /// One field that differs: where (`layers[1].activation`, `metadata.owner`) and both values
  /// as text (`nil` when absent on that side).
  public struct Change: Sendable, Equatable {
    /// A path naming the field.
    public var path: String
    /// The value in the first model.
    public var old: String?
    /// The value in the second model.
    public var new: String?
  }

  /// Summary of the differences between one layer's parameters.
  public struct LayerDelta: Sendable, Equatable {
    /// 1-based layer number.
    public var layer: Int
    /// The largest |a − b| over the weights.
    public var weightsMax: Double
    /// The mean |a − b| over the weights.
    public var weightsMean: Double
    /// The largest |a − b| over the biases.
    public var biasesMax: Double
    /// The mean |a − b| over the biases.
    public var biasesMean: Double

    /// Whether every parameter is equal.
    public var isZero: Bool { weightsMax == 0 && biasesMax == 0 }
  }

  /// Field differences, in the order of the model's structure.
  public private(set) var changes: [Change] = []
  /// Parameter differences per layer, for layers with the same shape in both models.
  public private(set) var layers: [LayerDelta] = []

  /// Whether the two models are the same (every field and every parameter bit-equal after
  /// widening; the storage precision is compared as the `dtype` field).
  public var isEqual: Bool { changes.isEmpty && layers.allSatisfy(\.isZero) }

  /// Compares `a` with `b`.
  public init(_ a: Model, _ b: Model) {
    compare("name", a.name, b.name)
    compare("description", a.description, b.description)
    compare("dtype", a.scalarType.rawValue, b.scalarType.rawValue)
    compare("inputs", String(a.inputCount), String(b.inputCount))
    for index in 0..<max(a.features.count, b.features.count) {
      let left = index < a.features.count ? a.features[index] : nil
      let right = index < b.features.count ? b.features[index] : nil
      let path = "features[\(index + 1)]"
      compare(path + ".name", left?.name, right?.name)
      compare(path + ".unit", left?.unit, right?.unit)
      compare(
        path + ".normalization", left.map { Self.normalization($0.normalization) },
        right.map { Self.normalization($0.normalization) })
    }
    compare("layers", String(a.layers.count), String(b.layers.count))
    for index in 0..<max(a.layers.count, b.layers.count) {
      let left = index < a.layers.count ? a.layers[index] : nil
      let right = index < b.layers.count ? b.layers[index] : nil
      let path = "layers[\(index + 1)]"
      compare(path + ".shape", left.map(Self.shape), right.map(Self.shape))
      compare(path + ".activation", left?.activation.rawValue, right?.activation.rawValue)
      if let left, let right, left.weights.shape == right.weights.shape,
        left.biases.shape == right.biases.shape
      {
        let weights = Self.delta(left.weights.doubles, right.weights.doubles)
        let biases = Self.delta(left.biases.doubles, right.biases.doubles)
        layers.append(
          LayerDelta(
            layer: index + 1, weightsMax: weights.max, weightsMean: weights.mean,
            biasesMax: biases.max, biasesMean: biases.mean))
      }
    }
    compare(
      "output.task", ModelDescription.task(a.output.task), ModelDescription.task(b.output.task))
    compare(
      "output.names", a.output.names.joined(separator: ", "), b.output.names.joined(separator: ", ")
    )
    let maps = { (spec: OutputSpec) -> String? in
      spec.normalization.isEmpty
        ? nil
        : spec.normalization.map {
          "(\(NumberFormatting.roundTrip($0.shift)), \(NumberFormatting.roundTrip($0.scale)))"
        }.joined(separator: ", ")
    }
    compare("output.normalization", maps(a.output), maps(b.output))
    for key in Set(a.metadata.keys).union(b.metadata.keys).sorted() {
      compare("metadata." + key, a.metadata[key], b.metadata[key])
    }
    compareProvenance(a.provenance, b.provenance)
    if a.extraSections != b.extraSections {
      changes.append(
        Change(
          path: "extra_sections", old: "\(a.extraSections.count) sections",
          new: "\(b.extraSections.count) sections"))
    }
  }

  private mutating func compareProvenance(_ a: Provenance?, _ b: Provenance?) {
    guard a != b else { return }
    guard let a, let b else {
      changes.append(
        Change(path: "provenance", old: a == nil ? nil : "present", new: b == nil ? nil : "present")
      )
      return
    }
    compare("provenance.tool", a.tool, b.tool)
    compare("provenance.tool_version", a.toolVersion, b.toolVersion)
    compare("provenance.data_file", a.dataFile, b.dataFile)
    compare("provenance.data_rows", a.dataRows.map(String.init), b.dataRows.map(String.init))
    compare("provenance.data_sha256", a.dataSHA256, b.dataSHA256)
    compare("provenance.loss", a.loss, b.loss)
    compare("provenance.optimizer", a.optimizer, b.optimizer)
    for key in Set(a.hyperparameters.keys).union(b.hyperparameters.keys).sorted() {
      compare(
        "provenance.hyperparameters." + key, a.hyperparameters[key].map(NumberFormatting.roundTrip),
        b.hyperparameters[key].map(NumberFormatting.roundTrip))
    }
    compare("provenance.seed", a.seed.map { String($0) }, b.seed.map { String($0) })
    compare("provenance.rng", a.rng, b.rng)
    compare("provenance.epochs", a.epochs.map(String.init), b.epochs.map(String.init))
    if a.lossHistory != b.lossHistory {
      changes.append(
        Change(
          path: "provenance.loss_history", old: "\(a.lossHistory.count) values",
          new: "\(b.lossHistory.count) values"))
    }
    if a.validationLossHistory != b.validationLossHistory {
      changes.append(
        Change(
          path: "provenance.validation_loss_history",
          old: "\(a.validationLossHistory.count) values",
          new: "\(b.validationLossHistory.count) values"))
    }
    compare("provenance.created_at", a.createdAt, b.createdAt)
  }

  private mutating func compare(_ path: String, _ old: String?, _ new: String?) {
    if old != new { changes.append(Change(path: path, old: old, new: new)) }
  }

  private static func normalization(_ value: Normalization) -> String {
    "shift \(NumberFormatting.roundTrip(value.shift)), scale \(NumberFormatting.roundTrip(value.scale))"
  }

  private static func shape(_ layer: DenseLayer) -> String { "\(layer.inputs)→\(layer.units)" }

  private static func delta(_ a: [Double], _ b: [Double]) -> (max: Double, mean: Double) {
    guard !a.isEmpty else { return (0, 0) }
    var largest = 0.0
    var sum = 0.0
    for (x, y) in zip(a, b) {
      let difference = x == y ? 0 : abs(x - y)
      if !(difference <= largest) { largest = difference }  // NaN propagates
      sum += difference
    }
    return (largest, sum / Double(a.count))
  }

  /// The differences as a JSON document: `equal`, `changes` and `layers`.
  public var json: JSONValue {
    .object([
      ("equal", .bool(isEqual)),
      (
        "changes",
        .array(
          changes.map { change in
            .object([
              ("path", .string(change.path)), ("a", .optional(change.old)),
              ("b", .optional(change.new)),
            ])
          })
      ),
      (
        "layers",
        .array(
          layers.map { delta in
            .object([
              ("layer", .integer(delta.layer)),
              (
                "weights",
                .object([
                  ("max_abs", .number(delta.weightsMax)), ("mean_abs", .number(delta.weightsMean)),
                ])
              ),
              (
                "biases",
                .object([
                  ("max_abs", .number(delta.biasesMax)), ("mean_abs", .number(delta.biasesMean)),
                ])
              ),
            ])
          })
      ),
    ])
  }

  /// The differences as lines for people: one per changed field, then one per layer whose
  /// parameters differ.
  public func text(digits: Int = NumberFormatting.defaultSignificantDigits) -> String {
    var output = ""
    for change in changes {
      output +=
        "\(Escaping.singleLine(change.path)): \(Self.shown(change.old)) → \(Self.shown(change.new))\n"
    }
    for delta in layers where !delta.isZero {
      output +=
        "layers[\(delta.layer)] parameters: weights max |Δ| "
        + NumberFormatting.short(delta.weightsMax, significantDigits: digits) + ", mean |Δ| "
        + NumberFormatting.short(delta.weightsMean, significantDigits: digits) + "; biases max |Δ| "
        + NumberFormatting.short(delta.biasesMax, significantDigits: digits) + ", mean |Δ| "
        + NumberFormatting.short(delta.biasesMean, significantDigits: digits) + "\n"
    }
    return output
  }

  private static func shown(_ value: String?) -> String {
    value.map { Escaping.jsonString($0) } ?? "(none)"
  }
}
