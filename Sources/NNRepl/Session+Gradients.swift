import NNCommandLine
import NNEngine
import NNModel

extension Session {
  /// `:grad INPUT => TARGET [for PARAM]`: the loss and dL/dθ for every parameter, or the
  /// chain-rule factors of one.
  func grad(_ words: [String]) throws(ReplError) {
    let sample = try SampleSyntax(words: words, model: layout, rule: .grad)
    let target = sample.target ?? []
    let loss = settings.loss
    let naming = self.naming
    let outputs = answer(try networkOutputs(raw: sample.inputs))
    let gradient = try engine { () throws(EngineError) in
      try network.gradients(raw: sample.inputs, target: networkTarget(target), loss: loss)
    }
    output.printLine(
      "loss (\(loss.rawValue)) = \(number(gradient.loss))    output \(outputs.map(number).joined(separator: " "))"
        + ", target \(target.map(compact).joined(separator: " "))")
    if let name = sample.options["for"] {
      guard let position = naming.position(named: name) else {
        throw ReplError("unknown parameter '\(name)' (:weights lists them)")
      }
      let short = naming.name(position)
      let rule = try engine { () throws(EngineError) in
        try network.chainRule(
          raw: sample.inputs, target: networkTarget(target), loss: loss, parameter: position)
      }
      let labels = rule.factors.map(\.label).joined(separator: " × ")
      let values = rule.factors.map { number($0.value) }.joined(separator: " × ")
      let head = "dL/d\(short) = "
      output.printLine(head + labels)
      let formulas = rule.factors.map(\.formula)
      if formulas.allSatisfy({ !$0.isEmpty }) {
        output.printLine(
          String(repeating: " ", count: head.count - 2) + "= "
            + style.dim(formulas.map { "(\($0))" }.joined(separator: " × ")))
      }
      output.printLine(
        String(repeating: " ", count: head.count - 2) + "= " + values + " = "
          + style.bold(number(rule.product)))
      return
    }
    for (layerIndex, layer) in layout.layers.enumerated() {
      let kind = layerIndex == layout.layers.count - 1 ? "output layer" : "layer \(layerIndex + 1)"
      output.printLine(style.bold(kind))
      for neuron in 0..<layer.units {
        var parts: [String] = []
        for input in 0..<layer.inputs {
          let position = ParameterPosition(layer: layerIndex, neuron: neuron, input: input)
          let value = gradient.layers[layerIndex].dW[neuron * layer.inputs + input]
          parts.append("dL/d\(naming.name(position)) = \(number(value))")
        }
        let bias = ParameterPosition(layer: layerIndex, neuron: neuron, input: nil)
        parts.append("dL/d\(naming.name(bias)) = \(number(gradient.layers[layerIndex].db[neuron]))")
        let label = naming.neuronLabel(layer: layerIndex, neuron: neuron)
        output.printLine("  \(label)  " + parts.joined(separator: "  "))
      }
    }
  }

  /// `:train INPUT => TARGET [times N] [lr X]`: SGD steps on one sample.
  func train(_ words: [String]) throws(ReplError) {
    let sample = try SampleSyntax(words: words, model: layout, rule: .train)
    let target = sample.target ?? []
    let steps = try positiveInteger(sample.options["times"], default: 1, what: "times")
    let rate = try learningRate(sample.options["lr"])
    let loss = settings.loss
    let before = try networkOutputs(raw: sample.inputs)
    let lossBefore = try engine { () throws(EngineError) in
      try loss.value(predicted: before, target: networkTarget(target))
    }
    let data = TrainingData(inputs: [sample.inputs], targets: [networkTarget(target)])
    let description = ":train \(words.joined(separator: " "))"
    let run = try runTraining(
      description, data: data, epochs: steps, batchSize: 1, learningRate: rate, unit: "step")
    let after = try networkOutputs(raw: sample.inputs)
    let lossAfter = try engine { () throws(EngineError) in
      try loss.value(predicted: after, target: networkTarget(target))
    }
    let stepsText = "\(run.epochsRun) step\(run.epochsRun == 1 ? "" : "s"), lr \(compact(rate))"
    output.printLine(
      "loss \(number(lossBefore)) → \(style.bold(number(lossAfter)))"
        + "    output \(answer(before).map(number).joined(separator: " ")) → "
        + "\(answer(after).map(number).joined(separator: " "))"
        + " (target \(describe(target: target)))"
        + "    \(stepsText)")
    if run.interrupted { output.printLine(interruptedNote(run, of: steps, unit: "step")) }
  }

