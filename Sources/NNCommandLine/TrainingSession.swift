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
  }

  /// Trains `plan.initialModel`.
  ///
  /// - Parameters:
  ///   - progressEvery: loss-line interval when not drawing a bar (0: none).
  ///   - terminal: where progress goes; nil for no progress at all.
  /// - Throws: ``ToolError`` with status 70 when training diverges.
  public static func run(plan: TrainingPlan, progressEvery: Int, terminal: Terminal?)
    throws(ToolError) -> Outcome
  {
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
        if Interrupt.requested {
          interrupted = true
          return .stop
        }
        if let patience = plan.patience, let validationLoss = epoch.validationLoss {
          if validationLoss < best {
            best = validationLoss
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
      throw ToolError("\(error)", status: .software)
    }
    progress?.finish()
    return Outcome(
      model: plan.finished(network.model, report: report), report: report,
      interrupted: interrupted, stoppedByPatience: stoppedByPatience)
  }
}
