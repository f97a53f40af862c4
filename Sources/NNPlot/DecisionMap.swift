import NNEngine
import NNModel

/// What a model answers over a plane of two of its inputs, in raw units, with the other
/// inputs held fixed: the picture of a decision boundary (or, for regression, a heat map).
///
/// The map is computed on a grid of cells, each cell the model's output at its centre; a
/// classifier's cells are tinted by the class it predicts, more strongly the surer it is,
/// and a binary classifier's boundary (output = threshold) is traced between cell centres by
/// marching squares.
public struct DecisionMap: Sendable {
  /// One sample drawn on the map.
  public struct Point: Sendable, Equatable {
    /// The raw value of the x feature.
    public var x: Double
    /// The raw value of the y feature.
    public var y: Double
    /// The true class (classifiers), if known.
    public var actualClass: Int?
    /// The true value (regression), if known.
    public var actualValue: Double?
    /// The class the model predicts for the sample's full input.
    public var predictedClass: Int?
    /// A name written next to the point (for a handful of points).
    public var label: String?

    /// Creates a point.
    public init(
      x: Double, y: Double, actualClass: Int? = nil, actualValue: Double? = nil,
      predictedClass: Int? = nil, label: String? = nil
    ) {
      self.x = x
      self.y = y
      self.actualClass = actualClass
      self.actualValue = actualValue
      self.predictedClass = predictedClass
      self.label = label
    }

    /// Whether the model gets this sample wrong.
    public var isWrong: Bool {
      guard let actualClass, let predictedClass else { return false }
      return actualClass != predictedClass
    }
  }

  /// The model.
  public var model: Model
  /// The input drawn left to right.
  public var xFeature: Int
  /// The input drawn bottom to top.
  public var yFeature: Int
  /// A raw value for every input; the x and y entries are replaced across the map.
  public var baseInput: [Double]
  /// The x range in raw units.
  public var xRange: ClosedRange<Double>
  /// The y range in raw units.
  public var yRange: ClosedRange<Double>
  /// The samples to draw.
  public var points: [Point]
  /// A line saying where the other inputs are held, for the caption (empty for two inputs).
  public var heldInputs: String

  /// Creates a map.
  public init(
    model: Model, xFeature: Int, yFeature: Int, baseInput: [Double],
    xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, points: [Point] = [],
    heldInputs: String = ""
  ) {
    self.model = model
    self.xFeature = xFeature
    self.yFeature = yFeature
    self.baseInput = baseInput
    self.xRange = xRange
    self.yRange = yRange
    self.points = points
    self.heldInputs = heldInputs
  }

  /// The class labels (empty for regression): `OutputSpec.Kind.labels`.
  public var labels: [String] { model.output.task.labels }

  /// A feature's axis title: `weight (lb)`.
  public func axisTitle(_ feature: Int) -> String {
    let feature = model.features[feature]
    return XMLText.truncated(feature.name, to: 30)
      + (feature.unit.map { " (\(XMLText.truncated($0, to: 12)))" } ?? "")
  }

  /// The model's outputs over a `columns` × `rows` grid of cell centres; row 0 is the top
  /// (largest y). Computed in one batch.
  ///
  /// - Throws: `EngineError.inputCount` (NNEngine) if ``baseInput`` is not one
  ///   value per input of `network`.
  public func grid(network: AnyNetwork, columns: Int, rows: Int) throws(EngineError)
    -> DecisionGrid
  {
    var inputs: [[Double]] = []
    inputs.reserveCapacity(columns * rows)
    for row in 0..<rows {
      let y = yRange.upperBound - (Double(row) + 0.5) / Double(rows) * span(yRange)
      for column in 0..<columns {
        var input = baseInput
        input[xFeature] =
          xRange.lowerBound + (Double(column) + 0.5) / Double(columns) * span(xRange)
        input[yFeature] = y
        inputs.append(input)
      }
    }
    return DecisionGrid(
      columns: columns, rows: rows,
      outputs: try network.predict(batch: inputs).map(model.output.denormalized),
      task: model.output.task
    )
  }

  private func span(_ range: ClosedRange<Double>) -> Double { range.upperBound - range.lowerBound }
}

/// A model's outputs on a grid of cells, and their colours.
public struct DecisionGrid: Sendable {
  /// The number of cells across.
  public var columns: Int
  /// The number of cells down.
  public var rows: Int
  /// The outputs per cell, row by row from the top.
  public var outputs: [[Double]]
  /// How outputs are read.
  public var task: OutputSpec.Kind