  func positiveInteger(_ text: String?, default value: Int, what: String) throws(ReplError) -> Int {
    guard let text else { return value }
    guard let number = Int(text), number >= 1 else {
      throw ReplError("\(what) must be a whole number ≥ 1, not '\(text)'")
    }
    guard number <= Self.maximumRepeats else {
      throw ReplError("\(what) must be at most \(Self.maximumRepeats)")
    }
    return number
  }

  func learningRate(_ text: String?) throws(ReplError) -> Double {
    guard let text else { return settings.learningRate }
    let rate = try SampleSyntax.number(text, what: "learning rate")
    guard rate > 0 else { throw ReplError("the learning rate must be > 0, not '\(text)'") }
    return rate
  }

  /// What a training run did.
  struct TrainingRun {
    var epochsRun: Int
    var interrupted: Bool
    var lossHistory: [Double]
  }

  /// Trains the network with SGD, recording one undoable change, with a progress line that
  /// counts `unit`s (epochs or steps). Stops early when ``isCancelled`` says so; a diverged run
  /// keeps the last good weights and reports an error.
  func runTraining(
    _ description: String, data: TrainingData, epochs: Int, batchSize: Int,
    learningRate: Double, unit: String
  ) throws(ReplError) -> TrainingRun {
    let output = self.output
    let places = settings.decimals
    let clock = ContinuousClock()
    var lastDrawn: ContinuousClock.Instant?
    defer { output.progress(nil) }
    let progress = { (report: EpochReport) in
      // Redraw at most ten times a second, however fast the epochs are.
      let now = clock.now
      if lastDrawn.map({ now - $0 >= .milliseconds(100) }) ?? true || report.epoch == epochs {
        lastDrawn = now
        output.progress(
          "\(unit) \(report.epoch)/\(epochs)  loss \(NumberFormatting.decimals(report.loss, places: places))"
        )
      }
    }
    let configuration = TrainingConfiguration(
      loss: settings.loss, optimizer: .sgd(learningRate: learningRate), epochs: epochs,
      batchSize: batchSize, shuffle: false, seed: 0)
    var candidate = network
    // On a colour terminal, :fit of a two-input model redraws its decision map as it trains:
    // the epochs run in about 25 chunks with a redraw between them. Plain SGD without
    // shuffling keeps no state between calls, so the chunks train exactly as one call would.
    let live = unit == "epoch" && pictureColors != .plain && layout.inputCount == 2
    let run = TrainingLoop.run(
      &candidate, on: data, configuration: configuration,
      chunkEpochs: live ? max(1, epochs / 25) : nil, progress: progress,
      isInterrupted: isCancelled
    ) { _ in
      .continue
    } afterChunk: { network, epochsRun in
      self.drawLiveMap(network, epoch: epochsRun, of: epochs)
    }
    if live { output.livePicture(nil) }
    let edits = try engine { () throws(EngineError) in
      try ParameterEdits(from: network, to: candidate)
    }
    network = candidate
    recordChange(description, edits: edits)
    if let failure = run.failure {
      throw ReplError("training stopped: \(failure) (the weights of the last good step are kept)")
    }
    return TrainingRun(
      epochsRun: run.report.epochsRun, interrupted: run.interrupted,
      lossHistory: run.report.lossHistory)
  }

  func interruptedNote(_ run: TrainingRun, of total: Int, unit: String) -> String {
    style.yellow("interrupted") + " after \(run.epochsRun) of \(total) \(unit)s (:undo reverts)"
  }
}
