/// Reports training progress on standard error, as a terminal or a log file wants it.
///
/// Not on a terminal (or with `NO_COLOR`): a line every `every` epochs and after the last, in
/// the tutorial's style, `Epoch 10 loss: 0.123` (plus `validation loss: …`). On a terminal:
/// one line redrawn in place with a bar, the epoch, the losses and the time left.
public final class TrainingProgress {
  private let totalEpochs: Int
  private let every: Int
  private let bar: Bool
  private let width: Int
  private let write: (String) -> Void
  private let start = ContinuousClock.now
  private var lastDraw: ContinuousClock.Instant?
  private var drewBar = false

  /// Creates a reporter for `totalEpochs` epochs.
  ///
  /// - Parameters:
  ///   - totalEpochs: the number of epochs the run will train.
  ///   - every: the interval between loss lines (0: no lines).
  ///   - terminal: decides between a bar and lines.
  ///   - write: where text goes (standard error by default).
  public init(
    totalEpochs: Int, every: Int, terminal: Terminal,
    write: @escaping (String) -> Void = StandardStream.err
  ) {
    self.totalEpochs = totalEpochs
    self.every = every
    self.bar = terminal.showsProgressBar
    self.width = terminal.width
    self.write = write
  }

  /// The text of one loss line (without the line break).
  public static func line(epoch: Int, loss: Double, validationLoss: Double?) -> String {
    var text = "Epoch \(epoch) loss: \(lossText(loss))"
    if let validationLoss { text += " validation loss: \(lossText(validationLoss))" }
    return text
  }

  /// A loss as the tutorial prints it (`%.3f`), or in exponent form when that would be long.
  static func lossText(_ loss: Double) -> String {
    abs(loss) < 1e6 ? NumberFormatting.fixed(loss, decimals: 3) : NumberFormatting.short(loss)
  }

  /// Reports the end of epoch `epoch` (1-based).
  public func epochEnded(epoch: Int, loss: Double, validationLoss: Double?) {
    if bar {
      let now = ContinuousClock.now
      if let lastDraw, now - lastDraw < .milliseconds(100), epoch < totalEpochs { return }
      lastDraw = now
      drawBar(epoch: epoch, loss: loss, validationLoss: validationLoss, now: now)
    } else if every > 0, epoch % every == 0 || epoch == totalEpochs {
      write(Self.line(epoch: epoch, loss: loss, validationLoss: validationLoss) + "\n")
    }
  }

  /// Ends the bar's line, if one was drawn.
  public func finish() {
    if drewBar {
      write("\n")
      drewBar = false
    }
  }

  private func drawBar(
    epoch: Int, loss: Double, validationLoss: Double?, now: ContinuousClock.Instant
  ) {
    let fraction = totalEpochs > 0 ? Double(epoch) / Double(totalEpochs) : 1
    let elapsed = now - start
    let elapsedSeconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let remaining = fraction > 0 ? elapsedSeconds * (1 - fraction) / fraction : 0
    var status = " \(epoch)/\(totalEpochs) loss \(NumberFormatting.short(loss))"
    if let validationLoss { status += " val \(NumberFormatting.short(validationLoss))" }
    status += " ETA \(Self.duration(remaining))"
    let barWidth = max(10, min(40, width - status.count - 3))
    let filled = Int((fraction * Double(barWidth)).rounded(.down))
    let text =
      "\r[" + String(repeating: "#", count: filled)
      + String(repeating: "-", count: barWidth - filled) + "]" + status + "\u{1B}[K"
    write(text)
    drewBar = true
  }

  /// A short duration: `42s`, `3m05s`, `2h10m`.
  public static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds >= 0 else { return "?" }
    let total = Int(seconds.rounded())
    if total < 60 { return "\(total)s" }
    if total < 3600 {
      let secondsPart = total % 60
      return "\(total / 60)m\(secondsPart < 10 ? "0" : "")\(secondsPart)s"
    }
    let minutes = (total % 3600) / 60
    return "\(total / 3600)h\(minutes < 10 ? "0" : "")\(minutes)m"
  }
}
