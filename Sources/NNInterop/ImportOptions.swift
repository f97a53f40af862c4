import NNModel

/// What an imported file may lack, given by the user (`nntool import --features …`). A value
/// given here wins over what the file says.
public struct ImportOptions: Sendable, Equatable {
  /// The features' names, in input order.
  public var features: [String]?
  /// The features' units, in input order (an empty string for none).
  public var units: [String]?
  /// The class labels: two (negative, positive) for a binary classifier, one per output unit
  /// for a multiclass one.
  public var labels: [String]?
  /// The kind of task.
  public var task: Kind?
  /// A binary classifier's threshold (default 0.5).
  public var threshold: Double?
  /// The hidden layers' activation, for files that do not say (safetensors without nnkit
  /// metadata; default sigmoid, as `nntool train`).
  public var activation: Activation?
  /// The output layer's activation, for files that do not say (default from the task:
  /// sigmoid for binary, softmax for multiclass, identity for regression).
  public var outputActivation: Activation?

  /// The kinds of task a model can have.
  public enum Kind: String, Sendable, CaseIterable {
    /// The outputs are the answer.
    case regression
    /// One output in (0, 1) and a threshold.
    case binary
    /// One output per class.
    case multiclass
  }

  /// Creates options; every field is optional.
  public init(
    features: [String]? = nil, units: [String]? = nil, labels: [String]? = nil,
    task: Kind? = nil, threshold: Double? = nil, activation: Activation? = nil,
    outputActivation: Activation? = nil
  ) {
    self.features = features
    self.units = units
    self.labels = labels
    self.task = task
    self.threshold = threshold
    self.activation = activation
    self.outputActivation = outputActivation
  }
}

/// A model read from an ONNX or safetensors file, and what the reader had to assume or change.
public struct ImportedModel: Sendable, Equatable {
  /// The model, valid.
  public var model: Model
  /// One line each: defaults taken, values widened, nodes ignored.
  public var notes: [String]
}

/// Builds the parts of a model that come from options or defaults, shared by both readers.
struct ModelCompletion {
  var options: ImportOptions
  var notes: [String] = []

  /// Features named by the options, else `x1`, `x2`, ….
  mutating func features(count: Int, normalization: [Normalization]) throws(InteropError)
    -> [Feature]
  {
    var names = (1...max(count, 1)).prefix(count).map { "x\($0)" }
    if let given = options.features {
      guard given.count == count else {
        throw InteropError(
          "option-mismatch", .file,
          "--features names \(given.count) features, the network takes \(count) inputs")
      }
      names = given
    } else {
      notes.append("feature names not in the file: x1…x\(count) (use --features)")
    }
    var features = zip(names, normalization).map { Feature(name: $0, normalization: $1) }
    try applyUnits(&features)
    return features
  }

  func applyUnits(_ features: inout [Feature]) throws(InteropError) {
    guard let units = options.units else { return }
    guard units.count == features.count else {
      throw InteropError(
        "option-mismatch", .file,
        "--units gives \(units.count) units for \(features.count) features")
    }
    for k in features.indices { features[k].unit = units[k].isEmpty ? nil : units[k] }
  }

  /// The output description from the options, else inferred from the last layer.
  mutating func output(units: Int, lastActivation: Activation) throws(InteropError) -> OutputSpec {
    let task: ImportOptions.Kind
    if let given = options.task {
      task = given
    } else if units == 1 && lastActivation == .sigmoid {
      task = .binary
    } else if units >= 2 && lastActivation == .softmax {
      task = .multiclass
    } else {
      task = .regression
    }
    switch task {
    case .regression:
      return OutputSpec(task: .regression)
    case .binary:
      let labels = options.labels ?? ["0", "1"]
      guard labels.count == 2 else {
        throw InteropError(
          "option-mismatch", .file, "a binary classifier needs 2 labels (negative,positive)")
      }
      if options.labels == nil { notes.append("labels not in the file: 0,1 (use --labels)") }
      return OutputSpec(
        task: .binary(threshold: options.threshold ?? 0.5, negative: labels[0], positive: labels[1])
      )
    case .multiclass:
      let labels = options.labels ?? (0..<units).map { String($0) }
      if options.labels == nil {
        notes.append("labels not in the file: 0…\(units - 1) (use --labels)")
      }
      return OutputSpec(task: .multiclass(labels: labels))
    }
  }

  /// Applies the options to a model whose description came from the file (nnkit metadata).
  func override(_ model: inout Model) throws(InteropError) {
    if let names = options.features {
      guard names.count == model.features.count else {
        throw InteropError(
          "option-mismatch", .file,
          "--features names \(names.count) features, the model has \(model.features.count)")
      }
      for k in names.indices { model.features[k].name = names[k] }
    }
    try applyUnits(&model.features)
    if options.task != nil || options.labels != nil || options.threshold != nil {
      var completion = self
      let normalization = model.output.normalization
      model.output = try completion.output(
        units: model.outputCount, lastActivation: model.layers.last?.activation ?? .identity)
      // A regression keeps the targets' units the file states.
      if case .regression = model.output.task { model.output.normalization = normalization }
    }
  }
}

/// Validates an imported model, naming the rule it breaks; with `valuesChecked`, the elements
/// are known finite (checked while they were copied) and not scanned again.
func validated(_ model: Model, valuesChecked: Bool = false) throws(InteropError) -> Model {
  do {
    try model.validate(elements: true, values: !valuesChecked)
  } catch {
    throw InteropError(error, inside: "the imported model")
  }
  return model
}
