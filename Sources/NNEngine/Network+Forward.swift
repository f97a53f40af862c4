import NNModel

// Feedforward: a = f(W·x + b), layer after layer.

extension Network {
  /// The network's outputs for one input (already normalized).
  ///
  /// - Throws: ``EngineError/inputCount(expected:found:row:)`` unless `input` holds
  ///   ``inputCount`` values (one comparison).
  @inlinable
  public func forward(_ input: [Scalar]) throws(EngineError) -> [Scalar] {
    guard input.count == inputCount else {
      throw .inputCount(expected: inputCount, found: input.count)
    }
    return [Scalar](unsafeUninitializedCapacity: outputCount) { output, count in
      input.withUnsafeBufferPointer { forward($0, into: output) }
      count = outputCount
    }
  }

  /// The network's outputs for one input, written into `output`; allocates nothing (the
  /// intermediate activations live on the stack for networks of moderate width).
  ///
  /// The hot path, for buffers your own code sized: it throws nothing, and a buffer of the
  /// wrong size stops the program (one comparison) rather than being read past. Use
  /// ``forward(_:)`` for values from a user.
  ///
  /// - Precondition: `input.count == inputCount`, `output.count >= outputCount`.
  @inlinable
  public func forward(
    _ input: UnsafeBufferPointer<Scalar>, into output: UnsafeMutableBufferPointer<Scalar>
  ) {
    precondition(input.count == inputCount && output.count >= outputCount, "wrong sizes")
    parameters.withUnsafeBufferPointer { parameters in
      withUnsafeTemporaryAllocation(of: Scalar.self, capacity: 2 * maxWidth) { scratch in
        var x = UnsafePointer(input.nonEmptyBaseAddress)
        var next = scratch.nonEmptyBaseAddress
        var spare = next + maxWidth
        for (index, layer) in layers.enumerated() {
          let destination = index == layers.count - 1 ? output.nonEmptyBaseAddress : next
          let p = parameters.nonEmptyBaseAddress
          Kernels.affine(
            weights: p + layer.weightOffset, biases: p + layer.biasOffset, input: x,
            output: destination, rows: 1, inputs: layer.inputs, units: layer.units,
            path: kernels)
          Kernels.activate(
            layer.activation, z: destination, a: destination, rows: 1, units: layer.units)
          x = UnsafePointer(destination)
          swap(&next, &spare)
        }
      }
    }
  }

  /// The outputs for several inputs (each already normalized), computed in batches of up to 256
  /// rows through one workspace.
  ///
  /// - Throws: ``EngineError/inputCount(expected:found:row:)`` with the first row (from 0)
  ///   that does not hold ``inputCount`` values.
  public func forward(batch inputs: [[Scalar]]) throws(EngineError) -> [[Scalar]] {
    guard !inputs.isEmpty else { return [] }
    let chunk = min(inputs.count, 256)
    let workspace = makeWorkspace(batchCapacity: chunk)
    // Its buffers are read through raw pointers below; keep it alive until the end.
    defer { withExtendedLifetime(workspace) {} }
    var outputs: [[Scalar]] = []
    outputs.reserveCapacity(inputs.count)
    var start = 0
    while start < inputs.count {
      let rows = min(chunk, inputs.count - start)
      for row in 0..<rows {
        let input = inputs[start + row]
        guard input.count == inputCount else {
          throw .inputCount(expected: inputCount, found: input.count, row: start + row)
        }
        (workspace.buffers.input + row * inputCount).update(from: input, count: inputCount)
      }
      forward(batch: UnsafePointer(workspace.buffers.input), rows: rows, workspace: workspace)
      let output = workspace.output
      for row in 0..<rows {
        outputs.append(
          Array(UnsafeBufferPointer(start: output + row * outputCount, count: outputCount)))
      }
      start += rows
    }
    return outputs
  }

  /// Runs `rows` samples (row-major `[rows, inputCount]`) forward, leaving every layer's `Z`
  /// and `A` in `workspace` and the outputs in ``Workspace/output``. The results are
  /// bit-identical to running each sample alone.
  ///
  /// Unchecked, for speed (the training loop's path): `input` must point at
  /// `rows * inputCount` values, and `workspace` must come from this network's
  /// ``makeWorkspace(batchCapacity:)``; only `rows <= batchCapacity` is checked (a precondition).
  @inlinable
  public func forward(batch input: UnsafePointer<Scalar>, rows: Int, workspace: Workspace<Scalar>) {
    precondition(rows <= workspace.batchCapacity, "batch larger than the workspace")
    parameters.withUnsafeBufferPointer { parameters in
      Self.forwardPass(
        parameters: parameters.nonEmptyBaseAddress, input: input, rows: rows,
        workspace: workspace.buffers,
        kernels: kernels)
    }
  }

  /// The forward pass on raw buffers: for each layer, `Z = X·Wᵀ + b`, `A = f(Z)`.
  @inlinable
  static func forwardPass(
    parameters p: UnsafePointer<Scalar>, input: UnsafePointer<Scalar>, rows: Int,
    workspace: WorkspaceBuffers<Scalar>, kernels: KernelPath
  ) {
    var x = input
    let layers = workspace.layerTable
    for index in 0..<layers.count {
      let layer = layers[index]
      let z = workspace.z[index]
      let a = workspace.a[index]
      if rows == 1 && layer.inputs < 8 && layer.activation.isElementwise {
        Kernels.narrowLayer(
          layer.activation, weights: p + layer.weightOffset, biases: p + layer.biasOffset,
          input: x, z: z, a: a, inputs: layer.inputs, units: layer.units)
        x = UnsafePointer(a)
        continue
      }
      Kernels.affine(
        weights: p + layer.weightOffset, biases: p + layer.biasOffset, input: x, output: z,
        rows: rows, inputs: layer.inputs, units: layer.units, path: kernels)
      Kernels.activate(layer.activation, z: z, a: a, rows: rows, units: layer.units)
      x = UnsafePointer(a)
    }
  }
}
