import NNEngine
import NNModel

/// The settings `:set` changes: how the REPL trains and how it prints numbers.
public struct Settings: Sendable {
  /// The SGD learning rate η of `:train` and `:fit` (the tutorial's 0.1).
  public var learningRate = Optimizer.Kind.sgd.defaultLearningRate
  /// The number of epochs `:fit` runs.
  public var epochs = 1000
  /// Samples per gradient step in `:fit` (1 is the tutorial's stochastic gradient descent).
  public var batchSize = 1
  /// The loss of `:grad`, `:train`, `:fit` and `:loss`.
  public var loss: Loss
  /// The decimals computed numbers are printed with (`:set digits`); nil: every digit (the
  /// shortest text that reads back as the same number). See `NumberFormatting.decimals`.
  public var decimals: Int? = 5

  /// The defaults for `model`: the loss it was trained with, else MSE (the tutorial's), or
  /// cross-entropy for a softmax classifier.
  public init(model: Model) {
    if let name = model.provenance?.loss, let loss = Loss(rawValue: name) {
      self.loss = loss
    } else if case .multiclass = model.output.task, model.layers.last?.activation == .softmax {
      self.loss = .categoricalCrossEntropy
    } else {
      self.loss = .meanSquaredError
    }
  }

  /// The names `:set` accepts besides parameter names.
  public static let names = ["lr", "epochs", "batch", "loss", "digits"]
}
