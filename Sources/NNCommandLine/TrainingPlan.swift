import NNEngine
import NNModel

/// The optimizers `nntool train --optimizer` offers (named by NNEngine's `Optimizer.Kind`, which
/// also holds their default learning rates, `defaultLearningRate`), with the command line's
/// default optimizer.
extension Optimizer.Kind {
  /// The optimizer `train` uses when none is given (chosen by measurement, docs/benchmarks.md).
  public static let `default` = Optimizer.Kind.adam

  /// Every optimizer's default learning rate for help texts: `sgd 0.1, momentum 0.01, adam 0.001`.
  public static var defaultLearningRates: String {
    allCases.map { "\($0.rawValue) \($0.defaultLearningRate)" }.joined(separator: ", ")
  }
}

/// Everything `nntool train` was asked for; nil means "choose a default".
public struct TrainingRequest: Sendable {
  /// Feature column names (nil: every numeric column but the target; with a base model, its
  /// feature names).
  public var features: [String]?
  /// The target columns: one, or several numeric ones for a regression with several outputs
  /// (nil only with a base model that names them).
  public var targets: [String]?
  /// The target column, when there is one.
  public var target: String? {
    get { targets?.count == 1 ? targets?[0] : nil }
    set { targets = newValue.map { [$0] } }
  }
  /// What to do with rows that have a missing value in a column in use.
  public var missing = MissingValuePolicy.error
  /// Standardize regression targets for training, storing each output's shift and scale in
  /// the model so that it answers in the target's units (format 1.1); false keeps the raw
  /// targets (format 1.0 files).
  public var standardizeTargets = true
  /// Overrides the guessed target kind.
  public var task: TargetKind?
  /// The binary label that maps to 1.
  public var positive: String?
  /// Hidden layer sizes (default `[100]`).
  public var hidden: [Int]?
  /// Hidden activation (default sigmoid, the tutorial's).
  public var activation: Activation?
  /// Output activation (default: identity for regression, sigmoid for binary, softmax for
  /// multiclass).
  public var outputActivation: Activation?
  /// Loss (default: mse for regression, bce for binary, ce for multiclass).
  public var loss: Loss?
  /// Optimizer (default adam; the tutorial's is sgd).
  public var optimizer = Optimizer.Kind.default
  /// Learning rate (default per optimizer).
  public var learningRate: Double?
  /// Momentum coefficient for `momentum`.
  public var momentum = Optimizer.defaultMomentum
  /// Adam's β₁.
  public var beta1 = Optimizer.defaultBeta1
  /// Adam's β₂.
  public var beta2 = Optimizer.defaultBeta2
  /// Adam's ε.
  public var epsilon = Optimizer.defaultEpsilon
  /// Passes over the data (at most, with early stopping).
  public var epochs = TrainingRequest.defaultEpochs
  /// Samples per update.
  public var batchSize = TrainingRequest.defaultBatchSize
  /// Visit samples in a new seeded order each epoch.
  public var shuffle = true
  /// The seed for initialization, shuffling and the validation split.
  public var seed: UInt64 = 1
  /// Weight initialization (default: he for ReLU-like hidden layers, xavier otherwise).
  public var initialization: Initialization?
  /// Element type of the parameters (default f64; with a base model, the base model's).
  public var scalarType: ScalarType?
  /// How to normalize inputs (default standard); ignored with a base model, whose
  /// normalization is kept.
  public var normalization: NormalizationMethod?
  /// Explicit input shifts, one per feature in feature order (scale 1), used instead of fitting
  /// `normalization`: the tutorial's "weight minus 135, height minus 66".
  public var normalizationShifts: [Double]?
  /// Fraction of rows held out for validation (0: none; nil: ``automaticValidation``).
  public var validationFraction: Double?
  /// Stop after this many epochs without a better validation loss, keeping the best epoch
  /// (nil: none, unless the validation split is the automatic one).
  public var patience: Int?

  // The defaults, chosen by measurement (docs/benchmarks.md, "Model quality"): Adam with
  // η 0.001 on batches of 32, one hidden layer of 100 sigmoid units, at most 500 epochs with
  // early stopping on a 10 % validation split.

