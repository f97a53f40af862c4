import NNEngine
import NNModel
import NNPlot

/// Builds a ``DecisionMap`` from a model, optional CSV data and the options of
/// `nntool plot --boundary` (`--x`, `--y`, `--at`, `--label`): which inputs span the plane,
/// where the others are held, the ranges in raw units, and the samples to draw.
public enum DecisionMapSetup {
  /// What the options asked for.
  public struct Options: Sendable {
    /// The input drawn across (a feature name), or nil for the first.
    public var x: String?
    /// The input drawn up (a feature name), or nil for the second.
    public var y: String?
    /// `feature=value` settings for the other inputs.
    public var at: [String]
    /// The CSV column with the true outputs (default: the model's target).
    public var target: String?
    /// A CSV column whose values are written next to the points.
    public var label: String?

    /// Creates options.
    public init(
      x: String? = nil, y: String? = nil, at: [String] = [], target: String? = nil,
      label: String? = nil
    ) {
      self.x = x
      self.y = y
      self.at = at
      self.target = target
      self.label = label
    }
  }

  /// The input called `name` (by feature name, or `<name>_<unit>`, ignoring case).
  public static func featureIndex(_ name: String, in model: Model, option: String)
    throws(ToolError) -> Int
  {
    let wanted = name.lowercased()
    if let index = model.features.firstIndex(where: { feature in
      feature.name.lowercased() == wanted
        || (feature.unit.map { (feature.name + "_" + $0).lowercased() == wanted } ?? false)
    }) {
      return index
    }
    throw ToolError.usage(
      "\(option) \(jsonStringLiteral(name)): the model has no such input (inputs: "
        + ModelDataBinding.featureList(model) + ")")
  }

  /// The map for `model` over `table`'s rows (if any).
  public static func map(
    model: Model, network: AnyNetwork, table: CSVTable?, options: Options
  ) throws(ToolError) -> DecisionMap {
    _ = try axes(model: model, options: options)
    var rows: [[Double]] = []
    var expected: [ExpectedOutput]?
    var labels: [String]?
    if let table {
      rows = try ModelDataBinding.inputs(table: table, model: model)
      if let column = ModelDataBinding.targetColumn(model: model, target: options.target),
        (try? table.columnIndex(named: column)) != nil
      {
        expected = try ModelDataBinding.targets(table: table, model: model, column: column)
      }
      if let label = options.label {
        let index = try table.columnIndex(named: label)
        labels = table.rows.map { $0[index] }
      }
    }
    return try map(
      model: model, network: network, rows: rows, expected: expected, labels: labels,
      options: options)
  }

  /// The map for `model` over raw input `rows` (in feature order) with their expected
  /// outputs and point labels, if known: what `nnrepl`'s `:plot` draws with its samples.
  public static func map(
    model: Model, network: AnyNetwork, rows: [[Double]], expected: [ExpectedOutput]?,
    labels: [String]?, options: Options
  ) throws(ToolError) -> DecisionMap {
    let (xFeature, yFeature) = try axes(model: model, options: options)
    var base = model.features.map(\.normalization.shift)
    var held: [String] = []
    var given = Set<Int>()
    for setting in options.at {
      guard let equals = setting.firstIndex(of: "=") else {
        throw ToolError.usage("--at \(jsonStringLiteral(setting)): expected FEATURE=VALUE")
      }
      let index = try featureIndex(String(setting[..<equals]), in: model, option: "--at")
      guard let value = NumberFormatting.parseDecimal(setting[setting.index(after: equals)...])
      else {
        throw ToolError.usage("--at \(jsonStringLiteral(setting)): the value is not a number")
      }
      guard index != xFeature, index != yFeature else {
        throw ToolError.usage(
          "--at \(jsonStringLiteral(setting)): that input is drawn on an axis of the map; "
            + "--at holds the others")
      }
      base[index] = value
      given.insert(index)
    }
    for index in model.features.indices where index != xFeature && index != yFeature {
      let name = escapedForTerminal(model.features[index].name)
      if given.contains(index) {
        held.append("\(name) = \(PlotNumber.short(base[index], significantDigits: 4)) (--at)")
      } else if !rows.isEmpty {
        base[index] = median(rows.map { $0[index] })
        held.append("\(name) = \(PlotNumber.short(base[index], significantDigits: 4)) (median)")
      } else {
        held.append(
          "\(name) = \(PlotNumber.short(base[index], significantDigits: 4)) (normalization shift)")
      }
    }
    let predictions = try EngineAdapter.checked { () throws(EngineError) in
      try network.predict(batch: rows)
    }
    var points: [DecisionMap.Point] = []
    points.reserveCapacity(rows.count)
    for (row, input) in rows.enumerated() {
      var point = DecisionMap.Point(x: input[xFeature], y: input[yFeature], label: labels?[row])
      switch expected?[row] {
      case .classIndex(let index):
        point.actualClass = index
        point.predictedClass = OutputInterpretation.classIndex(
          outputs: predictions[row], task: model.output.task)
      case .values(let values): point.actualValue = values.first
      case nil: break
      }
      points.append(point)
    }
    return DecisionMap(
      model: model, xFeature: xFeature, yFeature: yFeature, baseInput: base,
      xRange: range(rows.map { $0[xFeature] }, feature: model.features[xFeature]),
      yRange: range(rows.map { $0[yFeature] }, feature: model.features[yFeature]),
      points: points,
      heldInputs: held.isEmpty ? "" : "Other inputs held at: " + held.joined(separator: ", ") + ".")
  }

  /// The two inputs the map spans: `--x` and `--y`, else the model's first two.
  static func axes(model: Model, options: Options) throws(ToolError) -> (Int, Int) {
    guard model.inputCount >= 2 else {
      throw ToolError.usage(
        "a decision map needs a model with at least two inputs; this one has \(model.inputCount)")
    }
    if model.inputCount > 2, options.x == nil || options.y == nil {
      throw ToolError.usage(
        "the model has \(model.inputCount) inputs (\(ModelDataBinding.featureList(model))); "
          + "choose the two to draw with --x and --y")
    }
    let xFeature =
      try options.x.map { (name) throws(ToolError) in
        try featureIndex(name, in: model, option: "--x")
      } ?? 0
    let yFeature =
      try options.y.map { (name) throws(ToolError) in
        try featureIndex(name, in: model, option: "--y")
      } ?? (xFeature == 1 ? 0 : 1)
    guard xFeature != yFeature else {
      throw ToolError.usage("--x and --y name the same input")
    }
    return (xFeature, yFeature)
  }

  /// The data's range widened by 10 % each side, or without data a window around the
  /// feature's normalization: shift ± 3 · scale for a fitted scale, else shift ± 25 % of
  /// |shift| (at least ± 1), which for the tutorial's shifts (135 lb, 66 in) spans its people.
  static func range(_ values: [Double], feature: Feature) -> ClosedRange<Double> {
    let finite = values.filter(\.isFinite)
    if let low = finite.min(), let high = finite.max() {
      let pad = high > low ? (high - low) * 0.1 : max(1, abs(low) * 0.1)
      return (low - pad)...(high + pad)
    }
    let shift = feature.normalization.shift
    let scale = feature.normalization.scale
    let half = scale != 1 ? 3 * abs(scale) : max(1, abs(shift) * 0.25)
    return (shift - half)...(shift + half)
  }

  /// The median of `values` (the mean of the middle two for an even count).
  static func median(_ values: [Double]) -> Double {
    let sorted = values.filter(\.isFinite).sorted()
    guard !sorted.isEmpty else { return 0 }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }
}
