import NNModel
import Testing

@testable import NNEngine

@Suite("Training")
struct TrainingTests {
  static let table = TrainingData(
    inputs: shiftedTable.map(\.input), targets: shiftedTable.map { [$0.target] })

  static func tutorialNetwork(
    seed: UInt64 = 42, scalarType: ScalarType = .float64, raw: Bool = false
  ) throws -> AnyNetwork {
    var model = try initializedModel(
      features: [Feature(name: "weight"), Feature(name: "height")], layerSizes: [2, 1],
      activations: [.sigmoid, .sigmoid], initialization: .normal, scalarType: scalarType,
      seed: seed)
    if raw {
      model.features[0].normalization = Normalization(shift: 135)
      model.features[1].normalization = Normalization(shift: 66)
    }
    return try AnyNetwork(model: model)
  }

  @Test("Float32 end to end: init, raw-unit training, prediction, write-back in f32")
  func float32() throws {
    var network = try Self.tutorialNetwork(scalarType: .float32, raw: true)
    #expect(network.scalarType == .float32)
    let raw = TrainingData(
      inputs: [[133, 65], [160, 72], [152, 70], [120, 60]], targets: [[1], [0], [0], [1]])
    let report = try network.train(on: raw, configuration: TrainingConfiguration())
    #expect(report.lossHistory.last! < 0.01)
    #expect(try network.predict(raw: [128, 63])[0] > 0.9)  // Emily
    #expect(try network.predict(raw: [155, 68])[0] < 0.1)  // Frank
    #expect(network.model.scalarType == .float32)
    // The same training in Float64 lands close by.
    var wide = try Self.tutorialNetwork(scalarType: .float64, raw: true)
    _ = try wide.train(on: raw, configuration: TrainingConfiguration())
    #expect(try abs(wide.predict(raw: [128, 63])[0] - network.predict(raw: [128, 63])[0]) < 1e-3)
  }

  @Test("momentum and Adam reduce the loss; batches and shuffling train too")
  func optimizers() throws {
    let configurations = [
      TrainingConfiguration(optimizer: .momentum(learningRate: 0.05, momentum: 0.9), epochs: 300),
      TrainingConfiguration(optimizer: .adam(learningRate: 0.05), epochs: 300),
      TrainingConfiguration(
        optimizer: .sgd(learningRate: 0.5), epochs: 1500, batchSize: 4),
      TrainingConfiguration(
        optimizer: .adam(learningRate: 0.05), epochs: 300, batchSize: 3, shuffle: true, seed: 9),
    ]
    for configuration in configurations {
      var network = try Self.tutorialNetwork()
      let before = try network.loss(on: Self.table, loss: .meanSquaredError)
      let report = try network.train(on: Self.table, configuration: configuration)
      let after = try network.loss(on: Self.table, loss: .meanSquaredError)
      #expect(after < before / 10, "\(configuration.optimizer)")
      #expect(after < 0.02, "\(configuration.optimizer)")
      #expect(try network.predict(raw: [-7, -3])[0] > 0.8, "\(configuration.optimizer)")
      #expect(report.lossHistory.count == configuration.epochs)
    }
  }

  @Test("a wider Float network (the single-precision matrix kernels) learns with Adam in batches")
  func wideFloat() throws {
    // Two Gaussian blobs in 12 dimensions, labelled by the sign of their first coordinate.
    var sampler = NormalSampler(generator: SplitMix64(seed: 31))
    var inputs: [[Double]] = []
    var targets: [[Double]] = []
    for row in 0..<200 {
      let label = row % 2
      inputs.append((0..<12).map { ($0 == 0 ? (label == 0 ? -1.5 : 1.5) : 0) + sampler.next() })
      targets.append(label == 0 ? [1, 0] : [0, 1])
    }
    let model = try initializedModel(
      features: (0..<12).map { Feature(name: "x\($0)") }, layerSizes: [16, 2],
      activations: [.relu, .softmax], initialization: .he, scalarType: .float32, seed: 5)
    var network = try AnyNetwork(model: model)
    let data = TrainingData(inputs: inputs, targets: targets)
    let before = try network.loss(on: data, loss: .categoricalCrossEntropy)
    let report = try network.train(
      on: data,
      configuration: TrainingConfiguration(
        loss: .categoricalCrossEntropy, optimizer: .adam(learningRate: 0.01), epochs: 30,
        batchSize: 16, shuffle: true, seed: 1))
    let after = try network.loss(on: data, loss: .categoricalCrossEntropy)
    #expect(after < before / 3)
    #expect(report.lossHistory.last! < report.lossHistory.first!)
    let correct = try zip(inputs, targets).filter { input, target in
      let output = try network.predict(raw: input)
      return (output[1] > output[0]) == (target[1] == 1)
    }.count
    #expect(correct >= 180)
  }

