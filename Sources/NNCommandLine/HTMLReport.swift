import NNEngine
import NNModel
import NNPlot

/// One self-contained HTML page about a model: the `inspect` summary, the network, the loss
/// curve, the decision map and, with data, the evaluation (confusion matrix as a coloured
/// table, per-class precision, recall and F1).
///
/// Self-contained means: SVG and CSS inline, no script, no font, image or style sheet
/// fetched from anywhere, so the file can be attached to a pull request or mailed, and opens
/// the same offline. The same inputs give the same bytes.
public struct HTMLReport: Sendable {
  /// The model file.
  public var loaded: LoadedModel
  /// The evaluation on `dataName`, if data was given.
  public var evaluation: Evaluation?
  /// The data file's name, for headings.
  public var dataName: String?
  /// The decision map, when the model has two inputs or they were chosen.
  public var decisionMap: DecisionMap?
  /// A line under the title, such as where the model came from.
  public var note: String?
  /// The loss chart to show instead of the model's stored history.
  public var lossChart: LossChart?

  /// Creates a report.
  public init(
    loaded: LoadedModel, evaluation: Evaluation? = nil, dataName: String? = nil,
    decisionMap: DecisionMap? = nil
  ) {
    self.loaded = loaded
    self.evaluation = evaluation
    self.dataName = dataName
    self.decisionMap = decisionMap
  }

  private static let style = """
    body{font-family:sans-serif;color:#222;max-width:60rem;margin:2rem auto;padding:0 1rem;\
    line-height:1.4}
    h1{font-size:1.6rem;margin-bottom:0.2rem}h2{font-size:1.2rem;margin-top:2rem;\
    border-bottom:1px solid #ddd}
    pre{background:#f6f6f6;padding:0.8rem;overflow-x:auto;font-size:0.85rem}
    svg{max-width:100%;height:auto;display:block}
    table{border-collapse:collapse;margin:0.5rem 0}td,th{border:1px solid #ccc;\
    padding:0.3rem 0.7rem;text-align:right}th{background:#f0f0f0}
    .muted{color:#666}
    """

  /// The page.
  ///
  /// - Throws: what ``DecisionMap/svg(network:title:cells:)`` throws for the decision map.
  public func render(network: AnyNetwork) throws(EngineError) -> String {
    let name = PictureTitles.modelName(loaded)
    var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    html += "<title>\(XMLText.escaped("Model report: " + name))</title>\n"
    html += "<style>\n\(Self.style)\n</style>\n</head>\n<body>\n"
    html += "<h1>\(XMLText.escaped("Model report: " + name))</h1>\n"
    if let description = loaded.model.description {
      html += "<p>\(XMLText.escaped(escapedForTerminal(description)))</p>\n"
    }
    if let note { html += "<p class=\"muted\">\(XMLText.escaped(note))</p>\n" }
    let plain = Terminal(
      stdoutIsTerminal: false, stderrIsTerminal: false, plainRequested: true, width: 100)
    let summary = ModelSummary(loaded: loaded).text(weights: false, digits: 4, terminal: plain)
    html += "<h2>Summary</h2>\n<pre>\(XMLText.escaped(summary))</pre>\n"
    html += "<h2>Network</h2>\n"
    html += NetworkDiagram(model: loaded.model).svg().render(standalone: false)
    html += "<h2>Loss during training</h2>\n"
    html += (lossChart ?? PictureTitles.lossChart(loaded, logarithmic: false)).svg()
      .render(standalone: false)
    if let decisionMap {
      html += "<h2>Decision map</h2>\n"
      html += try decisionMap.svg(network: network, title: PictureTitles.decisionMap(loaded))
        .render(standalone: false)
    }
    if let evaluation {
      html += "<h2>Evaluation" + (dataName.map { " on " + XMLText.escaped($0) } ?? "") + "</h2>\n"
      html += Self.evaluationHTML(evaluation)
    }
    html += "<p class=\"muted\">Made by nntool \(XMLText.escaped(ToolInfo.version)).</p>\n"
    html += "</body>\n</html>\n"
    return html
  }

  /// The evaluation's numbers, its confusion matrix with cells shaded by their share of the
  /// row (blue on the diagonal, orange off it), and per-class precision, recall and F1.
  static func evaluationHTML(_ evaluation: Evaluation) -> String {
    let number = { (value: Double) in PlotNumber.short(value, significantDigits: 4) }
    var html = "<p>samples: \(evaluation.count); loss (\(evaluation.loss.rawValue)): "
    html += number(evaluation.meanLoss)
    if let mae = evaluation.meanAbsoluteError { html += "; mean absolute error: " + number(mae) }
    if let accuracy = evaluation.accuracy {
      html += "; accuracy: \(number(accuracy)) (\(evaluation.correct)/\(evaluation.count))"
    }
    html += "</p>\n"
    guard !evaluation.labels.isEmpty else { return html }
    html += "<table>\n<caption>confusion matrix (rows: actual, columns: predicted)</caption>\n"
    html += "<tr><th>actual \\ predicted</th>"
    for label in evaluation.labels { html += "<th>\(XMLText.escaped(label))</th>" }
    html += "</tr>\n"
    for (row, label) in evaluation.labels.enumerated() {
      html += "<tr><th>\(XMLText.escaped(label))</th>"
      let total = max(1, evaluation.confusion[row].reduce(0, +))
      for (column, count) in evaluation.confusion[row].enumerated() {
        let share = Double(count) / Double(total)
        let hue = row == column ? PlotPalette.positive : PlotPalette.negative
        let fill = RGB(255, 255, 255).mixed(with: hue, count == 0 ? 0 : 0.15 + 0.85 * share)
        html += "<td style=\"background:\(fill.hex);color:\(fill.textColor.hex)\">\(count)</td>"
      }
      html += "</tr>\n"
    }
    html += "</table>\n"
    html += "<table>\n<caption>per class</caption>\n"
    html += "<tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>\n"
    for score in ClassScores.of(evaluation) {
      html += "<tr><th>\(XMLText.escaped(score.label))</th>"
      for value in [score.precision, score.recall, score.f1] {
        html += "<td>" + (value.map { PlotNumber.fixed($0, decimals: 3) } ?? "–") + "</td>"
      }
      html += "<td>\(score.support)</td></tr>\n"
    }
    return html + "</table>\n"
  }
}

/// Per-class precision, recall and F1 from a confusion matrix.
public struct ClassScores: Sendable, Equatable {
  /// The class label.
  public var label: String
  /// Of the samples predicted as this class, the share that are (nil when none were).
  public var precision: Double?
  /// Of the samples of this class, the share predicted as it (nil when there are none).
  public var recall: Double?
  /// The harmonic mean of precision and recall (nil when either is nil or both are 0).
  public var f1: Double?
  /// The number of samples of this class.
  public var support: Int

  /// The scores of every class of `evaluation`, in label order.
  public static func of(_ evaluation: Evaluation) -> [ClassScores] {
    let matrix = evaluation.confusion
    return evaluation.labels.indices.map { index in
      let truePositives = Double(matrix[index][index])
      let predicted = matrix.reduce(0) { $0 + $1[index] }
      let actual = matrix[index].reduce(0, +)
      let precision = predicted > 0 ? truePositives / Double(predicted) : nil
      let recall = actual > 0 ? truePositives / Double(actual) : nil
      var f1: Double?
      if let precision, let recall, precision + recall > 0 {
        f1 = 2 * precision * recall / (precision + recall)
      }
      return ClassScores(
        label: evaluation.labels[index], precision: precision, recall: recall, f1: f1,
        support: actual)
    }
  }
}
