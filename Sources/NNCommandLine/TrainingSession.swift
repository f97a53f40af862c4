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
  ///   - progressEvery: loss-line interval when not drawing a bar (0: none).
  ///   - terminal: where progress goes; nil for no progress at all.
  ///   - interrupted: polled after each epoch; true stops training as Ctrl-C does (by default,
  ///     whether Ctrl-C was pressed).
  ///   - keepBestOnInterrupt: after an interruption, keep the epoch with the lowest loss
  ///     (validation loss when there is validation data, else training loss) instead of the
  ///     last one.
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
    var best = Double.infinity
    var bestEpoch = 0
    var bestValidation = Double.infinity
    var sinceBest = 0
    var stoppedByPatience = false
    var interrupted = false
    Interrupt.reset()
    Interrupt.install()
    defer { Interrupt.uninstall() }
    let report: TrainingReport
    do {
      report = try network.train(
        on: plan.training, validation: plan.validation, configuration: plan.configuration
      ) { epoch in
        progress?.epochEnded(
          epoch: epoch.epoch, loss: epoch.loss, validationLoss: epoch.validationLoss)
        let measured = epoch.validationLoss ?? epoch.loss
        if measured < best {
          best = measured
          bestEpoch = epoch.epoch
        }
        if isInterrupted() {
          interrupted = true
          return .stop
        }
        if let patience = plan.patience, let validationLoss = epoch.validationLoss {
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
        }
        return .continue
      }
    } catch {
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
    if stoppedByPatience || (interrupted && keepBestOnInterrupt), bestEpoch >= 1,
      bestEpoch < report.epochsRun,
      let replayed = replay(plan: plan, epochs: bestEpoch, expected: report)
    {
      return Outcome(
        model: plan.finished(replayed.model, report: replayed.report), report: report,
        interrupted: interrupted, stoppedByPatience: stoppedByPatience, keptEpoch: bestEpoch)
    }
    return Outcome(
      model: plan.finished(network.model, report: report), report: report,
      interrupted: interrupted, stoppedByPatience: stoppedByPatience, keptEpoch: nil)
  }

  /// The model as it was at the end of epoch `epochs`, recomputed: training is deterministic
  /// (seeded initialization and shuffling, thread-count-independent kernels), so running the
  /// same plan for fewer epochs reproduces those weights exactly. The engine's per-epoch hook
  /// does not expose the weights, so this is how early stopping keeps the best epoch. Returns
  /// nil (keep the last epoch) if the replayed losses differ from the first run's.
  static func replay(plan: TrainingPlan, epochs: Int, expected: TrainingReport)
    -> (model: Model, report: TrainingReport)?
  {
    var configuration = plan.configuration
    configuration.epochs = epochs
    guard var network = try? AnyNetwork(model: plan.initialModel),
      let report = try? network.train(
        on: plan.training, validation: plan.validation, configuration: configuration),
      report.lossHistory == Array(expected.lossHistory.prefix(epochs))
    else { return nil }
    return (network.model, report)
  }
}
