import NNCommandLine
import NNEngine
import NNModel

extension Session {
  /// `:add INPUT => TARGET`: collects a sample.
  func add(_ words: [String]) throws(ReplError) {
    let sample = try SampleSyntax(words: words, model: layout, rule: .add)
    samples.append(Sample(inputs: sample.inputs, target: sample.target ?? []))
    let count = samples.count
    output.printLine(
      "sample \(count): \(sample.inputs.map(compact).joined(separator: " ")) => "
        + "\(describe(target: sample.target ?? []))"
        + " (\(count) sample\(count == 1 ? "" : "s"))")
  }

  /// `:data [clear | drop N]`: lists, forgets all, or forgets one sample.
  func data(_ words: [String]) throws(ReplError) {
    switch words.first?.lowercased() {
    case nil:
      guard !samples.isEmpty else {
        output.printLine("no samples (:add INPUT => TARGET collects them)")
        return
      }
      var rows = [["#"] + layout.features.map { escapedForTerminal($0.name) } + ["target"]]
      for (index, sample) in samples.enumerated() {
        rows.append(
          ["\(index + 1)"] + sample.inputs.map(compact)
            + [describe(target: sample.target)])
      }
      for line in table(rows) { output.printLine(line) }
    case "clear":
      try noArguments(Array(words.dropFirst()), command: "data clear")
      let count = samples.count
      samples = []
      output.printLine("forgot \(count) sample\(count == 1 ? "" : "s")")
    case "drop":
      guard words.count == 2, let index = Int(words[1]), index >= 1, index <= samples.count else {
        throw ReplError(":data drop needs a sample number from 1 to \(samples.count)")
      }
      samples.remove(at: index - 1)
      output.printLine("dropped sample \(index) (\(samples.count) left)")
    case "load":
      try loadSamples(Array(words.dropFirst()))
    default:
      throw ReplError(
        "unknown :data argument '\(words[0])' (:data, :data clear, :data drop N, :data load FILE)")
    }
  }

  /// `:data load FILE.csv [target COLUMN] [delimiter ;]`: adds every row of a CSV file as a
  /// sample, the inputs from the columns named like the model's features and the target from
  /// COLUMN (by default the model's `target` metadata or its single output name). The file is
  /// read with the same reader, caps and delimiters as `nntool --data`.
  func loadSamples(_ words: [String]) throws(ReplError) {
    var words = words
    let options = try SampleSyntax.takeOptions(from: &words, keywords: ["target", "delimiter"])
    guard words.count == 1 else {
      throw ReplError(
        ":data load needs one CSV file (:data load FILE [target COLUMN] [delimiter ;])")
    }
    var added: [Sample] = []
    do throws(ToolError) {
      var readOptions = CSVReadOptions(hashing: false)
      if let delimiter = options["delimiter"] {
        readOptions.delimiter = try CSVDelimiter.parse(delimiter)
      }
      let table = try CSVTable.load(path: words[0], options: readOptions)
      let inputs = try ModelDataBinding.inputs(table: table, model: layout)
      guard let column = ModelDataBinding.targetColumn(model: layout, target: options["target"])
      else {
        throw ToolError.usage(
          "which column is the target? :data load \(words[0]) target COLUMN")
      }
      let expected = try ModelDataBinding.targets(table: table, model: layout, column: column)
      for (input, output) in zip(inputs, expected) {
        added.append(Sample(inputs: input, target: targetValues(output, model: layout)))
      }
    } catch {
      throw ReplError(error.message)
    }
    samples += added
    output.printLine(
      "added \(added.count) sample\(added.count == 1 ? "" : "s") from \(words[0])"
        + " (\(samples.count) in all)")
  }

  private func targetValues(_ expected: ExpectedOutput, model: Model) -> [Double] {
    switch expected {
    case .values(let values):
      return values
    case .classIndex(let index):
      if case .multiclass(let labels) = layout.output.task {
        return labels.indices.map { $0 == index ? 1 : 0 }
      }
      return [Double(index)]
    }
  }

