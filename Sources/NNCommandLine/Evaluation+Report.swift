import NNModel

extension Evaluation {
  /// The report for people.
  public func text(digits: Int) -> String {
    let number = { (value: Double) in NumberFormatting.short(value, significantDigits: digits) }
    var out = "samples: \(count)\nloss (\(loss.rawValue)): \(number(meanLoss))\n"
    if let overall {
      if outputs.count == 1 {
        out += "R²: \(number(overall.r2))\n"
        out += "mean absolute error: \(number(overall.meanAbsoluteError))\n"
        out += "root mean squared error: \(number(overall.rootMeanSquaredError))\n"
        return out
      }
      var table = TextTable(header: ["output", "R²", "MAE", "RMSE"], alignments: [.left])
      table.alignments += [.right, .right, .right]
      for (index, scores) in outputs.enumerated() {
        let name =
          index < outputNames.count ? escapedForTerminal(outputNames[index]) : "\(index + 1)"
        table.append(
          [
            name, number(scores.r2), number(scores.meanAbsoluteError),
            number(scores.rootMeanSquaredError),
          ])
      }
      table.append(
        [
          "overall", number(overall.r2), number(overall.meanAbsoluteError),
          number(overall.rootMeanSquaredError),
        ])
      return out + "\n" + table.render()
    }
    guard let accuracy else { return out }
    // Labels come from files: escaped in full (the table itself keeps backslashes for its own
    // corner cell).
    let labels = labels.map { escapedForTerminal($0) }
    out += "accuracy: \(number(accuracy)) (\(correct)/\(count))\n"
    if let logLoss { out += "log loss: \(number(logLoss))\n" }
    out += "\n"
    var scores = TextTable(
      header: ["class", "precision", "recall", "F1", "support"],
      alignments: [.left, .right, .right, .right, .right])
    for (index, label) in labels.enumerated() {
      let s = classScores(index)
      scores.append([label, number(s.precision), number(s.recall), number(s.f1), "\(s.support)"])
    }
    out += scores.render() + "\n"
    out += "confusion matrix (rows: actual, columns: predicted)\n"
    var table = TextTable(
      header: ["actual \\ predicted"] + labels,
      alignments: [.left] + Array(repeating: .right, count: labels.count))
    for (index, label) in labels.enumerated() {
      table.append([label] + confusion[index].map(String.init))
    }
    return out + table.render()
  }

  /// The report as JSON: `samples`, `loss_function`, `loss`; for regression `r2`,
  /// `mean_absolute_error`, `root_mean_squared_error` overall and `outputs` (one object per
  /// output with `name` and the same three); for a classifier `accuracy`, `correct`,
  /// `log_loss`, `labels`, `classes` (per class `label`, `precision`, `recall`, `f1`,
  /// `support`) and `confusion`.
  public var json: JSONValue {
    var members: [(String, JSONValue)] = [
      ("samples", .integer(count)), ("loss_function", .string(loss.rawValue)),
      ("loss", .number(meanLoss)),
    ]
    if let overall {
      members += Self.members(overall)
      members.append(
        (
          "outputs",
          .array(
            outputs.enumerated().map { index, scores in
              // The name as the file holds it: the JSON writer escapes what a terminal must not
              // see, as for the labels.
              let name = index < outputNames.count ? outputNames[index] : "\(index + 1)"
              return .object([("name", .string(name))] + Self.members(scores))
            })
        ))
    }
    if let accuracy {
      members.append(("accuracy", .number(accuracy)))
      members.append(("correct", .integer(correct)))
      if let logLoss { members.append(("log_loss", .number(logLoss))) }
      members.append(("labels", .array(labels.map { .string($0) })))
      members.append(
        (
          "classes",
          .array(
            labels.indices.map { index in
              let s = classScores(index)
              return .object([
                ("label", .string(labels[index])), ("precision", .number(s.precision)),
                ("recall", .number(s.recall)), ("f1", .number(s.f1)),
                ("support", .integer(s.support)),
              ])
            })
        ))
      members.append(("confusion", .array(confusion.map { .array($0.map { .integer($0) }) })))
    }
    return .object(members)
  }

  private static func members(_ scores: RegressionScores) -> [(String, JSONValue)] {
    [
      ("r2", .number(scores.r2)), ("mean_absolute_error", .number(scores.meanAbsoluteError)),
      ("root_mean_squared_error", .number(scores.rootMeanSquaredError)),
    ]
  }
}
