import NNEngine
import NNModel

/// Runs a ``TrainingPlan`` with progress on standard error, Ctrl-C handling and early stopping.
public enum TrainingSession {
  /// The result of a run.
  public struct Outcome: Sendable {
    /// The trained model with provenance.
    public var model: Model
    /// The engine's report.
    public var report: TrainingReport
    /// Whether Ctrl-C stopped the run.
    public var interrupted: Bool
    /// Whether the validation loss stopped improving for `patience` epochs.
    public var stoppedByPatience: Bool
    /// After an early stop (or an interruption with `keepBestOnInterrupt`), the earlier epoch
    /// whose weights were kept, the one with the lowest loss; nil when the model is the one of
    /// the last epoch run.
    public var keptEpoch: Int?
  }

  /// Trains `plan.initialModel`.
  ///
  /// - Parameters:
  ///   - plan: what to train, on which data, with which configuration.
  ///   - progressEvery: loss-line interval when not drawing a bar (0: none).
  ///   - terminal: where progress goes; nil for no progress at all.
  ///   - isInterrupted: polled after each epoch; true stops training as Ctrl-C does (by default,
  ///     whether Ctrl-C was pressed).
  ///   - keepBestOnInterrupt: after an interruption, keep the epoch with the lowest loss
  ///     (validation loss when there is validation data, else training loss) instead of the
  ///     last one.
  /// - Returns: the trained model with its provenance, and how the run ended.
  /// - Throws: ``ToolError`` with status 70 when training diverges.
  public static func run(
    plan: TrainingPlan, progressEvery: Int, terminal: Terminal?,
    interrupted isInterrupted: () -> Bool = { Interrupt.requested },
    keepBestOnInterrupt: Bool = false
  ) throws(ToolError) -> Outcome {
    var network: AnyNetwork
    do {
      network = try AnyNetwork(model: plan.initialModel)
    } catch {
      throw ToolError.data("the model cannot be run: \(error)")
    }
    let progress = terminal.map {
      TrainingProgress(totalEpochs: plan.configuration.epochs, every: progressEvery, terminal: $0)
    }
    var bestValidation = Double.infinity
    var sinceBest = 0
    var stoppedByPatience = false
    var configuration = plan.configuration
    // Early stopping keeps the epoch with the lowest validation loss, copied by the engine.
    configuration.restoreBest = plan.patience != nil
    Interrupt.reset()
    Interrupt.install()
    defer { Interrupt.uninstall() }
    let run = TrainingLoop.run(
      &network, on: plan.training, validation: plan.validation, configuration: configuration,
      progress: { epoch in
        progress?.epochEnded(
          epoch: epoch.epoch, loss: epoch.loss, validationLoss: epoch.validationLoss)
      },
      isInterrupted: isInterrupted,
      interruption: keepBestOnInterrupt ? EpochDecision.stopRestoringBest : .stop,
      onEpoch: { (epoch: EpochReport) -> EpochDecision in
        guard let patience = plan.patience, let validationLoss = epoch.validationLoss else {
          return .continue
        }
        if validationLoss < bestValidation {
          bestValidation = validationLoss
          sinceBest = 0
        } else {
          sinceBest += 1
          if sinceBest >= patience {
            stoppedByPatience = true
            return .stop
          }
        }
        return .continue
      })
    let interrupted = run.interrupted
    let report = run.report
    if let error = run.failure {
      progress?.finish()
      if case .diverged(let epoch, let loss) = error {
        throw ToolError(
          "training diverged in epoch \(epoch) (loss \(NumberFormatting.short(loss))); nothing "
            + "written; try a smaller learning rate (--lr) or --normalize standard",
          status: .software)
      }
      throw ToolError("\(error)", status: .software)
    }
    progress?.finish()
    guard let kept = report.restoredEpoch else {
      return Outcome(
        model: plan.finished(network.model, report: report), report: report,
        interrupted: interrupted, stoppedByPatience: stoppedByPatience, keptEpoch: nil)
    }
    // The provenance records the kept epoch's history, as if training had stopped there.
    let keptReport = TrainingReport(
      epochsRun: kept, lossHistory: Array(report.lossHistory.prefix(kept)),
      validationLossHistory: Array(report.validationLossHistory.prefix(kept)),
      stoppedEarly: true)
    return Outcome(
      model: plan.finished(network.model, report: keptReport), report: report,
      interrupted: interrupted, stoppedByPatience: stoppedByPatience, keptEpoch: kept)
  }
}
