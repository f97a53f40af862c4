/// A map from data values to picture coordinates.
public protocol PlotScale: Sendable {
  /// The position of `value` in picture units.
  func position(_ value: Double) -> Double
  /// Where to put ticks, with their labels.
  var ticks: [Tick] { get }
}

/// One tick on an axis.
public struct Tick: Sendable, Equatable {
  /// The data value.
  public var value: Double
  /// Its label.
  public var label: String

  /// Creates a tick.
  public init(value: Double, label: String) {
    self.value = value
    self.label = label
  }
}

/// "Nice" tick steps: 1, 2 or 5 times a power of ten, about `count` of them across a range.
public enum NiceTicks {
  /// The step for about `count` ticks over `[low, high]`: the smallest of 1, 2, 5 × 10^k that
  /// is at least `(high − low) / count`.
  public static func step(low: Double, high: Double, count: Int = 5) -> Double {
    let span = high - low
    guard span > 0, span.isFinite else { return 1 }
    let raw = span / Double(max(1, count))
    let exponent = PlotNumber.decimalExponent(raw)
    let magnitude = PlotNumber.power10(exponent)
    for factor in [1.0, 2, 5] where factor * magnitude >= raw * (1 - 1e-9) {
      return factor * magnitude
    }
    return 10 * magnitude
  }

  /// The number of decimals that labels of multiples of `step` need.
  public static func decimals(step: Double) -> Int {
    guard step > 0, step.isFinite else { return 0 }
    return max(0, -PlotNumber.decimalExponent(step))
  }

  /// `[low, high]` widened to multiples of `step`.
  public static func extended(low: Double, high: Double, step: Double) -> (Double, Double) {
    ((low / step + 1e-9).rounded(.down) * step, (high / step - 1e-9).rounded(.up) * step)
  }

  /// The multiples of `step` in `[low, high]`, labelled with just enough decimals.
  public static func ticks(low: Double, high: Double, step: Double) -> [Tick] {
    guard step > 0, high >= low else { return [] }
    let first = (low / step - 1e-9).rounded(.up)
    let last = (high / step + 1e-9).rounded(.down)
    guard last - first < 1000 else { return [] }
    let decimals = decimals(step: step)
    return stride(from: first, through: last, by: 1).map { index in
      let value = index * step
      return Tick(value: value, label: PlotNumber.fixed(value, decimals: decimals))
    }
  }
}

/// A linear map from a domain `[low, high]` to a range of coordinates (which may run
/// backwards, as a y axis does).
public struct LinearScale: PlotScale {
  /// The smallest data value.
  public var low: Double
  /// The largest data value.
  public var high: Double
  /// The coordinate of `low`.
  public var start: Double
  /// The coordinate of `high`.
  public var end: Double
  /// The tick step.
  public var step: Double

  /// A scale over `[low, high]`, widened to nice tick multiples when `nice` (about
  /// `tickCount` ticks). A zero-width domain is widened by one unit each side.
  public init(
    low: Double, high: Double, start: Double, end: Double, tickCount: Int = 5, nice: Bool = true
  ) {
    var (low, high) = (low, high)
    if !(high > low) {
      let middle = low.isFinite ? low : 0
      (low, high) = (middle - 1, middle + 1)
    }
    step = NiceTicks.step(low: low, high: high, count: tickCount)
    if nice { (low, high) = NiceTicks.extended(low: low, high: high, step: step) }
    self.low = low
    self.high = high
    self.start = start
    self.end = end
  }

  /// `start + (value − low) / (high − low) · (end − start)`.
  public func position(_ value: Double) -> Double {
    start + (value - low) / (high - low) * (end - start)
  }

  /// The data value at a coordinate (the inverse of ``position(_:)``).
  public func value(at position: Double) -> Double {
    low + (position - start) / (end - start) * (high - low)
  }

  /// Multiples of the step inside the domain.
  public var ticks: [Tick] { NiceTicks.ticks(low: low, high: high, step: step) }
}

/// A base-10 logarithmic map for positive values (a loss falling over decades).
public struct LogScale: PlotScale {
  /// The smallest power of ten at or below the data.
  public var lowExponent: Int
  /// The largest power of ten at or above the data.
  public var highExponent: Int
  /// The coordinate of 10^lowExponent.
  public var start: Double
  /// The coordinate of 10^highExponent.
  public var end: Double

  /// A scale over whole decades around `[low, high]` (both must be positive).
  public init(low: Double, high: Double, start: Double, end: Double) {
    let low = low > 0 && low.isFinite ? low : 1e-12
    let high = high > low && high.isFinite ? high : low * 10
    lowExponent = PlotNumber.decimalExponent(low)
    highExponent = max(lowExponent + 1, PlotNumber.decimalExponent(high * (1 - 1e-12)) + 1)
    self.start = start
    self.end = end
  }

  /// The position of `log₁₀(value)` between the decades; values at or below zero sit at the
  /// bottom.
  public func position(_ value: Double) -> Double {
    guard value > 0 else { return start }
    let exponent = PlotNumber.decimalExponent(value)
    // log10 of the mantissa by a short bisection-free series keeps libm out of the bytes.
    let fraction = Self.log10(value / PlotNumber.power10(exponent))
    let span = Double(highExponent - lowExponent)
    return start + (Double(exponent - lowExponent) + fraction) / span * (end - start)
  }

  /// Ticks at each power of ten, and at 2 and 5 times it when there are fewer than three
  /// decades.
  public var ticks: [Tick] {
    var ticks: [Tick] = []
    let decades = highExponent - lowExponent
    for exponent in lowExponent...highExponent {
      let base = PlotNumber.power10(exponent)
      for factor in [1.0, 2, 5] where factor == 1 || (decades < 3 && exponent < highExponent) {
        let value = factor * base
        ticks.append(Tick(value: value, label: PlotNumber.short(value, significantDigits: 1)))
      }
    }
    return ticks
  }

  /// log₁₀ of a mantissa in [1, 10) by the series of atanh: deterministic everywhere.
  static func log10(_ mantissa: Double) -> Double {
    // ln(m) = 2·atanh((m − 1)/(m + 1)) = 2·Σ u^(2k+1)/(2k+1), |u| < 0.82.
    let u = (mantissa - 1) / (mantissa + 1)
    let u2 = u * u
    var term = u
    var sum = 0.0
    var k = 1.0
    for _ in 0..<60 {
      sum += term / k
      term *= u2
      k += 2
    }
    return 2 * sum / 2.302_585_092_994_045_7
  }
}
