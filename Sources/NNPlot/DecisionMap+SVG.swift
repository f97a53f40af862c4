import NNEngine
import NNModel

extension DecisionMap {
  /// The most points a picture draws; more rows are sampled evenly (every k-th row) and the
  /// caption says so, so a 100,000-row file gives a picture of bounded size.
  public static let maximumDrawnPoints = 2000
  /// Points with at most this many drawn also get their labels written.
  public static let maximumLabelledPoints = 30

  /// The picture: the tinted grid, the boundary, the points, axes in raw units, a legend or a
  /// colour bar, and a caption.
  ///
  /// - Throws: as ``grid(network:columns:rows:)``.
  public func svg(network: AnyNetwork, title: String, cells: Int = 110) throws(EngineError)
    -> SVGDocument
  {
    let side = 440.0
    let area = PlotArea(left: 84, top: 52, width: side, height: side)
    let width = area.right + 215
    var svg = SVGDocument(width: width, height: area.bottom + 120, title: title)
    svg.text(XMLText.truncated(title, to: 80), x: 20, y: 28, size: 16, bold: true)
    // About seven ticks a side: five leaves a 0.5–10.9 axis with only 5 and 10.
    let x = LinearScale(
      low: xRange.lowerBound, high: xRange.upperBound, start: area.left, end: area.right,
      tickCount: 7, nice: false)
    let y = LinearScale(
      low: yRange.lowerBound, high: yRange.upperBound, start: area.bottom, end: area.top,
      tickCount: 7, nice: false)
    let grid = try self.grid(network: network, columns: cells, rows: cells)
    let range = grid.valueRange.union(points.compactMap(\.actualValue))

    // Cells, merged into runs of equal colour along each row.
    let cellWidth = area.width / Double(cells)
    let cellHeight = area.height / Double(cells)
    // Crisp edges: anti-aliased neighbouring rectangles leave faint light seams between rows.
    svg.raw("<g shape-rendering=\"crispEdges\">")
    for row in 0..<cells {
      var column = 0
      while column < cells {
        let color = grid.color(row * cells + column, range: range)
        var end = column + 1
        while end < cells, grid.color(row * cells + end, range: range) == color { end += 1 }
        // A hair of overlap hides the seams some renderers leave between rectangles.
        svg.rect(
          x: area.left + Double(column) * cellWidth, y: area.top + Double(row) * cellHeight,
          width: Double(end - column) * cellWidth + 0.3, height: cellHeight + 0.3,
          fill: color.hex)
        column = end
      }
    }
    svg.raw("</g>")
    var boundary = ""
    for segment in grid.boundarySegments {
      boundary += "M\(SVGDocument.number(area.left + segment.x1 * cellWidth)) "
      boundary += "\(SVGDocument.number(area.top + segment.y1 * cellHeight))"
      boundary += "L\(SVGDocument.number(area.left + segment.x2 * cellWidth)) "
      boundary += "\(SVGDocument.number(area.top + segment.y2 * cellHeight))"
    }
    if !boundary.isEmpty { svg.path(boundary, stroke: "#222222", width: 2) }
    Axes.draw(
      into: &svg, area: area, x: x, y: y, xTitle: axisTitle(xFeature),
      yTitle: axisTitle(yFeature), grid: false)

    // Points.
    let step = max(1, (points.count + Self.maximumDrawnPoints - 1) / Self.maximumDrawnPoints)
    let drawn = stride(from: 0, to: points.count, by: step).map { points[$0] }
    let radius = drawn.count > 200 ? 3.0 : 6.0
    let labelled = drawn.count <= Self.maximumLabelledPoints
    for point in drawn {
      let (px, py) = (x.position(point.x), y.position(point.y))
      guard px >= area.left - 1, px <= area.right + 1, py >= area.top - 1, py <= area.bottom + 1
      else { continue }
      let fill: RGB
      if let actual = point.actualClass {
        fill = ColorMap.classColor(actual, of: labels.count)
      } else if let value = point.actualValue {
        fill = ColorMap.sequential.color(
          at: (value - range.lowerBound) / (range.upperBound - range.lowerBound))
      } else {
        fill = RGB(0x55, 0x55, 0x55)
      }
      if point.isWrong {
        svg.circle(
          cx: px, cy: py, r: radius + 1.5, fill: fill.hex, stroke: "#000000", strokeWidth: 3)
        let arm = radius * 0.6
        svg.path(
          "M\(SVGDocument.number(px - arm)) \(SVGDocument.number(py - arm))l\(SVGDocument.number(2 * arm)) \(SVGDocument.number(2 * arm))m0 \(SVGDocument.number(-2 * arm))l\(SVGDocument.number(-2 * arm)) \(SVGDocument.number(2 * arm))",
          stroke: "#ffffff", width: 1.6)
      } else {
        svg.circle(cx: px, cy: py, r: radius, fill: fill.hex, stroke: "#1a1a1a", strokeWidth: 1)
      }
      if labelled, let label = point.label {
        svg.text(
          XMLText.truncated(label, to: 16), x: px + radius + 4, y: py - radius, size: 12,
          bold: true, halo: true)
      }
    }

    // Legend or colour bar, right of the map.
    let legendX = area.right + 24
    var legendY = area.top + 8
    if labels.isEmpty {
      let name = model.output.names.first.map { XMLText.truncated($0, to: 18) } ?? "output"
      svg.text(name, x: legendX, y: legendY, size: 13, bold: true)
      let barTop = legendY + 12
      let barHeight = 240.0
      for index in 0..<60 {
        let t = 1 - (Double(index) + 0.5) / 60
        svg.rect(
          x: legendX, y: barTop + Double(index) * barHeight / 60, width: 18,
          height: barHeight / 60 + 0.3, fill: ColorMap.sequential.color(at: t).hex)
      }
      svg.rect(
        x: legendX, y: barTop, width: 18, height: barHeight, fill: "none", stroke: PlotPalette.axis)
      let bar = LinearScale(
        low: range.lowerBound, high: range.upperBound, start: barTop + barHeight, end: barTop,
        nice: false)
      for tick in bar.ticks {
        let ty = bar.position(tick.value)
        svg.line(x1: legendX + 18, y1: ty, x2: legendX + 23, y2: ty, stroke: PlotPalette.axis)
        svg.text(tick.label, x: legendX + 26, y: ty + 4, size: 11)
      }
      legendY = barTop + barHeight + 24
    } else {
      svg.text("true class", x: legendX, y: legendY, size: 13, bold: true)
      legendY += 20
      for (index, label) in labels.enumerated().prefix(12) {
        svg.circle(
          cx: legendX + 6, cy: legendY - 4, r: 6,
          fill: ColorMap.classColor(index, of: labels.count).hex,
          stroke: "#1a1a1a", strokeWidth: 1)
        svg.text(XMLText.truncated(label, to: 18), x: legendX + 18, y: legendY, size: 12)
        legendY += 20
      }
      if points.contains(where: \.isWrong) {
        svg.circle(
          cx: legendX + 6, cy: legendY - 4, r: 6, fill: "#999999", stroke: "#000000",
          strokeWidth: 3)
        svg.text("predicted wrong", x: legendX + 18, y: legendY, size: 12)
        legendY += 20
      }
      legendY += 10
      svg.text(
        "shade: the model's answer", x: legendX, y: legendY, size: 12, fill: PlotPalette.muted)
      legendY += 16
      svg.text("(stronger = surer)", x: legendX, y: legendY, size: 12, fill: PlotPalette.muted)
      legendY += 20
      if case .binary(let threshold, _, let positive) = model.output.task {
        svg.line(
          x1: legendX, y1: legendY - 4, x2: legendX + 24, y2: legendY - 4, stroke: "#222222",
          width: 2)
        svg.text(
          "P(\(XMLText.truncated(positive, to: 10))) = \(PlotNumber.short(threshold))",
          x: legendX + 30, y: legendY, size: 12)
      }
    }

    // Caption.
    var captions: [String] = []
    if !heldInputs.isEmpty { captions.append(heldInputs) }
    if step > 1 {
      captions.append("Showing every \(step)th of \(points.count) rows (\(drawn.count) points).")
    }
    let wrong = points.filter(\.isWrong).count
    if !labels.isEmpty, points.contains(where: { $0.predictedClass != nil }) {
      captions.append(
        "\(wrong) of \(points.count) sample\(points.count == 1 ? "" : "s") predicted wrong.")
    }
    var captionY = area.bottom + 66
    for caption in captions {
      svg.text(
        XMLText.truncated(caption, to: 110), x: 20, y: captionY, size: 11, fill: PlotPalette.muted)
      captionY += 16
    }
    return svg
  }
}

extension ClosedRange<Double> {
  /// The range widened to hold `values` (non-finite ones ignored).
  func union(_ values: [Double]) -> ClosedRange<Double> {
    let finite = values.filter(\.isFinite)
    return Swift.min(
      lowerBound, finite.min() ?? lowerBound)...Swift.max(upperBound, finite.max() ?? upperBound)
  }
}