  /// One sample's loss under the session's loss setting.
  private func sampleLoss(outputs: [Double], target: [Double]) throws(ReplError) -> Double {
    try engine { () throws(EngineError) in
      try settings.loss.value(predicted: outputs, target: networkTarget(target))
    }
  }

  /// The mean loss over the collected samples.
  func meanLoss() throws(ReplError) -> Double {
    var total = 0.0
    for sample in samples {
      let outputs = try networkOutputs(raw: sample.inputs)
      total += try sampleLoss(outputs: outputs, target: sample.target)
    }
    return total / Double(max(samples.count, 1))
  }

  /// `:fit [epochs N] [lr X] [batch N]`: trains on the collected samples.
  func fit(_ words: [String]) throws(ReplError) {
    var words = words
    let options = try SampleSyntax.takeOptions(from: &words, keywords: ["epochs", "lr", "batch"])
    if let stray = words.first {
      throw ReplError("unexpected '\(stray)' (:fit [epochs N] [lr X] [batch N])")
    }
    guard !samples.isEmpty else {
      throw ReplError("no samples to fit (:add INPUT => TARGET collects them)")
    }
    let epochs = try positiveInteger(options["epochs"], default: settings.epochs, what: "epochs")
    let batch = try positiveInteger(options["batch"], default: settings.batchSize, what: "batch")
    let rate = try learningRate(options["lr"])
    let lossBefore = try meanLoss()
    let data = TrainingData(
      inputs: samples.map(\.inputs), targets: samples.map { networkTarget($0.target) })
    let run = try runTraining(
      ":fit", data: data, epochs: epochs, batchSize: batch, learningRate: rate, unit: "epoch")
    let lossAfter = try meanLoss()
    lastFitLosses = run.lossHistory
    output.printLine(
      "fit: \(run.epochsRun) epoch\(run.epochsRun == 1 ? "" : "s") on \(samples.count)"
        + " sample\(samples.count == 1 ? "" : "s"), loss (\(settings.loss.rawValue))"
        + " \(number(lossBefore)) → \(style.bold(number(lossAfter)))"
        + "    sgd, lr \(compact(rate)), batch \(batch)")
    if run.interrupted { output.printLine(interruptedNote(run, of: epochs, unit: "epoch")) }
  }

  /// `:loss`: the loss on every collected sample and their mean.
  func loss(_ words: [String]) throws(ReplError) {
    try noArguments(words, command: "loss")
    guard !samples.isEmpty else {
      throw ReplError("no samples (:add INPUT => TARGET collects them)")
    }
    var rows = [
      ["#"] + layout.features.map { escapedForTerminal($0.name) } + ["target", "output", "loss"]
    ]
    for (index, sample) in samples.enumerated() {
      let outputs = try networkOutputs(raw: sample.inputs)
      let loss = try sampleLoss(outputs: outputs, target: sample.target)
      rows.append(
        ["\(index + 1)"] + sample.inputs.map(compact)
          + [
            describe(target: sample.target),
            answer(outputs).map(number).joined(separator: " "),
            number(loss),
          ])
    }
    let mean = try meanLoss()
    for line in table(rows) { output.printLine(line) }
    output.printLine("mean loss (\(settings.loss.rawValue)) = \(style.bold(number(mean)))")
  }

  /// Lays `rows` out in columns separated by two spaces, the first row as the header.
  func table(_ rows: [[String]]) -> [String] {
    let columns = rows.map(\.count).max() ?? 0
    var widths = [Int](repeating: 0, count: columns)
    for row in rows {
      for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
    }
    return rows.enumerated().map { rowIndex, row in
      let cells = row.enumerated().map { index, cell in
        index == row.count - 1 ? cell : pad(cell, widths[index])
      }
      let line = "  " + cells.joined(separator: "  ")
      return rowIndex == 0 ? style.dim(line) : line
    }
  }
}
