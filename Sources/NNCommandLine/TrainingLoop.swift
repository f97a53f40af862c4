import NNEngine

/// The training loop both tools drive: `nntool train` through ``TrainingSession`` and the
/// REPL's `:train` and `:fit`. It runs ``AnyNetwork/train(on:validation:configuration:onEpoch:)``
/// with cancellation polled after every epoch, optionally in chunks with a callback between
/// them (the REPL redraws its decision map there), and keeps the weights of the last good epoch
/// when training diverges.
public enum TrainingLoop {
  /// What a run did.
  public struct Run: Sendable {
    /// The engine's report over the whole run (epochs numbered from 1 across chunks).
    public var report: TrainingReport
    /// Whether `isInterrupted` stopped the run.
    public var interrupted: Bool
    /// Why the engine stopped the run (divergence, bad data), if it did; the network then holds
    /// the weights of the last good epoch.
    public var failure: TrainingError?
  }

  /// Trains `network` in place.
  ///
  /// - Parameters:
  ///   - network: the network to train; it ends with the weights the run kept.
  ///   - data: the training samples.
  ///   - validation: samples to measure after each epoch, if any.
  ///   - configuration: epochs, optimizer, loss, batch size and the rest.
  ///   - chunkEpochs: run the epochs in calls of at most this many, calling `afterChunk` with
  ///     the network and the epochs run so far after each; nil runs them in one call. Chunks
  ///     train exactly as one call does only when the optimizer keeps no state between epochs
  ///     and the data are not shuffled (plain SGD, as the REPL trains), and early stopping's
  ///     best epoch is chosen within a chunk: give chunks only then.
  ///   - progress: after every epoch, with its number across chunks.
  ///   - isInterrupted: polled after each epoch; true stops the run with `interruption`.
  ///   - interruption: how an interrupted run stops (keeping the last or the best epoch).
  ///   - onEpoch: after each epoch not interrupted; may stop
  ///     the run (early stopping). Progress belongs here.
  ///   - afterChunk: after each chunk, with the network and the epochs run so far.
  /// - Returns: the report over the whole run, whether it was interrupted, and why the engine
  ///   stopped it, if it did.
  public static func run(
    _ network: inout AnyNetwork, on data: TrainingData, validation: TrainingData? = nil,
    configuration: TrainingConfiguration, chunkEpochs: Int? = nil,
    progress: (EpochReport) -> Void = { _ in },
    isInterrupted: () -> Bool, interruption: EpochDecision = .stop,
    onEpoch: (EpochReport) -> EpochDecision = { _ in .continue },
    afterChunk: (AnyNetwork, Int) -> Void = { _, _ in }
  ) -> Run {
    let epochs = configuration.epochs
    let chunk = max(1, min(chunkEpochs ?? epochs, epochs))
    var total = TrainingReport(epochsRun: 0, lossHistory: [], stoppedEarly: false)
    var interrupted = false
    var failure: TrainingError?
    var call = configuration
    while total.epochsRun < epochs, !interrupted, failure == nil, !total.stoppedEarly {
      let offset = total.epochsRun
      call.epochs = min(chunk, epochs - offset)
      do {
        let report = try network.train(on: data, validation: validation, configuration: call) {
          epoch in
          let numbered = EpochReport(
            epoch: epoch.epoch + offset, loss: epoch.loss, validationLoss: epoch.validationLoss)
          progress(numbered)
          if isInterrupted() {
            interrupted = true
            return interruption
          }
          return onEpoch(numbered)
        }
        if offset == 0, call.epochs == epochs {
          total = report
        } else {
          total.epochsRun += report.epochsRun
          total.lossHistory += report.lossHistory
          total.validationLossHistory += report.validationLossHistory
          total.stoppedEarly = report.stoppedEarly || report.epochsRun < call.epochs
          if let restored = report.restoredEpoch { total.restoredEpoch = restored + offset }
        }
      } catch {
        failure = error
      }
      if chunkEpochs != nil { afterChunk(network, total.epochsRun) }
    }
    return Run(report: total, interrupted: interrupted, failure: failure)
  }
}
