/// The rectangle a chart draws its data in, in picture units.
public struct PlotArea: Sendable, Equatable {
  /// Left edge.
  public var left: Double
  /// Top edge.
  public var top: Double
  /// Width.
  public var width: Double
  /// Height.
  public var height: Double

  /// Creates an area.
  public init(left: Double, top: Double, width: Double, height: Double) {
    self.left = left
    self.top = top
    self.width = width
    self.height = height
  }

  /// The right edge.
  public var right: Double { left + width }
  /// The bottom edge.
  public var bottom: Double { top + height }
}

/// Axes drawn around a ``PlotArea``: grid lines, ticks with labels, and the axis titles.
public enum Axes {
  /// Draws the grid, the frame, the ticks of `x` (below) and `y` (left) and the titles.
  public static func draw(
    into svg: inout SVGDocument, area: PlotArea, x: any PlotScale, y: any PlotScale,
    xTitle: String, yTitle: String, grid: Bool = true
  ) {
    let xTicks = x.ticks.filter { inside(x.position($0.value), area.left, area.right) }
    let yTicks = y.ticks.filter { inside(y.position($0.value), area.top, area.bottom) }
    if grid {
      for tick in xTicks {
        let px = x.position(tick.value)
        svg.line(x1: px, y1: area.top, x2: px, y2: area.bottom, stroke: PlotPalette.grid)
      }
      for tick in yTicks {
        let py = y.position(tick.value)
        svg.line(x1: area.left, y1: py, x2: area.right, y2: py, stroke: PlotPalette.grid)
      }
    }
    frame(into: &svg, area: area)
    for tick in xTicks {
      let px = x.position(tick.value)
      svg.line(
        x1: px, y1: area.bottom, x2: px, y2: area.bottom + 5, stroke: PlotPalette.axis)
      svg.text(tick.label, x: px, y: area.bottom + 18, size: 11, anchor: .middle)
    }
    for tick in yTicks {
      let py = y.position(tick.value)
      svg.line(x1: area.left - 5, y1: py, x2: area.left, y2: py, stroke: PlotPalette.axis)
      svg.text(tick.label, x: area.left - 8, y: py + 4, size: 11, anchor: .end)
    }
    svg.text(
      xTitle, x: area.left + area.width / 2, y: area.bottom + 38, size: 13, anchor: .middle)
    let labelWidth = yTicks.map { Double($0.label.count) }.max() ?? 1
    let titleX = area.left - 16 - labelWidth * 6.5
    svg.text(
      yTitle, x: titleX, y: area.top + area.height / 2, size: 13, anchor: .middle,
      rotate: -90)
  }

  /// The plot area's outline.
  public static func frame(into svg: inout SVGDocument, area: PlotArea) {
    svg.rect(
      x: area.left, y: area.top, width: area.width, height: area.height, fill: "none",
      stroke: PlotPalette.axis)
  }

  private static func inside(_ value: Double, _ a: Double, _ b: Double) -> Bool {
    value >= min(a, b) - 0.01 && value <= max(a, b) + 0.01
  }
}
