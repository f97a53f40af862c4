import NNEngine
import NNModel
import Testing

@testable import NNCommandLine

private let people = """
  Name,Weight,Height,Gender
  Alice,133,65,F
  Bob,160,72,M
  Charlie,152,70,M
  Diana,120,60,F

  """

private func peopleTable() throws -> CSVTable {
  try CSVTable(bytes: Array(people.utf8), source: "data/people.csv")
}

private func tutorialRequest() -> TrainingRequest {
  var request = TrainingRequest()
  request.target = "Gender"
  request.hidden = [2]
  request.loss = .meanSquaredError
  request.normalization = .shift
  request.positive = "F"
  request.shuffle = false
  request.optimizer = .sgd
  request.epochs = 1000
  request.batchSize = 1
  return request
}

@Suite struct TrainingPlanTests {
  @Test func tutorialSettingsResolve() throws {
    let plan = try TrainingPlan(request: tutorialRequest(), table: peopleTable())
    let model = plan.initialModel
    #expect(model.features.map(\.name) == ["Weight", "Height"])
    #expect(
      model.features.map(\.normalization) == [
        Normalization(shift: 141.25, scale: 1), Normalization(shift: 66.75, scale: 1),
      ])
    #expect(model.layers.map(\.units) == [2, 1])
    #expect(model.layers.map(\.activation) == [.sigmoid, .sigmoid])
    #expect(model.layers[0].weights.shape == [2, 2])
    #expect(model.output.task == .binary(threshold: 0.5, negative: "M", positive: "F"))
    #expect(model.metadata == ["target": "Gender"])
    #expect(plan.training.targets == [[1], [0], [0], [1]])
    #expect(plan.validation == nil)
    #expect(plan.configuration.loss == .meanSquaredError)
    #expect(plan.configuration.optimizer == .sgd(learningRate: 0.1))
    #expect(plan.configuration.epochs == 1000)
    #expect(plan.configuration.batchSize == 1)
    #expect(plan.provenance.dataFile == "people.csv")
    #expect(plan.provenance.dataRows == 4)
    #expect(plan.provenance.dataSHA256 == SHA256.hexDigest(of: Array(people.utf8)))
    #expect(plan.provenance.hyperparameters["learning_rate"] == 0.1)
    #expect(plan.provenance.rng == "splitmix64")
    #expect(plan.provenance.createdAt == nil)
  }

  @Test func explicitShiftsReplaceTheFittedOnes() throws {
    var request = tutorialRequest()
    request.normalizationShifts = [135, 66]
    let plan = try TrainingPlan(request: request, table: peopleTable())
    #expect(
      plan.initialModel.features.map(\.normalization) == [
        Normalization(shift: 135, scale: 1), Normalization(shift: 66, scale: 1),
      ])
    request.normalizationShifts = [135]
    #expect(
      throws: ToolError.usage(
        "--normalize shift=…: 1 shift for 2 features (\"Weight\", \"Height\")")
    ) {
      try TrainingPlan(request: request, table: peopleTable())
    }
  }

  @Test func defaultsFollowTheTargetKind() throws {
    var request = TrainingRequest()
    request.target = "Gender"
    let binary = try TrainingPlan(request: request, table: peopleTable())
    #expect(binary.configuration.loss == .binaryCrossEntropy)
    #expect(binary.initialModel.layers.map(\.units) == [100, 1])
    #expect(binary.initialModel.layers[0].activation == .sigmoid)
    #expect(
      binary.configuration.optimizer
        == .adam(learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8))
    #expect(binary.configuration.epochs == 500)
    #expect(binary.configuration.batchSize == 32)
    // Four rows: too few for the automatic validation split.
    #expect(binary.validation == nil && binary.patience == nil)
    #expect(binary.initialModel.layers.last?.activation == .sigmoid)
    #expect(binary.initialModel.features[0].normalization.scale == 246.6875.squareRoot())
    request.target = "Height"
    request.features = ["Weight"]
    let regression = try TrainingPlan(request: request, table: peopleTable())
    #expect(regression.configuration.loss == .meanSquaredError)
    #expect(regression.initialModel.layers.last?.activation == .identity)
    #expect(regression.initialModel.output.task == .regression)
    request.target = "Gender"
    request.features = nil
    request.loss = .categoricalCrossEntropy
    let twoHot = try TrainingPlan(request: request, table: peopleTable())
    #expect(twoHot.initialModel.layers.last?.activation == .softmax)
    #expect(twoHot.initialModel.outputCount == 2)
    request.sourceDateEpoch = 0
    #expect(
      try TrainingPlan(request: request, table: peopleTable()).provenance.createdAt
        == "1970-01-01T00:00:00Z")
  }

  @Test func enoughRowsGetTheAutomaticValidationSplit() throws {
    var csv = "x,y\n"
    for row in 0..<100 { csv += "\(row),\(row % 3)\n" }
    let table = try CSVTable(bytes: Array(csv.utf8), source: "t.csv")
    var request = TrainingRequest()
    request.target = "y"
    let plan = try TrainingPlan(request: request, table: table)
    #expect(plan.validation?.count == 10)
    #expect(plan.training.count == 90)
    #expect(plan.patience == 20)
    #expect(plan.provenance.hyperparameters["validation_fraction"] == 0.1)
    #expect(plan.provenance.hyperparameters["patience"] == 20)
    #expect(
      plan.notes.contains(
        "held out 10 of 100 rows to stop training when their loss stops improving "
          + "(--validation 0 trains on every row)"))
    request.validationFraction = 0
    let none = try TrainingPlan(request: request, table: table)
    #expect(none.validation == nil && none.patience == nil)
    #expect(!none.notes.contains { $0.hasPrefix("held out") })
    request.validationFraction = 0.2
    let explicit = try TrainingPlan(request: request, table: table)
    #expect(explicit.validation?.count == 20 && explicit.patience == nil)
  }

  @Test func incompatibleLossesAreUsageErrors() throws {
    var request = TrainingRequest()
    request.target = "Height"
    request.features = ["Weight"]
    request.task = .regression
    request.loss = .binaryCrossEntropy
    do {
      _ = try TrainingPlan(request: request, table: peopleTable())
      Issue.record("expected an error")
    } catch let error as ToolError {
      #expect(error.status == .usage)
      #expect(
        error.message == "--loss bce needs class labels, but the target is numeric (regression)")
    }
  }

  @Test func absurdLayerSizesAreRefusedBeforeAllocating() throws {
    var request = tutorialRequest()
    request.hidden = [100_000, 100_000]
    do {
      _ = try TrainingPlan(request: request, table: peopleTable())
      Issue.record("expected an error")
    } catch let error as ToolError {
      #expect(error.status == .usage)
      #expect(
        error.message
          == "--hidden 100000,100000 makes 1e+10 parameters; the limit is 268435456 (2^28)")
    }
  }

  @Test func validationSplitIsSeededAndDisjoint() throws {
    let first = try TrainingPlan.split(count: 10, fraction: 0.3, seed: 5, source: "t")
    let again = try TrainingPlan.split(count: 10, fraction: 0.3, seed: 5, source: "t")
    #expect(first.training == again.training && first.validation == again.validation)
    #expect(first.validation.count == 3)
    #expect(Set(first.training).union(first.validation) == Set(0..<10))
    #expect(Set(first.training).isDisjoint(with: first.validation))
    #expect(first.training == first.training.sorted())
    let other = try TrainingPlan.split(count: 10, fraction: 0.3, seed: 6, source: "t")
    #expect(other.validation != first.validation)
    #expect(
      try TrainingPlan.split(count: 2, fraction: 0.01, seed: 1, source: "t").validation.count == 1)
    #expect(throws: ToolError.self) {
      _ = try TrainingPlan.split(count: 1, fraction: 0.5, seed: 1, source: "t")
    }
  }
}

