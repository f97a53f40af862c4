import NNModel

// Backpropagation: the gradient of the loss for every weight and bias.
//
// For the output layer L, δ_L = ∂L/∂z_L comes from the loss (see `Loss.sampleLoss`). Then,
// layer by layer towards the input, with x the layer's input:
//   ∂L/∂W = δ xᵀ,   ∂L/∂b = δ,   δ_prev = (Wᵀ δ) ⊙ f′_prev(z_prev).
// For a batch, the δ of each sample carries the factor 1/rows, so the sums over the batch are
// the mean gradient.

/// One layer's gradient.
public struct LayerGradients<Scalar: NetworkScalar>: Sendable, Equatable {
  /// `∂L/∂W`, row-major `[units, inputs]` like the weights.
  public var dW: [Scalar]
  /// `∂L/∂b`, `[units]`.
  public var db: [Scalar]

  /// Creates a layer gradient.
  public init(dW: [Scalar], db: [Scalar]) {
    self.dW = dW
    self.db = db
  }
}

/// The loss and its gradient for every parameter.
public struct Gradients<Scalar: NetworkScalar>: Sendable, Equatable {
  /// The loss (mean over the samples).
  public var loss: Double
  /// Per layer, from the input side.
  public var layers: [LayerGradients<Scalar>]

  /// Creates a gradient report.
  public init(loss: Double, layers: [LayerGradients<Scalar>]) {
    self.loss = loss
    self.layers = layers
  }

  /// The same gradients widened to Double (exact).
  public var doubles: GradientReport {
    GradientReport(
      loss: loss,
      layers: layers.map { LayerGradients(dW: $0.dW.map(Double.init), db: $0.db.map(Double.init)) }
    )
  }
}

/// Gradients in Double, as ``AnyNetwork`` reports them.
public typealias GradientReport = Gradients<Double>

extension Network {
  /// After ``forward(batch:rows:workspace:)`` on `input`, computes the mean gradient over the
  /// `rows` samples into the workspace's gradient buffer (laid out like ``parameters``), with
  /// the targets read from `target` (`[rows, outputCount]`). Returns the sum of the samples'
  /// losses.
  ///
  /// Unchecked, for speed (the training loop's path): `input`, `target` and `workspace` must be
  /// the ones of that forward pass, sized for `rows` samples. ``gradients(batch:targets:loss:)``
  /// checks arrays from a user.
  @inlinable
  public func backward(
    input: UnsafePointer<Scalar>, target: UnsafePointer<Scalar>, rows: Int, loss: Loss,
    workspace: Workspace<Scalar>
  ) -> Double {
    parameters.withUnsafeBufferPointer { parameters in
      Self.backwardPass(
        parameters: parameters.nonEmptyBaseAddress, input: input, target: target, rows: rows,
        loss: loss, workspace: workspace.buffers, kernels: kernels)
    }
  }

  /// Backpropagation on raw buffers (see the top of this file); returns the summed loss.
  @inlinable
  static func backwardPass(
    parameters p: UnsafePointer<Scalar>, input: UnsafePointer<Scalar>,
    target: UnsafePointer<Scalar>, rows: Int, loss: Loss, workspace: WorkspaceBuffers<Scalar>,
    kernels: KernelPath
  ) -> Double {
    let layers = workspace.layerTable
    let last = layers.count - 1
    let output = layers[last]
    let scale = rows == 1 ? 1 : Scalar(1) / Scalar(rows)
    var delta = workspace.delta
    var previousDelta = workspace.previousDelta
    var lossSum = 0.0
    for s in 0..<rows {
      let offset = s * output.units
      lossSum += Double(
        loss.sampleLoss(
          z: workspace.z[last] + offset, a: workspace.a[last] + offset, target: target + offset,
          units: output.units, activation: output.activation, delta: delta + offset,
          scale: scale))
    }
    let g = workspace.gradient
    for index in stride(from: last, through: 0, by: -1) {
      let layer = layers[index]
      let x = index == 0 ? input : UnsafePointer(workspace.a[index - 1])
      Kernels.weightGradient(
        deltas: delta, input: x, weightGradient: g + layer.weightOffset,
        biasGradient: g + layer.biasOffset, rows: rows, inputs: layer.inputs,
        units: layer.units, path: kernels)
      guard index > 0 else { break }
      Kernels.inputGradient(
        deltas: delta, weights: p + layer.weightOffset, output: previousDelta, rows: rows,
        inputs: layer.inputs, units: layer.units, path: kernels)
      Kernels.multiplyByDerivative(
        layers[index - 1].activation, gradient: previousDelta, z: workspace.z[index - 1],
        a: workspace.a[index - 1], count: rows * layer.inputs)
      swap(&delta, &previousDelta)
    }
    return lossSum
  }

