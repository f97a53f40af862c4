import ArgumentParser
import NNCommandLine
import NNEngine
import NNModel

/// `nntool train --data FILE --target COLUMN --out MODEL`.
struct Train: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train a model on a CSV file and write it atomically.",
    discussion: """
      The CSV file needs a header row. Features default to every numeric column except the \
      targets; a column of text (names) is left out with a note, and a stray word or a \
      missing value (empty, NA, NaN) in a column of numbers is an error naming its line \
      (--missing drop leaves such rows out). A target column of text (F/M) holds class \
      labels; a numeric target is a regression target unless --loss is bce or ce (or --task \
      says otherwise); several targets (--target a,b) train one regression network with an \
      output each. Defaults \
      follow the target: regression: identity output, mse; binary: sigmoid output, bce; \
      multiclass: softmax output, ce. The chosen normalization is stored in the model, so \
      predict takes raw values; regression targets are standardized and the model maps its \
      outputs back. The other defaults were chosen by measurement (docs/benchmarks.md): \
      \(Optimizer.Kind.default.rawValue) (lr \(Optimizer.Kind.default.defaultLearningRate)), batches of 32, one hidden layer of 100 sigmoid units, at most 500 \
      epochs, and, for 100 rows or more, early stopping on a 10% validation split. The \
      tutorial's run needs its own flags (first example).

      Progress goes to standard error: a line every --print-every epochs, or a progress bar \
      on a terminal, and a loss sparkline at the end. Ctrl-C stops after the current epoch; \
      --on-interrupt decides what is written: the last epoch's model (save), the model of the \
      epoch with the lowest loss (best), or nothing (discard, exit 130). \
      The same data, options and --seed give a byte-identical file; a creation time is \
      recorded only when SOURCE_DATE_EPOCH is set.

      Examples:
        # The tutorial: 2-2-1 sigmoid, MSE, SGD lr 0.1, 1000 epochs, batch 1
        nntool train --data people.csv --target gender --hidden 2 \\
          --loss mse --optimizer sgd --lr 0.1 --epochs 1000 --batch-size 1 \\
          --normalize shift=135,66 --positive F --out gender.nnm
        nntool train --data iris.csv --target species --hidden 8,4 \\
          --optimizer adam --validation 0.2 --patience 20 --out iris.nnm
        nntool train --data more.csv --from gender.nnm --epochs 100 \\
          --out gender2.nnm
      """
  )

  @Option(
    help: ArgumentHelp(
      "The training data: CSV with a header row ('-' for standard input).", valueName: "file"))
  var data: String

  @OptionGroup var csv: CSVInputOptions

  @Option(
    help: ArgumentHelp(
      "The column to predict; several (a,b or a repeated --target) train one regression network with an output each (default with --from: the base model's).",
      valueName: "column"))
  var target: [String] = []

  @Option(
    help: ArgumentHelp(
      "Rows with a missing value (empty, NA, NaN) in a column in use: error, or drop them.",
      valueName: "policy"))
  var missing: MissingValuePolicy = .error

  @Option(
    help: ArgumentHelp(
      "Regression targets: standard (train on standardized targets; the model stores the map back, format 1.1) or none.",
      valueName: "method"))
  var normalizeTarget: TargetNormalizationArgument = .standard

  @Option(
    help: ArgumentHelp(
      "Where to write the model (.json: JSON encoding, else binary).", valueName: "model"))
  var out: String

  @Option(
    help: ArgumentHelp(
      "Feature columns, comma-separated (default: every numeric column but the target).",
      valueName: "a,b"))
  var features: String?

  @Option(
    help: ArgumentHelp(
      "Override the guessed target kind.", valueName: "kind"))
  var task: TargetKind?

  @Option(
    help: ArgumentHelp(
      "For a binary target, the label that maps to output 1 (default: the last in sorted order).",
      valueName: "label"))
  var positive: String?

  @Option(
    help: ArgumentHelp(
      "Hidden layer sizes, comma-separated (default 100; '' for none).", valueName: "n,m"))
  var hidden: String?

  @Option(
    help: ArgumentHelp(
      "Hidden layers' activation (default sigmoid).",
      valueName: "name"))
  var activation: Activation?

  @Option(
    help: ArgumentHelp(
      "Output layer's activation (default from the target's kind).", valueName: "name"))
  var outputActivation: Activation?

  @Option(
    help: ArgumentHelp("Loss function (default from the target's kind).", valueName: "loss"))
  var loss: Loss?

  @Option(
    help: ArgumentHelp(
      "Optimizer (default \(Optimizer.Kind.default.rawValue)).", valueName: "name"))
  var optimizer: Optimizer.Kind?

  @Option(
    help: ArgumentHelp(
      "Learning rate (default: \(Optimizer.Kind.defaultLearningRates)).", valueName: "η"))
  var lr: Double?

  @Option(help: ArgumentHelp("Momentum coefficient for --optimizer momentum.", valueName: "μ"))
  var momentum: Double = Optimizer.defaultMomentum

  @Option(help: ArgumentHelp("Passes over the training data (at most).", valueName: "n"))
  var epochs: Int = TrainingRequest.defaultEpochs

  @Option(
    help: ArgumentHelp(
      "Samples per update (1: the tutorial's stochastic gradient descent).", valueName: "n"))
  var batchSize: Int = TrainingRequest.defaultBatchSize

  @Flag(inversion: .prefixedNo, help: "Visit the samples in a new seeded order each epoch.")
  var shuffle = true

  @Option(
    help: ArgumentHelp(
      "Seed for initialization, shuffling and the validation split.", valueName: "n"))
  var seed: UInt64 = 1

  @Option(
    name: .customLong("init"),
    help: ArgumentHelp(
      "Weight initialization (default: he for relu, xavier otherwise).",
      valueName: "scheme"))
  var initialization: Initialization?

  @Option(
    help: ArgumentHelp(
      "Parameter element type (default f64; with --from, the base model's).", valueName: "type"))
  var dtype: ScalarType?

  @Option(
    help: ArgumentHelp(
      "Input normalization stored in the model: a method fitted on the training rows (default standard), or shift=a,b,… to subtract these numbers, one per feature in feature order.",
      valueName: "method"))
  var normalize: NormalizeArgument?

  @Option(
    help: ArgumentHelp(
      "Fraction of rows held out to measure validation loss (seeded split; default 0.1 with --patience 20 for 100 rows or more, else 0).",
      valueName: "fraction")
  )
  var validation: Double?

  @Option(
    help: ArgumentHelp(
      "Stop after this many epochs without a lower validation loss and keep the best epoch (needs --validation).",
      valueName: "n"))
  var patience: Int?

  @Option(help: ArgumentHelp("The model's name.", valueName: "text"))
  var name: String?

  @Option(help: ArgumentHelp("The model's description.", valueName: "text"))
  var description: String?

  @Option(
    help: ArgumentHelp(
      "Continue training this model (fine-tuning): its architecture, normalization and labels are kept.",
      valueName: "model"))
  var from: String?

  @Option(
    help: ArgumentHelp(
      "On Ctrl-C: write the model of the last epoch (save), of the epoch with the lowest loss (best), or nothing (discard).",
      valueName: "action"))
  var onInterrupt: InterruptArgument = .save

  @Option(
    help: ArgumentHelp(
      "Print a loss line every n epochs when not on a terminal (0: none).", valueName: "n"))
  var printEvery: Int = 10

  @Flag(name: .shortAndLong, help: "No progress output and no notes.")
  var quiet = false

  func validate() throws {
    if let validation, !(0..<1).contains(validation) {
      throw ValidationError("--validation must be in [0, 1)")
    }
    if patience != nil && validation == 0 { throw ValidationError("--patience needs --validation") }
    if let patience, patience < 1 { throw ValidationError("--patience must be at least 1") }
    guard printEvery >= 0 else { throw ValidationError("--print-every must be at least 0") }

    if from != nil {
      let conflicting = [
        ("--hidden", hidden != nil), ("--activation", activation != nil),
        ("--output-activation", outputActivation != nil), ("--init", initialization != nil),
        ("--normalize", normalize != nil), ("--task", task != nil), ("--positive", positive != nil),
      ].filter(\.1).map(\.0)
      if let first = conflicting.first {
        throw ValidationError("\(first) cannot be used with --from (the base model fixes it)")
      }
    }
  }

  func run() throws {
    // Numeric options are checked before any data is read.
    if let lr, !(lr.isFinite && lr > 0) {
      throw ToolError.usage("--lr must be a positive number")
    }
    guard epochs >= 1 else { throw ToolError.usage("--epochs must be at least 1") }
    guard batchSize >= 1 else { throw ToolError.usage("--batch-size must be at least 1") }
    guard momentum.isFinite && (0..<1).contains(momentum) else {
      throw ToolError.usage("--momentum must be in [0, 1)")
    }
    var request = TrainingRequest()
    request.features = features.map(splitList)
    let targets = target.flatMap(splitList)
    request.targets = targets.isEmpty ? nil : targets
    request.missing = missing
    request.standardizeTargets = normalizeTarget == .standard
    request.task = task
    request.positive = positive
    if let hidden { request.hidden = try Self.layerSizes(hidden) }
    request.activation = activation
    request.outputActivation = outputActivation
    request.loss = loss
    if let optimizer { request.optimizer = optimizer }
    request.learningRate = lr
    request.momentum = momentum
    request.epochs = epochs
    request.batchSize = batchSize
    request.shuffle = shuffle
    request.seed = seed
    request.initialization = initialization
    request.scalarType = dtype
    if let normalize {
      (request.normalization, request.normalizationShifts) = try normalize.resolve()
    }
    request.validationFraction = validation
    request.patience = patience
    request.name = name
    request.description = description
    request.sourceDateEpoch = Terminal.environment("SOURCE_DATE_EPOCH").flatMap { Int64($0) }
    if let from {
      request.base = try ModelFiles.read(path: from).model
      request.baseFileName = FileAccess.fileName(of: from)
    }
    try ModelFiles.checkWritable(out)
    let table = try CSVTable.load(path: data, options: csv.readOptions(hashing: true))
    let plan = try TrainingPlan(request: request, table: table)
    if !quiet { for note in plan.notes { StandardStream.err("nntool: note: \(note)\n") } }
    let terminal = Terminal.current
    let outcome = try TrainingSession.run(
      plan: plan, progressEvery: quiet ? 0 : printEvery, terminal: quiet ? nil : terminal,
      keepBestOnInterrupt: onInterrupt == .best)
    if outcome.interrupted && onInterrupt == .discard {
      StandardStream.err(
        "nntool: interrupted after epoch \(outcome.report.epochsRun); nothing written\n")
      throw ExitCode(ExitStatus.interrupted.rawValue)
    }
    try ModelFiles.write(outcome.model, to: out, encoding: ModelFiles.encoding(forPath: out))
    if !quiet {
      var summary = outcome.interrupted ? "interrupted; " : ""
      summary +=
        "trained \(outcome.report.epochsRun) epoch\(outcome.report.epochsRun == 1 ? "" : "s")"
      if let last = outcome.report.lossHistory.last {
        summary += ", loss \(NumberFormatting.short(last))"
      }
      if let validationLoss = outcome.report.validationLossHistory.last {
        summary += ", validation loss \(NumberFormatting.short(validationLoss))"
      }
      let lowest = plan.validation == nil ? "loss" : "validation loss"
      if outcome.stoppedByPatience {
        summary +=
          outcome.keptEpoch.map { " (early stop; kept epoch \($0), the best validation loss)" }
          ?? " (early stop)"
      } else if let kept = outcome.keptEpoch {
        summary += " (kept epoch \(kept), the lowest \(lowest))"
      }
      StandardStream.err(
        summary + " " + Sparkline.render(outcome.report.lossHistory, width: 30) + "\nwrote \(out)\n"
      )
    }
  }

  static func layerSizes(_ text: String) throws(ToolError) -> [Int] {
    let parts = splitList(text)
    var sizes: [Int] = []
    for part in parts {
      guard let size = Int(part), size >= 1 else {
        throw ToolError.usage(
          "--hidden \(jsonStringLiteral(text)): \(jsonStringLiteral(part)) is not a layer size")
      }
      sizes.append(size)
    }
    return sizes
  }
}