@Suite struct TrainingSessionTests {
  @Test func trainsTheTutorialNetworkAndRecordsProvenance() throws {
    let plan = try TrainingPlan(request: tutorialRequest(), table: peopleTable())
    let outcome = try TrainingSession.run(plan: plan, progressEvery: 0, terminal: nil) { false }
    #expect(!outcome.interrupted)
    #expect(outcome.report.epochsRun == 1000)
    #expect(outcome.model.provenance?.epochs == 1000)
    #expect(outcome.model.provenance?.lossHistory.count == 1000)
    let network = try AnyNetwork(model: outcome.model)
    #expect(
      try OutputInterpretation.label(
        outputs: network.predict(raw: [128, 63]), task: outcome.model.output.task) == "F")
    #expect(
      try OutputInterpretation.label(
        outputs: network.predict(raw: [155, 68]), task: outcome.model.output.task) == "M")
  }

  @Test func interruptionStopsAfterTheCurrentEpoch() throws {
    let plan = try TrainingPlan(request: tutorialRequest(), table: peopleTable())
    var polls = 0
    let outcome = try TrainingSession.run(plan: plan, progressEvery: 0, terminal: nil) {
      polls += 1
      return polls >= 3
    }
    #expect(outcome.interrupted)
    #expect(outcome.report.epochsRun == 3)
    #expect(outcome.model.provenance?.lossHistory.count == 3)
  }

  @Test func interruptionCanKeepTheBestEpoch() throws {
    let rows = (0..<40).map { "\($0),\($0 % 2 == 0 ? "even" : "odd")" }.joined(separator: "\n")
    let table = try CSVTable(bytes: Array(("x,y\n" + rows + "\n").utf8), source: "parity.csv")
    var request = TrainingRequest()
    request.target = "y"
    request.optimizer = .adam
    request.learningRate = 0.05
    request.epochs = 1000
    request.validationFraction = 0.25
    let plan = try TrainingPlan(request: request, table: table)
    var polls = 0
    let outcome = try TrainingSession.run(
      plan: plan, progressEvery: 0, terminal: nil,
      interrupted: {
        polls += 1
        return polls >= 40
      }, keepBestOnInterrupt: true)
    #expect(outcome.interrupted)
    #expect(outcome.report.epochsRun == 40)
    let history = outcome.report.validationLossHistory
    let best = history.min()!
    let bestEpoch = history.firstIndex(of: best)! + 1
    #expect(bestEpoch < 40)  // this run's validation loss is not at its lowest at the end
    #expect(outcome.keptEpoch == bestEpoch)
    #expect(outcome.model.provenance?.epochs == bestEpoch)
    let network = try AnyNetwork(model: outcome.model)
    #expect(try network.loss(on: plan.validation!, loss: plan.configuration.loss) == best)
  }

  @Test func patienceStopsWhenValidationStopsImproving() throws {
    // Parity cannot be learnt from the number itself: validation loss soon stops falling.
    let rows = (0..<40).map { "\($0),\($0 % 2 == 0 ? "even" : "odd")" }.joined(separator: "\n")
    let table = try CSVTable(bytes: Array(("x,y\n" + rows + "\n").utf8), source: "parity.csv")
    var request = TrainingRequest()
    request.target = "y"
    request.optimizer = .adam
    request.learningRate = 0.05
    request.epochs = 2000
    request.validationFraction = 0.25
    request.patience = 3
    let plan = try TrainingPlan(request: request, table: table)
    #expect(plan.training.count == 30)
    #expect(plan.validation?.count == 10)
    let outcome = try TrainingSession.run(plan: plan, progressEvery: 0, terminal: nil) { false }
    #expect(outcome.stoppedByPatience)
    #expect(outcome.report.epochsRun < 2000)
    let history = outcome.report.validationLossHistory
    #expect(history.count == outcome.report.epochsRun)
    // The last `patience` epochs were no better than the best before them.
    let best = history.dropLast(3).min()!
    #expect(history.suffix(3).allSatisfy { $0 >= best })
    // The kept model is the best epoch's, recomputed exactly.
    let kept = try #require(outcome.keptEpoch)
    #expect(history[kept - 1] == best)
    #expect(outcome.model.provenance?.epochs == kept)
    #expect(outcome.model.provenance?.lossHistory == Array(outcome.report.lossHistory.prefix(kept)))
    let network = try AnyNetwork(model: outcome.model)
    let validation = try #require(plan.validation)
    #expect(try network.loss(on: validation, loss: plan.configuration.loss) == best)
  }
}

