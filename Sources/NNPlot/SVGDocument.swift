/// A small SVG writer: elements appended in order, numbers with ``PlotNumber``, text escaped
/// with ``XMLText``. The same calls give the same bytes.
///
/// Sizes are in the SVG's own user units; text uses the generic `sans-serif` family, so no
/// font is ever fetched.
public struct SVGDocument: Sendable {
  /// The width in user units.
  public var width: Double
  /// The height in user units.
  public var height: Double
  /// A short description for screen readers and file browsers (`<title>`).
  public var title: String
  private var body: String = ""

  /// Creates an empty picture of the given size.
  public init(width: Double, height: Double, title: String) {
    self.width = width
    self.height = height
    self.title = title
  }

  /// How text is anchored at its position.
  public enum Anchor: String, Sendable {
    /// The text starts at the position.
    case start
    /// The text is centred on the position.
    case middle
    /// The text ends at the position.
    case end
  }

  /// A coordinate or length as written in the file (two decimals at most).
  public static func number(_ value: Double) -> String { PlotNumber.compact(value, decimals: 2) }

  /// Appends raw markup (already escaped), such as a group's opening tag.
  public mutating func raw(_ markup: String) { body += markup }

  /// A filled rectangle, with an optional outline.
  public mutating func rect(
    x: Double, y: Double, width: Double, height: Double, fill: String,
    stroke: String? = nil, strokeWidth: Double = 1, radius: Double = 0
  ) {
    body += "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(width))\""
    body += " height=\"\(Self.number(height))\""
    if radius > 0 { body += " rx=\"\(Self.number(radius))\"" }
    body += " fill=\"\(fill)\""
    if let stroke {
      body += " stroke=\"\(stroke)\" stroke-width=\"\(Self.number(strokeWidth))\""
    }
    body += "/>\n"
  }

  /// A straight line.
  public mutating func line(
    x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1,
    opacity: Double = 1, dash: String? = nil
  ) {
    body += "<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\""
    body += " x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\""
    body += " stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\""
    if opacity < 1 { body += " stroke-opacity=\"\(Self.number(opacity))\"" }
    if let dash { body += " stroke-dasharray=\"\(dash)\"" }
    body += "/>\n"
  }

  /// A circle.
  public mutating func circle(
    cx: Double, cy: Double, r: Double, fill: String, stroke: String? = nil,
    strokeWidth: Double = 1
  ) {
    body += "<circle cx=\"\(Self.number(cx))\" cy=\"\(Self.number(cy))\" r=\"\(Self.number(r))\""
    body += " fill=\"\(fill)\""
    if let stroke {
      body += " stroke=\"\(stroke)\" stroke-width=\"\(Self.number(strokeWidth))\""
    }
    body += "/>\n"
  }

  /// A path with SVG path data `d` (built with ``number(_:)``).
  public mutating func path(
    _ d: String, stroke: String, width: Double = 1, fill: String = "none", dash: String? = nil,
    opacity: Double = 1
  ) {
    body += "<path d=\"\(d)\" fill=\"\(fill)\" stroke=\"\(stroke)\""
    body += " stroke-width=\"\(Self.number(width))\""
    if opacity < 1 { body += " stroke-opacity=\"\(Self.number(opacity))\"" }
    if let dash { body += " stroke-dasharray=\"\(dash)\"" }
    body += " stroke-linejoin=\"round\" stroke-linecap=\"round\"/>\n"
  }

  /// A line through `points`, as one path.
  public mutating func polyline(
    _ points: [(x: Double, y: Double)], stroke: String, width: Double = 1.5, dash: String? = nil
  ) {
    guard let first = points.first else { return }
    var d = "M\(Self.number(first.x)) \(Self.number(first.y))"
    for point in points.dropFirst() { d += "L\(Self.number(point.x)) \(Self.number(point.y))" }
    path(d, stroke: stroke, width: width, dash: dash)
  }

  /// Text at a position; `text` is escaped here. `halo` draws a white outline behind it.
  public mutating func text(
    _ text: String, x: Double, y: Double, size: Double = 12, anchor: Anchor = .start,
    fill: String = "#222", bold: Bool = false, rotate: Double? = nil, halo: Bool = false
  ) {
    body +=
      "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" font-size=\"\(Self.number(size))\""
    if anchor != .start { body += " text-anchor=\"\(anchor.rawValue)\"" }
    if bold { body += " font-weight=\"bold\"" }
    if fill != "#222" { body += " fill=\"\(fill)\"" }
    if halo {
      // A white outline under the glyphs keeps labels readable on any background.
      body += " stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\""
    }
    if let rotate {
      body +=
        " transform=\"rotate(\(Self.number(rotate)) \(Self.number(x)) \(Self.number(y)))\""
    }
    body += ">\(XMLText.escaped(text))</text>\n"
  }

  /// The whole document. `standalone` adds the XML namespace a separate `.svg` file needs;
  /// an SVG inlined in HTML does without it.
  public func render(standalone: Bool = true) -> String {
    var out = "<svg"
    if standalone { out += " xmlns=\"http://www.w3.org/2000/svg\"" }
    out += " width=\"\(Self.number(width))\" height=\"\(Self.number(height))\""
    out += " viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\""
    out += " font-family=\"sans-serif\" role=\"img\">\n"
    out += "<title>\(XMLText.escaped(title))</title>\n"
    out += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
    out += body
    out += "</svg>\n"
    return out
  }
}