  /// One sample's backpropagation fused with the SGD update `θ ← θ − η ∂L/∂θ`, layer by layer
  /// from the output: each weight row first feeds `δ_prev` (with its old value), then is
  /// updated. The same arithmetic as ``backward(input:target:rows:loss:workspace:)`` followed
  /// by an SGD step, bit for bit, with one pass over each layer instead of three.
  @inlinable
  static func stochasticGradientStep(
    parameters p: UnsafeMutablePointer<Scalar>, input: UnsafePointer<Scalar>,
    target: UnsafePointer<Scalar>, loss: Loss, learningRate eta: Scalar,
    workspace: WorkspaceBuffers<Scalar>
  ) -> Double {
    let layers = workspace.layerTable
    let last = layers.count - 1
    var delta = workspace.delta
    var previousDelta = workspace.previousDelta
    let lossValue = loss.sampleLoss(
      z: workspace.z[last], a: workspace.a[last], target: target, units: layers[last].units,
      activation: layers[last].activation, delta: delta, scale: 1)
    for index in stride(from: last, through: 0, by: -1) {
      let layer = layers[index]
      let (inputs, units) = (layer.inputs, layer.units)
      let x = index == 0 ? input : UnsafePointer(workspace.a[index - 1])
      let w = p + layer.weightOffset
      let b = p + layer.biasOffset
      if index > 0 {
        for k in 0..<inputs { previousDelta[k] = 0 }
        for j in 0..<units {
          let dj = delta[j]
          let wj = w + j &* inputs
          for k in 0..<inputs {
            previousDelta[k] += dj * wj[k]
            wj[k] -= eta * (dj * x[k])
          }
          b[j] -= eta * dj
        }
        Kernels.multiplyByDerivative(
          layers[index - 1].activation, gradient: previousDelta, z: workspace.z[index - 1],
          a: workspace.a[index - 1], count: inputs)
        swap(&delta, &previousDelta)
      } else {
        for j in 0..<units {
          let dj = delta[j]
          let wj = w + j &* inputs
          for k in 0..<inputs { wj[k] -= eta * (dj * x[k]) }
          b[j] -= eta * dj
        }
      }
    }
    return Double(lossValue)
  }

  /// The loss and its gradient for one sample (input already normalized).
  ///
  /// - Throws: ``EngineError/inputCount(expected:found:row:)`` unless `input` holds
  ///   ``inputCount`` values, ``EngineError/targetCount(expected:found:row:)`` unless `target`
  ///   holds ``outputCount`` values (`row` nil for both).
  public func gradients(input: [Scalar], target: [Scalar], loss: Loss) throws(EngineError)
    -> Gradients<Scalar>
  {
    guard input.count == inputCount else {
      throw .inputCount(expected: inputCount, found: input.count)
    }
    guard target.count == outputCount else {
      throw .targetCount(expected: outputCount, found: target.count)
    }
    return try gradients(batch: [input], targets: [target], loss: loss)
  }

  /// The mean loss and mean gradient over a batch (inputs already normalized).
  ///
  /// - Throws: ``EngineError/rowCountMismatch(inputs:targets:)``, ``EngineError/emptyBatch``,
  ///   or ``EngineError/inputCount(expected:found:row:)`` /
  ///   ``EngineError/targetCount(expected:found:row:)`` with the first row (from 0) of the wrong
  ///   length.
  public func gradients(batch inputs: [[Scalar]], targets: [[Scalar]], loss: Loss)
    throws(EngineError) -> Gradients<Scalar>
  {
    guard inputs.count == targets.count else {
      throw .rowCountMismatch(inputs: inputs.count, targets: targets.count)
    }
    guard !inputs.isEmpty else { throw .emptyBatch }
    for (row, (input, target)) in zip(inputs, targets).enumerated() {
      guard input.count == inputCount else {
        throw .inputCount(expected: inputCount, found: input.count, row: row)
      }
      guard target.count == outputCount else {
        throw .targetCount(expected: outputCount, found: target.count, row: row)
      }
    }
    let workspace = makeWorkspace(batchCapacity: inputs.count)
    // Its buffers are read through raw pointers below; keep it alive until the end.
    defer { withExtendedLifetime(workspace) {} }
    for (row, (input, target)) in zip(inputs, targets).enumerated() {
      (workspace.buffers.input + row * inputCount).update(from: input, count: inputCount)
      (workspace.buffers.target + row * outputCount).update(from: target, count: outputCount)
    }
    forward(batch: UnsafePointer(workspace.buffers.input), rows: inputs.count, workspace: workspace)
    let lossSum = backward(
      input: workspace.buffers.input, target: workspace.buffers.target, rows: inputs.count,
      loss: loss,
      workspace: workspace)
    let g = workspace.buffers.gradient
    let layerGradients = layers.map { layer in
      LayerGradients(
        dW: Array(
          UnsafeBufferPointer(start: g + layer.weightOffset, count: layer.units * layer.inputs)),
        db: Array(UnsafeBufferPointer(start: g + layer.biasOffset, count: layer.units)))
    }
    return Gradients(loss: lossSum / Double(inputs.count), layers: layerGradients)
  }
}
