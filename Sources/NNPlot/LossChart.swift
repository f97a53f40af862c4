/// The loss per epoch as a line chart: the training loss, and the validation loss when there
/// is one.
public struct LossChart: Sendable {
  /// The training loss after each epoch (epoch 1 first).
  public var training: [Double]
  /// The validation loss after each epoch, if measured.
  public var validation: [Double]
  /// The loss function's name for the axis title, such as `"mse"`.
  public var lossName: String?
  /// The chart's title.
  public var title: String
  /// Whether the loss axis is logarithmic.
  public var logarithmic: Bool

  /// Creates a chart.
  public init(
    training: [Double], validation: [Double] = [], lossName: String? = nil, title: String,
    logarithmic: Bool = false
  ) {
    self.training = training
    self.validation = validation
    self.lossName = lossName
    self.title = title
    self.logarithmic = logarithmic
  }

  /// The most points a line keeps: longer histories are thinned to the lowest and highest
  /// value of each bucket, so spikes stay visible and the file stays small.
  public static let maximumPoints = 1200

  /// The picture.
  public func svg(width: Double = 640, height: Double = 400) -> SVGDocument {
    var svg = SVGDocument(width: width, height: height, title: title)
    let area = PlotArea(left: 78, top: 48, width: width - 110, height: height - 110)
    svg.text(XMLText.truncated(title, to: 80), x: 20, y: 26, size: 16, bold: true)
    let values = (training + validation).filter { $0.isFinite && (!logarithmic || $0 > 0) }
    let epochs = max(training.count, validation.count)
    guard epochs > 0, let low = values.min(), let high = values.max() else {
      Axes.frame(into: &svg, area: area)
      svg.text(
        "no loss history stored in this model", x: area.left + area.width / 2,
        y: area.top + area.height / 2, size: 14, anchor: .middle, fill: PlotPalette.muted)
      return svg
    }
    let x = LinearScale(
      low: epochs == 1 ? 0 : 1, high: Double(epochs), start: area.left, end: area.right,
      tickCount: 6, nice: false)
    let y: any PlotScale =
      logarithmic
      ? LogScale(low: low, high: high, start: area.bottom, end: area.top)
      : LinearScale(
        low: min(0, low), high: high, start: area.bottom, end: area.top, tickCount: 6)
    let lossTitle =
      "loss" + (lossName.map { " (\($0))" } ?? "") + (logarithmic ? ", log scale" : "")
    Axes.draw(into: &svg, area: area, x: x, y: y, xTitle: "epoch", yTitle: lossTitle)
    let series: [(values: [Double], color: RGB, dash: String?, name: String)] = [
      (training, PlotPalette.positive, nil, "training"),
      (validation, PlotPalette.negative, "6 4", "validation"),
    ].filter { !$0.values.isEmpty }
    for line in series {
      for run in Self.thinned(line.values, maximum: Self.maximumPoints, logarithmic: logarithmic) {
        svg.polyline(
          run.map { (x.position($0.epoch), y.position($0.loss)) }, stroke: line.color.hex,
          width: 2, dash: line.dash)
      }
    }
    // The legend, top right, inside the plot area.
    var legendY = area.top + 16
    for line in series {
      let lastValue = line.values.last { $0.isFinite } ?? .nan
      let label = "\(line.name): last \(PlotNumber.short(lastValue, significantDigits: 4))"
      let legendX = area.right - 200
      svg.line(
        x1: legendX, y1: legendY - 4, x2: legendX + 24, y2: legendY - 4, stroke: line.color.hex,
        width: 2, dash: line.dash)
      svg.text(label, x: legendX + 30, y: legendY, size: 12)
      legendY += 18
    }
    return svg
  }

  /// `(epoch, loss)` points in runs without gaps (a non-finite or, on a log scale, non-positive
  /// loss breaks the line), at most about `maximum` points in all.
  static func thinned(_ values: [Double], maximum: Int, logarithmic: Bool) -> [[(
    epoch: Double, loss: Double
  )]] {
    let bucket = max(1, (values.count + maximum / 2 - 1) / max(1, maximum / 2))
    var runs: [[(epoch: Double, loss: Double)]] = []
    var current: [(epoch: Double, loss: Double)] = []
    var start = 0
    while start < values.count {
      let end = min(values.count, start + bucket)
      var lowest: Int?
      var highest: Int?
      var broken = false
      for index in start..<end {
        let value = values[index]
        guard value.isFinite, !logarithmic || value > 0 else {
          broken = true
          continue
        }
        if lowest.map({ value < values[$0] }) ?? true { lowest = index }
        if highest.map({ value > values[$0] }) ?? true { highest = index }
      }
      if broken, !current.isEmpty {
        runs.append(current)
        current = []
      }
      for index in Set([lowest, highest].compactMap { $0 }).sorted() {
        current.append((Double(index + 1), values[index]))
      }
      start = end
    }
    if !current.isEmpty { runs.append(current) }
    return runs
  }
}
