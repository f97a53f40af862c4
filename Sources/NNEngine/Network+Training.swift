import NNModel

// The training loop: epochs of (shuffle, then for each batch: forward, backward, update).

extension Network {
  /// Trains on `data` (normalized inputs) in place.
  ///
  /// Each epoch visits every sample once, in order or shuffled, in batches of
  /// `configuration.batchSize`; each batch does a forward pass, backpropagation of the mean
  /// loss, and one optimizer step. After each epoch the loss and the weights are checked: a NaN
  /// or infinity restores the weights of the end of the previous epoch and throws
  /// ``TrainingError/diverged(epoch:loss:)``. Then `onEpoch` is called; returning `.stop` ends
  /// training early. Nothing is allocated per sample or per batch.
  @inlinable
  public mutating func train(
    on data: Dataset<Scalar>, validation: Dataset<Scalar>? = nil,
    configuration: TrainingConfiguration,
    onEpoch: (EpochReport) -> EpochDecision = { _ in .continue }
  ) throws(TrainingError) -> TrainingReport {
    try checkTraining(data, validation: validation, configuration: configuration)
    let rowsPerBatch = min(configuration.batchSize, data.count)
    let workspace = makeWorkspace(batchCapacity: rowsPerBatch)
    // Its buffers are read through raw pointers below; keep it alive until the end.
    defer { withExtendedLifetime(workspace) {} }
    let optimizer = OptimizerState<Scalar>(
      optimizer: configuration.optimizer, count: parameters.count)
    var rng = SplitMix64(seed: configuration.seed)
    var order = Array(0..<data.count)
    // The weights at the end of the last good epoch, this epoch's copy of them (swapped in once
    // the epoch checks out), and the weights of the epoch with the lowest validation (else
    // training) loss, for restoring: raw buffers, filled inside the epoch's one access to
    // `storage`, so that an epoch costs no reference counting (W1's epochs are four steps).
    let parameterCount = storage.count
    var lastGood = UnsafeMutableBufferPointer<Scalar>.allocate(capacity: parameterCount)
    var candidate = UnsafeMutableBufferPointer<Scalar>.allocate(capacity: parameterCount)
    let best = UnsafeMutableBufferPointer<Scalar>.allocate(capacity: parameterCount)
    for buffer in [lastGood, candidate, best] { _ = buffer.initialize(fromContentsOf: storage) }
    defer { for buffer in [lastGood, candidate, best] { buffer.deallocate() } }
    var bestEpoch = 0
    var bestLoss = Double.infinity
    var restoreBest = configuration.restoreBest
    var history: [Double] = []
    var validationHistory: [Double] = []
    history.reserveCapacity(min(configuration.epochs, 1 << 16))  // grows past that if needed
    var stoppedEarly = false
    let loss = configuration.loss
    // Plain SGD on single samples may fuse backprop with the update when every layer runs on
    // the Swift kernels (whose arithmetic the fused step repeats exactly).
    let fuseSGD =
      optimizer.kind == .sgd
      && !layers.contains { Kernels.useAccelerated(Scalar.self, inputs: $0.inputs, kernels) }

    for epoch in 1...max(configuration.epochs, 1) where configuration.epochs > 0 {
      var lossSum = 0.0
      var finite = true
      if configuration.shuffle { order.withUnsafeMutableBufferPointer { rng.shuffle($0) } }
      // One pointer to the parameters for the whole epoch; the batches run on raw buffers.
      storage.withUnsafeMutableBufferPointer { parameters in
        data.inputs.withUnsafeBufferPointer { inputs in
          data.targets.withUnsafeBufferPointer { targets in
            order.withUnsafeBufferPointer { order in
              lossSum = Self.runEpoch(
                parameters: parameters.nonEmptyBaseAddress, inputs: inputs.nonEmptyBaseAddress,
                targets: targets.nonEmptyBaseAddress, order: order, batchSize: rowsPerBatch,
                loss: loss, workspace: workspace.buffers, optimizer: optimizer, fuseSGD: fuseSGD,
                kernels: kernels)
            }
          }
        }
        for value in parameters { finite = finite && value.isFinite }
        _ = candidate.update(fromContentsOf: parameters)
        if validation == nil && lossSum / Double(data.count) < bestLoss {
          _ = best.update(fromContentsOf: parameters)  // measured below as the training loss
        }
      }
      let epochLoss = lossSum / Double(data.count)
      guard epochLoss.isFinite, finite else {
        storage = Array(lastGood)
        throw .diverged(epoch: epoch, loss: epochLoss)
      }
      var report = EpochReport(epoch: epoch, loss: epochLoss)
      if let validation {
        let validationLoss = uncheckedMeanLoss(on: validation, loss: loss)
        report.validationLoss = validationLoss
        validationHistory.append(validationLoss)
      }
      history.append(epochLoss)
      swap(&lastGood, &candidate)
      let measured = report.validationLoss ?? epochLoss
      if measured < bestLoss {
        bestLoss = measured
        bestEpoch = epoch
        if validation != nil { _ = best.update(fromContentsOf: storage) }
      }
      let decision = onEpoch(report)
      if decision != .continue {
        stoppedEarly = epoch < configuration.epochs
        restoreBest = restoreBest || decision == .stopRestoringBest
        break
      }
    }
    var result = TrainingReport(
      epochsRun: history.count, lossHistory: history, validationLossHistory: validationHistory,
      stoppedEarly: stoppedEarly)
    if restoreBest && bestEpoch >= 1 && bestEpoch < history.count {
      storage = Array(best)
      result.restoredEpoch = bestEpoch
    }
    return result
  }