  /// The default upper bound on epochs.
  public static let defaultEpochs = 500
  /// The default batch size.
  public static let defaultBatchSize = 32
  /// The default hidden layers.
  public static let defaultHidden = [100]
  /// Without `--validation`: hold out `fraction` of the rows and stop after `patience` epochs
  /// without improvement, when the data has at least `minimumRows` rows (on fewer, a held-out
  /// tenth would be too small to measure anything, and every row is needed for training).
  public static let automaticValidation = (fraction: 0.1, patience: 20, minimumRows: 100)
  /// The model's name.
  public var name: String?
  /// The model's description.
  public var description: String?
  /// A model to continue training (fine-tuning) instead of a new one.
  public var base: Model?
  /// The base model's file name, recorded in the metadata.
  public var baseFileName: String?
  /// `SOURCE_DATE_EPOCH`, if set: the only way a creation time enters the file.
  public var sourceDateEpoch: Int64?

  /// Creates a request with every choice left to the defaults.
  public init() {}
}

/// A resolved training run: the starting model, the data split, the engine configuration.
public struct TrainingPlan: Sendable {
  /// The model before training (initialized, or the base model).
  public var initialModel: Model
  /// The training samples, raw.
  public var training: TrainingData
  /// The held-out samples, raw, if any.
  public var validation: TrainingData?
  /// The engine's configuration.
  public var configuration: TrainingConfiguration
  /// What the target column holds.
  public var kind: TargetKind
  /// Early-stopping patience.
  public var patience: Int?
  /// The provenance to record, without the results (filled by ``finished(_:report:)``).
  public var provenance: Provenance
  /// Notes for the user about choices made on the data, one line each.
  public var notes: [String]

  /// Resolves `request` against the CSV `table`.
  public init(request: TrainingRequest, table: CSVTable) throws(ToolError) {
    let dataset: LabeledDataset
    if let base = request.base {
      dataset = try Self.dataset(for: base, request: request, table: table)
    } else {
      guard let targets = request.targets, !targets.isEmpty else {
        throw ToolError.usage("--target is required")
      }
      let classesPreferred =
        request.loss == .binaryCrossEntropy || request.loss == .categoricalCrossEntropy
      dataset = try LabeledDataset.make(
        table: table, features: request.features, targets: targets, kind: request.task,
        classesPreferred: classesPreferred, oneHot: request.loss == .categoricalCrossEntropy,
        positive: request.positive, missing: request.missing)
    }
    kind = dataset.kind
    notes = dataset.notes
    let automatic =
      request.validationFraction == nil
      && dataset.inputs.count >= TrainingRequest.automaticValidation.minimumRows
    let validationFraction =
      request.validationFraction ?? (automatic ? TrainingRequest.automaticValidation.fraction : 0)
    let (trainRows, validationRows) = try Self.split(
      count: dataset.inputs.count, fraction: validationFraction, seed: request.seed,
      source: table.source)
    // Regression targets are standardized on the training rows; the model stores the map back.
    let outputNormalization: [Normalization]
    if let base = request.base {
      outputNormalization = base.output.normalization
    } else if dataset.kind == .regression && request.standardizeTargets {
      outputNormalization = (0..<dataset.outputCount).map { output in
        NormalizationMethod.standard.fit(trainRows.map { dataset.targets[$0][output] })
      }
    } else {
      outputNormalization = []
    }
    let spec = OutputSpec(task: .regression, names: [], normalization: outputNormalization)
    training = TrainingData(
      inputs: trainRows.map { dataset.inputs[$0] },
      targets: trainRows.map { spec.normalized(dataset.targets[$0]) })
    validation =
      validationRows.isEmpty
      ? nil
      : TrainingData(
        inputs: validationRows.map { dataset.inputs[$0] },
        targets: validationRows.map { spec.normalized(dataset.targets[$0]) })
    let loss =
      request.loss ?? request.base.map(Evaluation.defaultLoss) ?? Self.defaultLoss(dataset.kind)
    try Self.checkLoss(loss, kind: dataset.kind, outputs: dataset.outputCount)
    let optimizer = Self.optimizer(request)
    guard request.epochs >= 1 else { throw ToolError.usage("--epochs must be at least 1") }
    guard request.batchSize >= 1 else { throw ToolError.usage("--batch-size must be at least 1") }
    configuration = TrainingConfiguration(
      loss: loss, optimizer: optimizer, epochs: request.epochs, batchSize: request.batchSize,
      shuffle: request.shuffle, seed: request.seed)
    patience = request.patience ?? (automatic ? TrainingRequest.automaticValidation.patience : nil)
    if automatic, let validation {
      notes.append(
        "held out \(validation.count) of \(dataset.inputs.count) rows to stop training when "
          + "their loss stops improving (--validation 0 trains on every row)")
    }
    if let base = request.base {
      var model = base
      if let scalarType = request.scalarType, scalarType != model.scalarType {
        model = model.converted(to: scalarType)
      }
      if let name = request.name { model.name = name }
      if let description = request.description { model.description = description }
      if let baseName = request.baseFileName { model.metadata["fine_tuned_from"] = baseName }
      initialModel = model
    } else {
      initialModel = try Self.newModel(request: request, dataset: dataset, loss: loss)
      initialModel.output.normalization = outputNormalization
    }
    var hyperparameters = optimizer.hyperparameters
    hyperparameters["batch_size"] = Double(request.batchSize)
    hyperparameters["shuffle"] = request.shuffle ? 1 : 0
    if validation != nil { hyperparameters["validation_fraction"] = validationFraction }
    if let patience { hyperparameters["patience"] = Double(patience) }
    provenance = Provenance(
      tool: "nntool", toolVersion: ToolInfo.version,
      dataFile: table.source == "<stdin>" ? nil : FileAccess.fileName(of: table.source),
      dataRows: training.count, dataSHA256: table.sha256, loss: loss.rawValue,
      optimizer: optimizer.name, hyperparameters: hyperparameters, seed: request.seed,
      rng: "splitmix64", epochs: nil, lossHistory: [],
      createdAt: request.sourceDateEpoch.map { Provenance.rfc3339(seconds: Int($0)) })
  }

