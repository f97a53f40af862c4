import NNCommandLine
import NNModel

/// The arguments of a command that takes a sample: `INPUT [=> TARGET] [keyword value]…`.
///
/// INPUT is the model's raw feature values, positional (`128 63`, `128, 63`) or by name
/// (`weight=128 height=63`). TARGET is either the output values or, for a classifier, a label
/// (`=> F`). Keywords such as `times 10` or `lr 0.5` may follow the target, or the input when
/// there is no target.
struct SampleSyntax {
  /// The raw input values, in feature order.
  var inputs: [Double]
  /// The target values, if `=>` was given.
  var target: [Double]?
  /// The target as typed (a label or numbers), for messages.
  var targetText: String?
  /// Keyword arguments, such as `["times": "10"]`.
  var options: [String: String]
  /// Flags such as `--weights`.
  var flags: Set<String>

  /// Parses `words` against `model`; `keywords` are the option names the command accepts,
  /// `allowedFlags` its flags.
  init(
    words: [String], model: Model, targetRequired: Bool, keywords: Set<String> = [],
    allowedFlags: Set<String> = []
  ) throws(ReplError) {
    var words = words
    flags = []
    var remaining: [String] = []
    for word in words {
      if word.hasPrefix("--") {
        guard allowedFlags.contains(word) else {
          throw ReplError("unknown option '\(word)'")
        }
        flags.insert(word)
      } else {
        remaining.append(word)
      }
    }
    words = remaining
    let arrow = words.firstIndex(of: "=>")
    var inputWords = Array(words[..<(arrow ?? words.endIndex)])
    var targetWords = arrow.map { Array(words[($0 + 1)...]) } ?? []
    if arrow == nil {
      options = try Self.takeOptions(from: &inputWords, keywords: keywords)
    } else {
      options = try Self.takeOptions(from: &targetWords, keywords: keywords)
    }
    if targetRequired && arrow == nil {
      throw ReplError("missing target: write INPUT => TARGET, for example 128 63 => F")
    }
    if !targetRequired && arrow != nil {
      throw ReplError("this command takes no target (=>); :grad, :train and :add do")
    }
    inputs = try Self.parseInputs(inputWords, model: model)
    if arrow != nil {
      target = try Self.parseTarget(targetWords, model: model)
      targetText = targetWords.joined(separator: " ")
    } else {
      target = nil
      targetText = nil
    }
  }

  /// Removes `keyword value` pairs for the known keywords from the end part of `words`.
  static func takeOptions(
    from words: inout [String], keywords: Set<String>
  ) throws(ReplError) -> [String: String] {
    var options: [String: String] = [:]
    guard let first = words.firstIndex(where: { keywords.contains($0.lowercased()) }) else {
      return options
    }
    var index = first
    while index < words.count {
      let keyword = words[index].lowercased()
      guard keywords.contains(keyword) else {
        throw ReplError("unexpected '\(words[index])' after '\(words[index - 1])'")
      }
      guard index + 1 < words.count else {
        throw ReplError("'\(keyword)' needs a value")
      }
      if options[keyword] != nil { throw ReplError("'\(keyword)' given twice") }
      options[keyword] = words[index + 1]
      index += 2
    }
    words.removeSubrange(first...)
    return options
  }

  /// Parses one number the user typed; `what` names it in the error.
  static func number(_ word: String, what: String) throws(ReplError) -> Double {
    guard let value = Double(word), value.isFinite else {
      throw ReplError("not a number: '\(word)' (\(what))")
    }
    return value
  }

  /// Parses raw input values, positional or `name=value`.
  static func parseInputs(_ words: [String], model: Model) throws(ReplError) -> [Double] {
    let names = model.features.map(\.name)
    let expected =
      "\(names.count) input\(names.count == 1 ? "" : "s") (\(names.joined(separator: ", ")))"
    if words.isEmpty { throw ReplError("missing input: expected \(expected)") }
    if words.contains(where: { $0.contains("=") }) {
      var values = [Double?](repeating: nil, count: names.count)
      for word in words {
        guard let equals = word.firstIndex(of: "=") else {
          throw ReplError("mixed named and positional inputs: '\(word)' has no name=")
        }
        let name = String(word[..<equals])
        let text = String(word[word.index(after: equals)...])
        guard
          let index = names.firstIndex(of: name)
            ?? names.firstIndex(where: { $0.lowercased() == name.lowercased() })
        else {
          throw ReplError("unknown feature '\(name)' (features: \(names.joined(separator: ", ")))")
        }
        if values[index] != nil { throw ReplError("feature '\(names[index])' given twice") }
        values[index] = try number(text, what: names[index])
      }
      if let missing = values.firstIndex(where: { $0 == nil }) {
        throw ReplError("missing feature '\(names[missing])': expected \(expected)")
      }
      return values.compactMap { $0 }  // none is nil (checked above)
    }
    var values: [Double] = []
    for (index, word) in words.enumerated() {
      values.append(
        try number(word, what: index < names.count ? names[index] : "input \(index + 1)"))
    }
    guard words.count == names.count else {
      throw ReplError("expected \(expected), got \(words.count)")
    }
    return values
  }

  /// Parses a target: the output values, or a class label of a classifier.
  static func parseTarget(_ words: [String], model: Model) throws(ReplError) -> [Double] {
    let outputs = model.outputCount
    if words.isEmpty { throw ReplError("missing target after =>") }
    if words.count == 1, Double(words[0]) == nil {
      return try labelTarget(words[0], model: model)
    }
    guard words.count == outputs else {
      throw ReplError(
        "expected a target of \(outputs) value\(outputs == 1 ? "" : "s")\(labelHint(model)), got \(words.count)"
      )
    }
    var values: [Double] = []
    for word in words { values.append(try number(word, what: "target")) }
    return values
  }

  private static func labelHint(_ model: Model) -> String {
    let labels = model.output.task.labels
    return labels.isEmpty ? "" : " or a label (\(labels.joined(separator: ", ")))"
  }

  private static func labelTarget(_ label: String, model: Model) throws(ReplError) -> [Double] {
    switch model.output.task {
    case .binary(_, let negative, let positive):
      if label == positive { return [1] }
      if label == negative { return [0] }
    case .multiclass(let labels):
      if let index = labels.firstIndex(of: label) {
        return labels.indices.map { $0 == index ? 1 : 0 }
      }
    case .regression:
      throw ReplError("not a number: '\(label)' (this model is a regression: targets are numbers)")
    }
    throw ReplError(
      "unknown label '\(label)' (labels: \(model.output.task.labels.joined(separator: ", ")))"
    )
  }
}
