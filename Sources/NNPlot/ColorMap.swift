/// An sRGB colour with 8-bit channels.
public struct RGB: Sendable, Equatable, Hashable {
  /// Red, 0–255.
  public var red: UInt8
  /// Green, 0–255.
  public var green: UInt8
  /// Blue, 0–255.
  public var blue: UInt8

  /// Creates a colour from its channels.
  public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
    self.red = red
    self.green = green
    self.blue = blue
  }

  /// Creates a colour from `0xRRGGBB`.
  public init(hex: UInt32) {
    self.init(UInt8((hex >> 16) & 0xFF), UInt8((hex >> 8) & 0xFF), UInt8(hex & 0xFF))
  }

  /// `#rrggbb`, lower case, as SVG and CSS take it.
  public var hex: String {
    let digits = Array("0123456789abcdef")
    var out = "#"
    for channel in [red, green, blue] {
      out.append(digits[Int(channel >> 4)])
      out.append(digits[Int(channel & 0xF)])
    }
    return out
  }

  /// The colour `fraction` of the way from `self` to `other` (channel-wise, rounded).
  public func mixed(with other: RGB, _ fraction: Double) -> RGB {
    let t = max(0, min(1, fraction.isNaN ? 0 : fraction))
    func mix(_ a: UInt8, _ b: UInt8) -> UInt8 {
      UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded(.toNearestOrAwayFromZero))
    }
    return RGB(mix(red, other.red), mix(green, other.green), mix(blue, other.blue))
  }

  /// Relative luminance (WCAG), 0 for black to 1 for white, with the sRGB curve approximated
  /// by a square: enough to choose dark or light text on a fill.
  public var luminance: Double {
    func linear(_ channel: UInt8) -> Double {
      let value = Double(channel) / 255
      return value * value
    }
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
  }

  /// Black or white, whichever reads better on this colour.
  public var textColor: RGB { luminance > 0.18 ? RGB(0x22, 0x22, 0x22) : RGB(255, 255, 255) }
}

/// A colour map: control colours spaced evenly over [0, 1], interpolated linearly.
public struct ColorMap: Sendable {
  /// The control colours, from 0 to 1.
  public var stops: [RGB]

  /// Creates a map through `stops` (at least one).
  public init(stops: [RGB]) {
    precondition(!stops.isEmpty, "a colour map needs a colour")
    self.stops = stops
  }

  /// The colour at `t` in [0, 1] (clamped; NaN gives the first stop).
  public func color(at t: Double) -> RGB {
    guard stops.count > 1 else { return stops[0] }
    let clamped = max(0, min(1, t.isNaN ? 0 : t))
    let position = clamped * Double(stops.count - 1)
    let index = min(stops.count - 2, Int(position))
    return stops[index].mixed(with: stops[index + 1], position - Double(index))
  }

  /// Orange for negative, white for zero, blue for positive (ColorBrewer's PuOr/RdBu ends,
  /// as in TensorFlow Playground): the pair stays distinct for the common colour-vision
  /// deficiencies. Map a signed value `v` in [−1, 1] with ``signed(_:)``.
  public static let diverging = ColorMap(stops: [
    RGB(hex: 0xE66101), RGB(hex: 0xFDB863), RGB(hex: 0xF7F7F7), RGB(hex: 0x92C5DE),
    RGB(hex: 0x0571B0),
  ])

  /// Viridis (sampled at ten points): perceptually uniform, readable in grey and by
  /// colour-blind readers; for heat maps of a regression output.
  public static let sequential = ColorMap(stops: [
    RGB(hex: 0x440154), RGB(hex: 0x482878), RGB(hex: 0x3E4989), RGB(hex: 0x31688E),
    RGB(hex: 0x26828E), RGB(hex: 0x1F9E89), RGB(hex: 0x35B779), RGB(hex: 0x6ECE58),
    RGB(hex: 0xB5DE2B), RGB(hex: 0xFDE725),
  ])

  /// The colour of a signed value in [−1, 1] on this map (−1 → first stop, 1 → last).
  public func signed(_ value: Double) -> RGB { color(at: (value + 1) / 2) }

  /// Okabe and Ito's palette for categories (blue, orange, green, purple, sky blue,
  /// vermilion, yellow, black), safe for colour-blind readers; it repeats after eight.
  public static let categorical: [RGB] = [
    RGB(hex: 0x0072B2), RGB(hex: 0xE69F00), RGB(hex: 0x009E73), RGB(hex: 0xCC79A7),
    RGB(hex: 0x56B4E9), RGB(hex: 0xD55E00), RGB(hex: 0xF0E442), RGB(hex: 0x000000),
  ]

  /// The colour of class `index` out of `count`: for two classes the ends of
  /// ``diverging`` (orange for the negative class, blue for the positive), else
  /// ``categorical``.
  public static func classColor(_ index: Int, of count: Int) -> RGB {
    if count == 2 { return index == 0 ? diverging.stops[0] : diverging.stops[4] }
    return categorical[index % categorical.count]
  }
}

/// The colours pictures share, in one place.
public enum PlotPalette {
  /// Positive weights and values.
  public static let positive = ColorMap.diverging.stops[4]
  /// Negative weights and values.
  public static let negative = ColorMap.diverging.stops[0]
  /// Axis lines and tick marks.
  public static let axis = "#555555"
  /// Grid lines.
  public static let grid = "#e4e4e4"
  /// Secondary text.
  public static let muted = "#666666"
}