  /// The trained model with its provenance filled in from `report`.
  public func finished(_ model: Model, report: TrainingReport) -> Model {
    var result = model
    var record = provenance
    record.epochs = report.epochsRun
    record.lossHistory = report.lossHistory
    record.validationLossHistory = report.validationLossHistory
    result.provenance = record
    return result
  }

  /// The most parameters `train` will build (2^28, 2 GiB of f64), so a typing slip in
  /// `--hidden` cannot exhaust memory.
  public static let maximumParameterCount = 1 << 28

  /// The usual loss for a target kind.
  public static func defaultLoss(_ kind: TargetKind) -> Loss {
    switch kind {
    case .regression: .meanSquaredError
    case .binary: .binaryCrossEntropy
    case .multiclass: .categoricalCrossEntropy
    }
  }

  private static func checkLoss(_ loss: Loss, kind: TargetKind, outputs: Int) throws(ToolError) {
    switch (loss, kind) {
    case (.binaryCrossEntropy, .regression):
      throw ToolError.usage("--loss bce needs class labels, but the target is numeric (regression)")
    case (.categoricalCrossEntropy, .regression), (.categoricalCrossEntropy, .binary):
      throw ToolError.usage("--loss ce needs one output per class; the target is \(kind.rawValue)")
    default:
      break
    }
  }

  private static func optimizer(_ request: TrainingRequest) -> Optimizer {
    let learningRate = request.learningRate ?? request.optimizer.defaultLearningRate
    return switch request.optimizer {
    case .sgd: .sgd(learningRate: learningRate)
    case .momentum: .momentum(learningRate: learningRate, momentum: request.momentum)
    case .adam:
      .adam(
        learningRate: learningRate, beta1: request.beta1, beta2: request.beta2,
        epsilon: request.epsilon)
    }
  }

