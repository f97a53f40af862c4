extension LossChart {
  /// The training loss as a text chart `width` columns wide and `height` lines tall: one
  /// point per column (the mean loss of the epochs that fall in it), the highest and lowest
  /// loss on the left, the first and last epoch below. Blue points in colour modes, `*` in
  /// plain mode.
  public func terminalText(width: Int, height: Int = 12, mode: TerminalColors) -> String {
    let plain = mode == .plain
    let values = training.filter { $0.isFinite && (!logarithmic || $0 > 0) }
    guard let low = values.min(), let high = values.max() else {
      return "no loss history\n"
    }
    let labels = [
      PlotNumber.short(high, significantDigits: 4), PlotNumber.short(low, significantDigits: 4),
    ]
    let margin = (labels.map(\.count).max() ?? 1) + 2
    let columns = max(10, min(training.count, width - margin - 9))
    let lines = max(4, height)
    func level(_ value: Double) -> Double {
      if logarithmic {
        let scale = LogScale(low: low, high: high, start: 0, end: 1)
        let bottom = scale.position(low)
        let top = scale.position(high)
        return top > bottom ? (scale.position(value) - bottom) / (top - bottom) : 0.5
      }
      return high > low ? (value - low) / (high - low) : 0.5
    }
    var grid = [[Bool]](repeating: [Bool](repeating: false, count: columns), count: lines)
    var previous: Int?
    for column in 0..<columns {
      let start = column * training.count / columns
      let end = max(start + 1, (column + 1) * training.count / columns)
      let bucket = training[start..<end].filter { $0.isFinite && (!logarithmic || $0 > 0) }
      guard !bucket.isEmpty else {
        previous = nil
        continue
      }
      let mean = bucket.reduce(0, +) / Double(bucket.count)
      let row = lines - 1 - Int((level(mean) * Double(lines - 1)).rounded())
      // Join to the previous column so a steep fall reads as a line, not scattered dots.
      let from = previous.map { min($0 + 1, row) } ?? row
      let to = previous.map { max($0 - 1, row) } ?? row
      for filled in min(from, to)...max(from, to) { grid[filled][column] = true }
      grid[row][column] = true
      previous = row
    }
    let mark =
      plain
      ? "*" : TerminalPicture.code(PlotPalette.positive, foreground: true, mode) + "•\u{1B}[0m"
    var out =
      "loss" + (lossName.map { " (\($0))" } ?? "") + (logarithmic ? ", log scale" : "") + "\n"
    for (index, row) in grid.enumerated() {
      let label = index == 0 ? labels[0] : index == lines - 1 ? labels[1] : ""
      out += String(repeating: " ", count: margin - 1 - label.count) + label + " "
      var line = row.map { $0 ? mark : " " }.joined()
      while line.hasSuffix(" ") { line.removeLast() }
      out += (plain ? "|" : "│") + line + "\n"
    }
    out += String(repeating: " ", count: margin) + (plain ? "+" : "└")
    out += String(repeating: plain ? "-" : "─", count: columns) + "\n"
    let first = "1"
    let last = String(training.count)
    out += String(repeating: " ", count: margin) + first
    out += String(repeating: " ", count: max(1, columns + 1 - first.count - last.count)) + last
    out += "  epoch\n"
    return out
  }
}