  /// For regression, the smallest and largest output on the grid (the colour bar's range).
  public var valueRange: ClosedRange<Double> {
    let values = outputs.compactMap(\.first).filter(\.isFinite)
    guard let low = values.min(), let high = values.max() else { return 0...1 }
    return low < high ? low...high : (low - 1)...(high + 1)
  }

  /// The value whose `threshold` level is the binary boundary: the output minus the
  /// threshold (nil unless the task is binary).
  public func boundaryField(_ cell: Int) -> Double? {
    guard case .binary(let threshold, _, _) = task else { return nil }
    return (outputs[cell].first ?? .nan) - threshold
  }

  /// The colour of cell `index`. Binary: the diverging map of the output's distance from the
  /// threshold (orange for the negative class, blue for the positive), lightened so points
  /// stand out (40 % white). Multiclass: the predicted class's colour, stronger the surer the model is.
  /// Regression: the sequential map over `range`. Levels are quantised into bands (ten per
  /// side for classifiers, 32 for heat maps) so the bands read as contour lines.
  public func color(_ index: Int, range: ClosedRange<Double>? = nil) -> RGB {
    let output = outputs[index]
    let white = RGB(255, 255, 255)
    switch task {
    case .binary(let threshold, _, _):
      let p = output.first ?? .nan
      guard p.isFinite else { return RGB(0xCC, 0xCC, 0xCC) }
      let signed =
        p >= threshold
        ? (threshold < 1 ? (p - threshold) / (1 - threshold) : 1)
        : (threshold > 0 ? -(threshold - p) / threshold : -1)
      let banded = (min(1, max(-1, signed)) * 10).rounded(.awayFromZero) / 10
      return ColorMap.diverging.signed(banded * 0.85).mixed(with: white, 0.4)
    case .multiclass(let labels):
      guard let best = task.classIndex(for: output) else { return white }
      let chance = 1 / Double(max(2, labels.count))
      let sureness = max(0, min(1, (output[best] - chance) / (1 - chance)))
      let banded = ((sureness * 10).rounded(.up)) / 10
      return white.mixed(with: ColorMap.classColor(best, of: labels.count), 0.1 + 0.4 * banded)
    case .regression:
      let range = range ?? valueRange
      let value = output.first ?? .nan
      let t = (value - range.lowerBound) / (range.upperBound - range.lowerBound)
      return ColorMap.sequential.color(at: (t * 31).rounded() / 31)
    }
  }

  /// The boundary of a binary classifier as line segments in cell units (x from 0 to
  /// `columns`, y from 0 to `rows`, through cell centres), by marching squares on the output
  /// minus the threshold; empty for other tasks.
  public var boundarySegments: [(x1: Double, y1: Double, x2: Double, y2: Double)] {
    guard case .binary = task, columns > 1, rows > 1 else { return [] }
    var segments: [(x1: Double, y1: Double, x2: Double, y2: Double)] = []
    func field(_ column: Int, _ row: Int) -> Double { boundaryField(row * columns + column) ?? 0 }
    for row in 0..<(rows - 1) {
      for column in 0..<(columns - 1) {
        // Corners: top-left, top-right, bottom-right, bottom-left (cell centres).
        let corners = [
          (Double(column) + 0.5, Double(row) + 0.5, field(column, row)),
          (Double(column) + 1.5, Double(row) + 0.5, field(column + 1, row)),
          (Double(column) + 1.5, Double(row) + 1.5, field(column + 1, row + 1)),
          (Double(column) + 0.5, Double(row) + 1.5, field(column, row + 1)),
        ]
        guard corners.allSatisfy({ $0.2.isFinite }) else { continue }
        var crossings: [(Double, Double)] = []
        for edge in 0..<4 {
          let a = corners[edge]
          let b = corners[(edge + 1) % 4]
          if (a.2 >= 0) != (b.2 >= 0) {
            let t = a.2 / (a.2 - b.2)
            crossings.append((a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t))
          }
        }
        if crossings.count == 2 {
          segments.append((crossings[0].0, crossings[0].1, crossings[1].0, crossings[1].1))
        } else if crossings.count == 4 {
          // A saddle: pair the crossings by the sign at the centre.
          let centre = corners.map(\.2).reduce(0, +) / 4
          let pairs = (centre >= 0) == (corners[0].2 >= 0) ? [(0, 1), (2, 3)] : [(0, 3), (1, 2)]
          for (a, b) in pairs {
            segments.append((crossings[a].0, crossings[a].1, crossings[b].0, crossings[b].1))
          }
        }
      }
    }
    return segments
  }
}