  @Test("one SGD step is exactly θ − η·∂L/∂θ")
  func sgdStep() throws {
    var network = try AnyNetwork(
      model: tutorialModel(weights: [1, 1, 1, 1, 1, 1], biases: [0, 0, 0]))
    let gradient = try network.gradients(raw: [-2, -1], target: [1], loss: .meanSquaredError)
    _ = try network.train(
      on: TrainingData(inputs: [[-2, -1]], targets: [[1]]),
      configuration: TrainingConfiguration(epochs: 1))
    let w1 = ParameterID(layer: 0, neuron: 0, input: 0)
    #expect(try network.parameter(w1) == 1 - 0.1 * gradient.layers[0].dW[0])
    #expect(
      try network.parameter(ParameterID(layer: 1, neuron: 0, input: nil)) == -0.1
        * gradient.layers[1].db[0])
  }

  @Test("fused one-sample SGD gives the same bits as backprop then a separate update")
  func fusedSGD() throws {
    // Momentum with μ = 0 is SGD computed the general way: v = 0·v + g, θ ← θ − η v.
    for model in [
      randomModel(inputs: 3, sizes: [4, 3, 2], activations: [.tanh, .relu, .sigmoid], seed: 4),
      randomModel(inputs: 3, sizes: [5, 3], activations: [.leakyReLU, .softmax], seed: 5),
    ] {
      var fused = try AnyNetwork(model: model)
      var general = fused
      let data = TrainingData(
        inputs: [[0.1, -0.4, 2], [1, 1, -1], [-0.3, 0.8, 0.2]],
        targets: model.outputCount == 2
          ? [[1, 0], [0, 1], [0.5, 0.5]] : [[1, 0, 0], [0, 1, 0], [0, 0, 1]])
      let loss: Loss = model.outputCount == 2 ? .binaryCrossEntropy : .categoricalCrossEntropy
      let a = try fused.train(
        on: data, configuration: TrainingConfiguration(loss: loss, epochs: 20, shuffle: true))
      let b = try general.train(
        on: data,
        configuration: TrainingConfiguration(
          loss: loss, optimizer: .momentum(learningRate: 0.1, momentum: 0), epochs: 20,
          shuffle: true))
      #expect(fused.model == general.model)
      #expect(a.lossHistory == b.lossHistory)
      #expect(fused.model != model)
    }
  }

  @Test("shuffled training repeats for a seed and differs across seeds")
  func shuffleDeterminism() throws {
    func run(seed: UInt64) throws -> Model {
      var network = try Self.tutorialNetwork()
      _ = try network.train(
        on: Self.table,
        configuration: TrainingConfiguration(epochs: 50, shuffle: true, seed: seed))
      return network.model
    }
    let first = try run(seed: 1)
    let second = try run(seed: 1)
    let other = try run(seed: 2)
    #expect(first == second)
    #expect(first != other)
  }

  @Test("the per-epoch hook sees every epoch and can stop early; validation loss is reported")
  func hook() throws {
    var network = try Self.tutorialNetwork()
    var seen: [EpochReport] = []
    let report = try network.train(
      on: Self.table, validation: Self.table, configuration: TrainingConfiguration(epochs: 100)
    ) { epoch in
      seen.append(epoch)
      return epoch.epoch == 7 ? .stop : .continue
    }
    #expect(report.epochsRun == 7)
    #expect(report.stoppedEarly)
    #expect(seen.map(\.epoch) == Array(1...7))
    #expect(seen.map(\.loss) == report.lossHistory)
    #expect(report.validationLossHistory.count == 7)
    #expect(try seen.last!.validationLoss == network.loss(on: Self.table, loss: .meanSquaredError))
  }

  @Test("restoring the best epoch gives the weights a run of that many epochs ends with")
  func restoreBest() throws {
    // Validating on the data with the labels flipped: the better the fit, the worse that loss.
    let shifted = TrainingData(
      inputs: Self.table.inputs, targets: Self.table.targets.map { $0.map { 1 - $0 } })
    var configuration = TrainingConfiguration(epochs: 60, shuffle: true, seed: 3)
    configuration.restoreBest = true
    var network = try Self.tutorialNetwork()
    let report = try network.train(
      on: Self.table, validation: shifted, configuration: configuration)
    let best =
      report.validationLossHistory.indices.min {
        report.validationLossHistory[$0] < report.validationLossHistory[$1]
      }! + 1
    try #require(best < 60)
    #expect(report.restoredEpoch == best)
    #expect(report.epochsRun == 60)
    var shorter = try Self.tutorialNetwork()
    configuration.epochs = best
    configuration.restoreBest = false
    _ = try shorter.train(on: Self.table, validation: shifted, configuration: configuration)
    #expect(network.model == shorter.model)
    // Without restoring, or when the last epoch is the best, the last epoch's weights stay.
    var plain = try Self.tutorialNetwork()
    let plainReport = try plain.train(
      on: Self.table, configuration: TrainingConfiguration(epochs: 60, shuffle: true, seed: 3))
    #expect(plainReport.restoredEpoch == nil)
  }

  @Test("without validation data the best epoch is the lowest training loss, restored likewise")
  func restoreBestTrainingLoss() throws {
    // Samples that contradict each other and a large learning rate: the training loss goes up
    // and down (lowest at epoch 17 of 40).
    let clash = TrainingData(
      inputs: [[1, 1], [1, 1], [-1, -1], [2, 0]], targets: [[1], [0], [1], [0]])
    var configuration = TrainingConfiguration(
      optimizer: .sgd(learningRate: 6), epochs: 40, shuffle: true, seed: 5)
    configuration.restoreBest = true
    var network = try Self.tutorialNetwork()
    let report = try network.train(on: clash, configuration: configuration)
    let history = report.lossHistory
    let best = try #require(history.indices.min { history[$0] < history[$1] }) + 1
    try #require(best < 40)
    #expect(report.restoredEpoch == best)
    var shorter = try Self.tutorialNetwork()
    configuration.epochs = best
    configuration.restoreBest = false
    _ = try shorter.train(on: clash, configuration: configuration)
    #expect(network.model == shorter.model)
  }

  @Test("divergence throws naming the epoch and keeps the last good weights")
  func divergence() throws {
    // Identity output and a huge learning rate: the weights blow up within a few epochs.
    let model = Model(
      features: [Feature(name: "x")],
      layers: [DenseLayer(activation: .identity, inputs: 1, units: 1, weights: [1], biases: [0])])
    var network = try AnyNetwork(model: model)
    let data = TrainingData(inputs: [[10], [-20], [30]], targets: [[1], [2], [3]])
    var snapshots: [Model] = []
    var probe = network
    var divergedAt = 0
    do {
      _ = try network.train(
        on: data,
        configuration: TrainingConfiguration(optimizer: .sgd(learningRate: 10), epochs: 500))
      Issue.record("training did not diverge")
    } catch .diverged(let epoch, let loss) {
      divergedAt = epoch
      #expect(epoch > 1)
      _ = loss
    } catch {
      Issue.record("unexpected error \(error)")
    }
    // Replay epoch by epoch to find the weights at the end of the epoch before.
    for _ in 1..<divergedAt {
      _ = try probe.train(
        on: data, configuration: TrainingConfiguration(optimizer: .sgd(learningRate: 10), epochs: 1)
      )
      snapshots.append(probe.model)
    }
    #expect(network.model == snapshots.last)
    #expect(network.model.layers[0].weights.doubles.allSatisfy { $0.isFinite })
    #expect(
      TrainingError.diverged(epoch: 3, loss: .infinity).description.hasPrefix(
        "training diverged in epoch 3"))
  }

  @Test("bad data and settings are reported, not trapped")
  func invalid() throws {
    var network = try Self.tutorialNetwork()
    #expect(throws: TrainingError.self) {
      try network.train(
        on: TrainingData(inputs: [[1, 2, 3]], targets: [[1]]),
        configuration: TrainingConfiguration())
    }
    #expect(throws: TrainingError.self) {
      try network.train(
        on: TrainingData(inputs: [[1, 2]], targets: [[1, 0]]),
        configuration: TrainingConfiguration())
    }
    #expect(throws: TrainingError.invalidConfiguration("batch size 0 is below 1")) {
      try network.train(on: Self.table, configuration: TrainingConfiguration(batchSize: 0))
    }
    #expect(throws: TrainingError.invalidData("no training samples")) {
      try network.train(
        on: TrainingData(inputs: [], targets: []), configuration: TrainingConfiguration())
    }
  }
}
