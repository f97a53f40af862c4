/// How a picture is drawn in a terminal.
public enum TerminalColors: Sendable, Equatable {
  /// Plain characters only (no terminal, `NO_COLOR`, tests).
  case plain
  /// The xterm 256-colour palette (its 6×6×6 cube).
  case palette256
  /// 24-bit colour (`COLORTERM=truecolor` or `24bit`).
  case trueColor

  /// The mode for a terminal: plain unless `color`, then 24-bit when `colorTerm` says the
  /// terminal has it, else 256 colours.
  public static func detect(color: Bool, colorTerm: String?) -> TerminalColors {
    guard color else { return .plain }
    return colorTerm == "truecolor" || colorTerm == "24bit" ? .trueColor : .palette256
  }
}

/// A picture of coloured pixels, with characters laid over some cells, drawn as text.
///
/// In colour, each character cell shows two pixels, one above the other, with the upper half
/// block `▀` (foreground: the upper pixel, background: the lower), so a cell is about square.
/// In plain mode each cell shows one pixel as the character the caller gave for its shade.
public struct TerminalPicture: Sendable {
  /// Columns (characters across).
  public var columns: Int
  /// Pixel rows: twice the text lines in colour, the text lines in plain mode.
  public var pixelRows: Int
  /// The pixel colours, row by row.
  public var pixels: [RGB]
  /// The plain-mode character of each pixel.
  public var shades: [Character]
  /// Characters laid over cells: `(column, line) → (character, colour)`.
  public var marks: [Int: (character: Character, color: RGB)] = [:]

  /// Creates a picture of `columns` × `pixelRows` pixels.
  public init(columns: Int, pixelRows: Int, pixels: [RGB], shades: [Character]) {
    precondition(pixels.count == columns * pixelRows && shades.count == pixels.count)
    self.columns = columns
    self.pixelRows = pixelRows
    self.pixels = pixels
    self.shades = shades
  }

  /// The number of text lines the picture takes in `mode`.
  public func lineCount(_ mode: TerminalColors) -> Int {
    mode == .plain ? pixelRows : (pixelRows + 1) / 2
  }

  /// Places `character` over the cell at `column`, text line `line`.
  public mutating func mark(column: Int, line: Int, _ character: Character, color: RGB) {
    marks[line * columns + column] = (character, color)
  }

  /// The picture's lines (without line breaks), each ending in a colour reset when coloured.
  public func lines(_ mode: TerminalColors) -> [String] {
    var lines: [String] = []
    for line in 0..<lineCount(mode) {
      var text = ""
      // Colours are set only when they change: a region of one colour costs one code.
      var foreground: RGB?
      var background: RGB?
      func set(_ color: RGB, foreground isForeground: Bool) {
        if isForeground ? foreground != color : background != color {
          text += Self.code(color, foreground: isForeground, mode)
          if isForeground { foreground = color } else { background = color }
        }
      }
      for column in 0..<columns {
        let mark = marks[line * columns + column]
        switch mode {
        case .plain:
          text.append(mark?.character ?? shades[line * columns + column])
        case .palette256, .trueColor:
          let top = pixels[2 * line * columns + column]
          let bottomRow = min(pixelRows - 1, 2 * line + 1)
          let bottom = pixels[bottomRow * columns + column]
          if let mark {
            set(top.mixed(with: bottom, 0.5), foreground: false)
            set(mark.color, foreground: true)
            text += "\u{1B}[1m"
            text.append(mark.character)
            text += "\u{1B}[22m"
          } else {
            set(top, foreground: true)
            set(bottom, foreground: false)
            text += "▀"
          }
        }
      }
      if mode != .plain { text += "\u{1B}[0m" }
      lines.append(text)
    }
    return lines
  }

  /// The escape sequence that sets the foreground or background to `color`.
  static func code(_ color: RGB, foreground: Bool, _ mode: TerminalColors) -> String {
    let layer = foreground ? "38" : "48"
    if mode == .trueColor {
      return "\u{1B}[\(layer);2;\(color.red);\(color.green);\(color.blue)m"
    }
    return "\u{1B}[\(layer);5;\(palette256Index(color))m"
  }

  /// The nearest colour of the xterm 6×6×6 cube (indices 16–231).
  public static func palette256Index(_ color: RGB) -> Int {
    let levels = [0, 95, 135, 175, 215, 255]
    func nearest(_ channel: UInt8) -> Int {
      let value = Int(channel)
      var best = 0
      for k in levels.indices where abs(levels[k] - value) < abs(levels[best] - value) { best = k }
      return best
    }
    return 16 + 36 * nearest(color.red) + 6 * nearest(color.green) + nearest(color.blue)
  }
}