@Suite struct ReportTests {
  private func model(weights: [Double], labels: (String, String) = ("M", "F")) -> Model {
    Model(
      name: "m", features: [Feature(name: "a"), Feature(name: "b")],
      layers: [
        DenseLayer(activation: .sigmoid, inputs: 2, units: 1, weights: weights, biases: [0])
      ],
      output: OutputSpec(task: .binary(threshold: 0.5, negative: labels.0, positive: labels.1)))
  }

  @Test func diffFindsFieldsAndDeltas() {
    let a = model(weights: [1, 2])
    var b = model(weights: [1.5, 2], labels: ("M", "W"))
    b.metadata["owner"] = "x"
    let diff = ModelDiff(a, b)
    #expect(!diff.isEqual)
    #expect(diff.changes.map(\.path) == ["output.task", "metadata.owner"])
    #expect(
      diff.layers == [
        ModelDiff.LayerDelta(
          layer: 1, weightsMax: 0.5, weightsMean: 0.25, biasesMax: 0, biasesMean: 0)
      ])
    #expect(
      diff.text().hasSuffix(
        "layers[1] parameters: weights max |Δ| 0.5, mean |Δ| 0.25; biases max |Δ| 0, mean |Δ| 0\n"))
    #expect(ModelDiff(a, a).isEqual)
  }

  @Test func evaluationCountsAndLoss() throws {
    let m = model(weights: [1, 2])
    let evaluation = Evaluation(
      model: m, outputs: [[0.9], [0.2], [0.6], [0.1]],
      expected: [.classIndex(1), .classIndex(0), .classIndex(0), .classIndex(0)],
      loss: .meanSquaredError)
    #expect(evaluation.confusion == [[2, 1], [0, 1]])
    #expect(evaluation.correct == 3)
    #expect(evaluation.accuracy == 0.75)
    #expect(evaluation.meanLoss == (0.01 + 0.04 + 0.36 + 0.01) / 4)
    #expect(evaluation.text(digits: 4).contains("accuracy: 0.75 (3/4)\n"))
  }

  /// `inspect --weights` names neurons and parameters as the REPL and the tutorial do (h1, h2,
  /// w5, b3), through NeuronNames and ParameterID; it once printed `h1.1` for `h1`.
  @Test func weightsTableNamesFollowTheTutorial() {
    let tutorial = Model(
      features: [Feature(name: "x1"), Feature(name: "x2")],
      layers: [
        DenseLayer(
          activation: .sigmoid, inputs: 2, units: 2, weights: [1, 1, 1, 1], biases: [0, 0]),
        DenseLayer(activation: .sigmoid, inputs: 2, units: 1, weights: [1, 1], biases: [0]),
      ])
    let plain = Terminal(
      stdoutIsTerminal: false, stderrIsTerminal: false, plainRequested: true, width: 80)
    let text = ModelSummary(unsaved: tutorial, name: "tutorial").text(
      weights: true, digits: 4, terminal: plain)
    let lines = text.split(separator: "\n").map {
      $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }
    #expect(
      Array(lines.suffix(7)) == [
        "layer 1 (sigmoid):", "neuron ← x1 ← x2 bias", "1 w1=1 w2=1 b1=0", "2 w3=1 w4=1 b2=0",
        "layer 2 (sigmoid):", "neuron ← h1 ← h2 bias", "1 w5=1 w6=1 b3=0",
      ])
  }
}