  /// One pass over the samples in `order`, `batchSize` at a time: forward, backward, update.
  /// Returns the summed loss.
  @inlinable
  static func runEpoch(
    parameters p: UnsafeMutablePointer<Scalar>, inputs: UnsafePointer<Scalar>,
    targets: UnsafePointer<Scalar>, order: UnsafeBufferPointer<Int>, batchSize: Int, loss: Loss,
    workspace: WorkspaceBuffers<Scalar>, optimizer: OptimizerState<Scalar>, fuseSGD: Bool,
    kernels: KernelPath
  ) -> Double {
    let inputWidth = workspace.layerTable[0].inputs
    let targetWidth = workspace.layerTable[workspace.layerTable.count - 1].units
    var lossSum = 0.0
    var start = 0
    while start < order.count {
      let rows = min(batchSize, order.count - start)
      var input = UnsafePointer(workspace.input)
      var target = UnsafePointer(workspace.target)
      if rows == 1 {  // one sample: read it where it is
        input = inputs + order[start] * inputWidth
        target = targets + order[start] * targetWidth
      } else {  // gather the batch's rows into contiguous matrices
        for row in 0..<rows {
          let sample = order[start + row]
          (workspace.input + row * inputWidth).update(
            from: inputs + sample * inputWidth, count: inputWidth)
          (workspace.target + row * targetWidth).update(
            from: targets + sample * targetWidth, count: targetWidth)
        }
      }
      forwardPass(parameters: p, input: input, rows: rows, workspace: workspace, kernels: kernels)
      if rows == 1, fuseSGD {
        // The tutorial's case: one sample, plain SGD. Fused, same bits.
        lossSum += stochasticGradientStep(
          parameters: p, input: input, target: target, loss: loss, learningRate: optimizer.eta,
          workspace: workspace)
        start += 1
        continue
      }
      lossSum += backwardPass(
        parameters: p, input: input, target: target, rows: rows, loss: loss,
        workspace: workspace, kernels: kernels)
      optimizer.step(parameters: p, gradient: workspace.gradient)
      start += rows
    }
    return lossSum
  }

  /// The mean loss over `data` (normalized inputs), without changing anything.
  ///
  /// - Throws: ``EngineError/datasetSize(part:expected:found:)`` unless `data` holds `count`
  ///   rows of ``inputCount`` inputs and ``outputCount`` targets (it is read through pointers).
  @inlinable
  public func meanLoss(on data: Dataset<Scalar>, loss: Loss) throws(EngineError) -> Double {
    guard data.count >= 0, data.inputs.count == data.count * inputCount else {
      throw .datasetSize(
        part: "inputs", expected: max(data.count, 0) * inputCount, found: data.inputs.count)
    }
    guard data.targets.count == data.count * outputCount else {
      throw .datasetSize(
        part: "targets", expected: data.count * outputCount, found: data.targets.count)
    }
    return uncheckedMeanLoss(on: data, loss: loss)
  }

  /// ``meanLoss(on:loss:)`` for data whose shape was checked (the training loop's validation).
  @inlinable
  func uncheckedMeanLoss(on data: Dataset<Scalar>, loss: Loss) -> Double {
    guard data.count > 0 else { return 0 }
    let chunk = min(data.count, 256)
    let workspace = makeWorkspace(batchCapacity: chunk)
    // Its buffers are read through raw pointers below; keep it alive until the end.
    defer { withExtendedLifetime(workspace) {} }
    var total = 0.0
    var start = 0
    while start < data.count {
      let rows = min(chunk, data.count - start)
      data.inputs.withUnsafeBufferPointer { inputs in
        forward(
          batch: inputs.nonEmptyBaseAddress + start * inputCount, rows: rows, workspace: workspace)
      }
      let last = layers.count - 1
      let units = outputCount
      data.targets.withUnsafeBufferPointer { targets in
        for row in 0..<rows {
          let offset = row * units
          total += Double(
            loss.sampleLoss(
              z: workspace.buffers.z[last] + offset, a: workspace.buffers.a[last] + offset,
              target: targets.nonEmptyBaseAddress + (start + row) * units, units: units,
              activation: layers[last].activation, delta: nil, scale: 1))
        }
      }
      start += rows
    }
    return total / Double(data.count)
  }

  @usableFromInline
  func checkTraining(
    _ data: Dataset<Scalar>, validation: Dataset<Scalar>?, configuration: TrainingConfiguration
  ) throws(TrainingError) {
    guard configuration.batchSize >= 1 else {
      throw .invalidConfiguration("batch size \(configuration.batchSize) is below 1")
    }
    guard configuration.epochs >= 0 else {
      throw .invalidConfiguration("epochs \(configuration.epochs) is negative")
    }
    let rate = configuration.optimizer.learningRate
    guard rate.isFinite, rate > 0 else {
      throw .invalidConfiguration("learning rate \(rate) is not a positive number")
    }
    for (name, set) in [("training", data), ("validation", validation ?? data)] {
      guard set.count >= 0, set.inputs.count == set.count * inputCount else {
        throw .invalidData("\(name) inputs need \(inputCount) values per sample")
      }
      guard set.targets.count == set.count * outputCount else {
        throw .invalidData("\(name) targets need \(outputCount) values per sample")
      }
    }
    guard data.count > 0 else { throw .invalidData("no training samples") }
  }
}
