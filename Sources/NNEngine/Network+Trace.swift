import NNModel

/// One layer's part of a forward pass: every neuron's weighted sum and activation.
public struct LayerTrace<Scalar: NetworkScalar>: Sendable, Equatable {
  /// `z_j = Σ_k W[j, k] · x_k + b_j` for each neuron `j`.
  public var z: [Scalar]
  /// `a_j = f(z)_j` for each neuron `j`.
  public var a: [Scalar]

  /// Creates a layer trace.
  public init(z: [Scalar], a: [Scalar]) {
    self.z = z
    self.a = a
  }
}

/// A forward pass with every intermediate value: what the REPL shows for each neuron.
public struct Trace<Scalar: NetworkScalar>: Sendable, Equatable {
  /// The input the first layer saw (normalized).
  public var input: [Scalar]
  /// Per layer, from the input side: `z` and `a`.
  public var layers: [LayerTrace<Scalar>]

  /// Creates a trace.
  public init(input: [Scalar], layers: [LayerTrace<Scalar>]) {
    self.input = input
    self.layers = layers
  }

  /// The network's output: the last layer's activations.
  public var output: [Scalar] { layers.last?.a ?? [] }
}

/// A trace in Double, as ``AnyNetwork`` reports it.
public typealias ForwardTrace = Trace<Double>

extension Trace {
  /// The same trace widened to Double (exact).
  public var doubles: ForwardTrace {
    ForwardTrace(
      input: input.map(Double.init),
      layers: layers.map { LayerTrace(z: $0.z.map(Double.init), a: $0.a.map(Double.init)) })
  }
}

extension Network {
  /// The forward pass for one input (already normalized), keeping every `z` and `a`.
  ///
  /// The values are bit-identical to ``forward(_:)``'s.
  ///
  /// - Throws: ``EngineError/inputCount(expected:found:row:)`` unless `input` holds
  ///   ``inputCount`` values.
  public func trace(_ input: [Scalar]) throws(EngineError) -> Trace<Scalar> {
    guard input.count == inputCount else {
      throw .inputCount(expected: inputCount, found: input.count)
    }
    let workspace = makeWorkspace(batchCapacity: 1)
    // Its buffers are read through raw pointers below; keep it alive until the end.
    defer { withExtendedLifetime(workspace) {} }
    workspace.buffers.input.update(from: input, count: inputCount)
    forward(batch: UnsafePointer(workspace.buffers.input), rows: 1, workspace: workspace)
    let layerTraces = layers.indices.map { index in
      LayerTrace(
        z: Array(
          UnsafeBufferPointer(start: workspace.buffers.z[index], count: layers[index].units)),
        a: Array(UnsafeBufferPointer(start: workspace.buffers.a[index], count: layers[index].units))
      )
    }
    return Trace(input: input, layers: layerTraces)
  }
}
