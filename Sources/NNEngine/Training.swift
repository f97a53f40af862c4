import NNModel

/// Training samples in raw units, as a caller has them (``AnyNetwork`` normalizes them).
public struct TrainingData: Sendable, Equatable {
  /// One row of raw feature values per sample.
  public var inputs: [[Double]]
  /// One row of target values per sample (one per output unit).
  public var targets: [[Double]]

  /// Creates training data.
  public init(inputs: [[Double]], targets: [[Double]]) {
    self.inputs = inputs
    self.targets = targets
  }

  /// The number of samples.
  public var count: Int { inputs.count }
}

/// Samples ready for a ``Network``: normalized inputs `[count, inputCount]` and targets
/// `[count, outputCount]`, each flat and row-major.
public struct Dataset<Scalar: NetworkScalar>: Sendable, Equatable {
  /// The inputs, row after row.
  public var inputs: [Scalar]
  /// The targets, row after row.
  public var targets: [Scalar]
  /// The number of samples.
  public var count: Int

  /// Creates a dataset from flat rows.
  public init(inputs: [Scalar], targets: [Scalar], count: Int) {
    self.inputs = inputs
    self.targets = targets
    self.count = count
  }

  /// Creates a dataset from one array per sample.
  public init(inputs: [[Scalar]], targets: [[Scalar]]) {
    self.inputs = inputs.flatMap { $0 }
    self.targets = targets.flatMap { $0 }
    self.count = inputs.count
  }
}

/// How to train.
public struct TrainingConfiguration: Sendable, Equatable {
  /// The loss to minimise.
  public var loss: Loss
  /// The update rule.
  public var optimizer: Optimizer
  /// How many passes over the data.
  public var epochs: Int
  /// Samples per update; the gradient is the mean over the batch. The last batch of an epoch
  /// may be smaller.
  public var batchSize: Int
  /// Whether to visit the samples in a new random order each epoch (Fisher–Yates with
  /// ``SplitMix64`` seeded by ``seed``); otherwise they are visited in order, as in the tutorial.
  public var shuffle: Bool
  /// The shuffling seed.
  public var seed: UInt64
  /// When training ends, restore the weights of the epoch with the lowest validation loss
  /// (training loss without validation data): early stopping that keeps the best epoch. The
  /// weights are copied when an epoch improves on the best, so nothing is recomputed.
  public var restoreBest = false

  /// Creates a configuration; the defaults are the tutorial's (MSE, SGD η = 0.1, 1000 epochs,
  /// one sample at a time, in order).
  public init(
    loss: Loss = .meanSquaredError,
    optimizer: Optimizer = .sgd(learningRate: Optimizer.Kind.sgd.defaultLearningRate),
    epochs: Int = 1000, batchSize: Int = 1, shuffle: Bool = false, seed: UInt64 = 0
  ) {
    self.loss = loss
    self.optimizer = optimizer
    self.epochs = epochs
    self.batchSize = batchSize
    self.shuffle = shuffle
    self.seed = seed
  }
}

/// What happened in one epoch, passed to the per-epoch hook.
public struct EpochReport: Sendable, Equatable {
  /// The epoch, from 1.
  public var epoch: Int
  /// The mean training loss over the epoch's samples, each measured in the forward pass just
  /// before its batch's update (so it lags the end-of-epoch weights slightly, and costs
  /// nothing extra).
  public var loss: Double
  /// The mean loss on the validation data with the end-of-epoch weights, if any was given.
  public var validationLoss: Double?

  /// Creates a report.
  public init(epoch: Int, loss: Double, validationLoss: Double? = nil) {
    self.epoch = epoch
    self.loss = loss
    self.validationLoss = validationLoss
  }
}

/// The per-epoch hook's answer.
public enum EpochDecision: Sendable, Equatable {
  /// Go on with the next epoch.
  case `continue`
  /// Stop now, keeping the weights as they are (early stopping, cancellation).
  case stop
  /// Stop now and restore the weights of the best epoch so far: the one with the lowest
  /// validation loss, or training loss without validation data.
  case stopRestoringBest
}

/// The outcome of a training run.
public struct TrainingReport: Sendable, Equatable {
  /// The number of epochs completed.
  public var epochsRun: Int
  /// The training loss of each completed epoch (``EpochReport/loss``).
  public var lossHistory: [Double]
  /// The validation loss of each completed epoch, when validation data was given.
  public var validationLossHistory: [Double]
  /// Whether the hook stopped training before the configured number of epochs.
  public var stoppedEarly: Bool
  /// The epoch whose weights the network holds when that is not the last one run (after
  /// ``TrainingConfiguration/restoreBest`` or ``EpochDecision/stopRestoringBest``); nil when
  /// the network holds the last epoch's weights.
  public var restoredEpoch: Int?

  /// Creates a report.
  public init(
    epochsRun: Int, lossHistory: [Double], validationLossHistory: [Double] = [],
    stoppedEarly: Bool
  ) {
    self.epochsRun = epochsRun
    self.lossHistory = lossHistory
    self.validationLossHistory = validationLossHistory
    self.stoppedEarly = stoppedEarly
  }
}

/// Why training stopped with an error.
public enum TrainingError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The loss or a weight became NaN or infinite during `epoch` (from 1); the network was
  /// restored to the weights it had at the end of the previous epoch (or at the start).
  case diverged(epoch: Int, loss: Double)
  /// The data does not fit the network (a message saying where).
  case invalidData(String)
  /// The configuration is unusable (a message saying which setting).
  case invalidConfiguration(String)

  /// A one-line explanation.
  public var description: String {
    switch self {
    case .diverged(let epoch, let loss):
      "training diverged in epoch \(epoch) (loss \(loss)); kept the weights from the end of "
        + "epoch \(epoch - 1); try a smaller learning rate"
    case .invalidData(let message): "invalid training data: \(message)"
    case .invalidConfiguration(let message): "invalid training configuration: \(message)"
    }
  }
}
