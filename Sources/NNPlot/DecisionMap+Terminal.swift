import NNEngine
import NNModel

extension DecisionMap {
  /// Plain-mode characters for the regions of classes 0, 1, 2, …
  public static let regionCharacters: [Character] = [".", "+", "o", "~", "=", "^", "%", "&"]
  /// Plain-mode characters for a heat map, from low to high.
  public static let heatCharacters: [Character] = [
    " ", ".", ":", "-", "=", "+", "*", "#", "%", "@",
  ]

  /// The map as text for a terminal `width` columns wide: a frame with the y range on the
  /// left and the x range below, the samples as the first character of their true class
  /// (`X` for a sample predicted wrong), and a legend line.
  ///
  /// - Throws: as ``grid(network:columns:rows:)``.
  public func terminalText(network: AnyNetwork, width: Int, mode: TerminalColors)
    throws(EngineError) -> String
  {
    let yLabels = [PlotNumber.short(yRange.upperBound), PlotNumber.short(yRange.lowerBound)]
    let margin = (yLabels.map(\.count).max() ?? 1) + 2
    let columns = max(16, min(160, width - margin - 2))
    // Terminal cells are about twice as tall as wide.
    let lines = max(8, min(32, columns * 10 / 24))
    let pixelRows = mode == .plain ? lines : 2 * lines
    let grid = try self.grid(network: network, columns: columns, rows: pixelRows)
    let range = grid.valueRange.union(points.compactMap(\.actualValue))
    var pixels: [RGB] = []
    var shades: [Character] = []
    pixels.reserveCapacity(columns * pixelRows)
    for index in 0..<(columns * pixelRows) {
      pixels.append(grid.color(index, range: range))
      shades.append(shade(grid.outputs[index], range: range))
    }
    var picture = TerminalPicture(
      columns: columns, pixelRows: pixelRows, pixels: pixels, shades: shades)
    let xSpan = xRange.upperBound - xRange.lowerBound
    let ySpan = yRange.upperBound - yRange.lowerBound
    for point in points {
      let column = Int(((point.x - xRange.lowerBound) / xSpan * Double(columns)).rounded(.down))
      let line = Int(((yRange.upperBound - point.y) / ySpan * Double(lines)).rounded(.down))
      guard (0..<columns).contains(column), (0..<lines).contains(line) else { continue }
      var character: Character = "*"
      var color = RGB(0, 0, 0)
      if let actual = point.actualClass, actual < labels.count {
        character = labels[actual].first ?? "*"
        color = ColorMap.classColor(actual, of: labels.count).mixed(with: RGB(0, 0, 0), 0.35)
      }
      if point.isWrong { character = "X" }
      picture.mark(
        column: column, line: line, character, color: point.isWrong ? RGB(0, 0, 0) : color)
    }
    let plain = mode == .plain
    var out = "\(axisTitle(yFeature)) ↑\n"
    for (index, line) in picture.lines(mode).enumerated() {
      let label = index == 0 ? yLabels[0] : index == lines - 1 ? yLabels[1] : ""
      out += String(repeating: " ", count: margin - 1 - label.count) + label + " "
      out += (plain ? "|" : "│") + line + "\n"
    }
    out += String(repeating: " ", count: margin) + (plain ? "+" : "└")
    out += String(repeating: plain ? "-" : "─", count: columns) + "\n"
    let low = PlotNumber.short(xRange.lowerBound)
    let high = PlotNumber.short(xRange.upperBound)
    let title = axisTitle(xFeature) + " →"
    let gap = max(1, columns + 1 - low.count - high.count)
    out +=
      String(repeating: " ", count: margin) + low + String(repeating: " ", count: gap) + high + "\n"
    out +=
      String(repeating: " ", count: margin + max(0, (columns - title.count) / 2)) + title + "\n"
    out += legend(mode: mode, range: range) + "\n"
    if !heldInputs.isEmpty { out += heldInputs + "\n" }
    return out
  }

  private func shade(_ output: [Double], range: ClosedRange<Double>) -> Character {
    switch model.output.task {
    case .binary, .multiclass:
      let index = model.output.task.classIndex(for: output) ?? 0
      return Self.regionCharacters[index % Self.regionCharacters.count]
    case .regression:
      let t = ((output.first ?? 0) - range.lowerBound) / (range.upperBound - range.lowerBound)
      let level = Int(
        (max(0, min(1, t.isFinite ? t : 0)) * Double(Self.heatCharacters.count - 1)).rounded())
      return Self.heatCharacters[level]
    }
  }

  private func legend(mode: TerminalColors, range: ClosedRange<Double>) -> String {
    let plain = mode == .plain
    if labels.isEmpty {
      let low = PlotNumber.short(range.lowerBound)
      let high = PlotNumber.short(range.upperBound)
      return plain
        ? "shades '\(String(Self.heatCharacters))' from \(low) to \(high)"
        : "colour from \(low) (dark) to \(high) (yellow)"
    }
    var parts: [String] = []
    for (index, label) in labels.enumerated().prefix(8) {
      let swatch =
        TerminalPicture.code(ColorMap.classColor(index, of: labels.count), foreground: true, mode)
        + "██\u{1B}[0m"
      let region =
        plain ? "'\(Self.regionCharacters[index % Self.regionCharacters.count])'" : swatch
      parts.append("\(region) \(XMLText.truncated(label, to: 12))")
    }
    var text = (plain ? "regions: " : "") + parts.joined(separator: ", ")
    if !points.isEmpty {
      text += "\nsamples: their class's letter"
      if points.contains(where: \.isWrong) { text += "; X: predicted wrong" }
    }
    return text
  }
}