  private static func newModel(request: TrainingRequest, dataset: LabeledDataset, loss: Loss)
    throws(ToolError) -> Model
  {
    let hidden = request.hidden ?? TrainingRequest.defaultHidden
    let activation = request.activation ?? .sigmoid
    let output: Activation
    if let chosen = request.outputActivation {
      output = chosen
    } else {
      switch dataset.kind {
      case .regression: output = .identity
      case .binary: output = .sigmoid
      case .multiclass: output = loss == .categoricalCrossEntropy ? .softmax : .sigmoid
      }
    }
    if activation == .softmax {
      throw ToolError.usage("--activation softmax is for the output layer only")
    }
    if loss == .categoricalCrossEntropy && output != .softmax {
      throw ToolError.usage("--loss ce needs --output-activation softmax")
    }
    if loss == .binaryCrossEntropy && output != .sigmoid {
      throw ToolError.usage("--loss bce needs --output-activation sigmoid")
    }
    let sizes = [dataset.featureNames.count] + hidden + [dataset.outputCount]
    let parameterCount = zip(sizes, sizes.dropFirst()).reduce(0.0) {
      $0 + Double($1.0) * Double($1.1) + Double($1.1)
    }
    guard parameterCount <= Double(Self.maximumParameterCount) else {
      throw ToolError.usage(
        "--hidden \(hidden.map(String.init).joined(separator: ",")) makes "
          + "\(NumberFormatting.short(parameterCount)) parameters; the limit is "
          + "\(Self.maximumParameterCount) (2^28)")
    }
    let initialization =
      request.initialization ?? (activation == .relu || activation == .leakyReLU ? .he : .xavier)
    let fitted: [Normalization]
    if let shifts = request.normalizationShifts {
      let names = dataset.featureNames
      guard shifts.count == names.count else {
        throw ToolError.usage(
          "--normalize shift=…: \(shifts.count) shift\(shifts.count == 1 ? "" : "s") for "
            + "\(names.count) feature\(names.count == 1 ? "" : "s") ("
            + names.map { jsonStringLiteral($0) }.joined(separator: ", ") + ")")
      }
      fitted = shifts.map { Normalization(shift: $0, scale: 1) }
    } else {
      fitted = (request.normalization ?? .standard).fit(rows: dataset.inputs)
    }
    let features = zip(dataset.featureNames, fitted).map { Feature(name: $0, normalization: $1) }
    var model: Model
    do {
      model = try initializedModel(
        features: features, layerSizes: hidden + [dataset.outputCount],
        activations: Array(repeating: activation, count: hidden.count) + [output],
        output: dataset.outputSpec, initialization: initialization,
        scalarType: request.scalarType ?? .float64, seed: request.seed)
    } catch {
      throw ToolError.usage("cannot build the network: \(error)")
    }
    model.name = request.name
    model.description = request.description
    if dataset.targetNames.count == 1 { model.metadata["target"] = dataset.targetNames[0] }
    return model
  }

  private static func dataset(for base: Model, request: TrainingRequest, table: CSVTable)
    throws(ToolError) -> LabeledDataset
  {
    guard
      let columns = ModelDataBinding.targetColumns(model: base, targets: request.targets)
    else {
      throw ToolError.usage("the base model does not name its target column; give --target")
    }
    let inputs = try ModelDataBinding.inputs(table: table, model: base, features: request.features)
    let expected = try ModelDataBinding.targets(table: table, model: base, columns: columns)
    let kind: TargetKind
    switch base.output.task {
    case .regression: kind = .regression
    case .binary: kind = .binary
    case .multiclass: kind = .multiclass
    }
    let outputs = base.outputCount
    let targets = expected.map { value -> [Double] in
      switch value {
      case .values(let numbers): return numbers
      case .classIndex(let index):
        return outputs == 1 ? [index == 1 ? 1 : 0] : (0..<outputs).map { $0 == index ? 1 : 0 }
      }
    }
    return LabeledDataset(
      featureNames: base.features.map(\.name), targetNames: columns, inputs: inputs,
      targets: targets,
      kind: kind, labels: OutputInterpretation.labels(of: base.output.task),
      lineNumbers: table.lineNumbers)
  }

  /// Splits `count` rows into training and validation indices: a seeded shuffle, then the last
  /// `fraction` (rounded, at least one row each) held out. Both lists are in file order.
  static func split(count: Int, fraction: Double, seed: UInt64, source: String) throws(ToolError)
    -> (training: [Int], validation: [Int])
  {
    guard fraction > 0 else { return (Array(0..<count), []) }
    guard fraction < 1 else { throw ToolError.usage("--validation must be below 1") }
    guard count >= 2 else {
      throw ToolError.data("\(source): \(count) row; a validation split needs at least 2")
    }
    var order = Array(0..<count)
    var generator = SplitMix64(seed: seed ^ 0x5641_4C49_4441_5445)  // "VALIDATE"
    for index in stride(from: count - 1, to: 0, by: -1) {
      let other = Int(generator.next(below: UInt64(index + 1)))
      order.swapAt(index, other)
    }
    let held = min(count - 1, max(1, Int((Double(count) * fraction).rounded())))
    return (order.dropLast(held).sorted(), order.suffix(held).sorted())
  }
}
