import NNModel

/// The raw buffers of a ``Workspace``: plain pointers, so the hot loops pass them around
/// without reference counting.
@usableFromInline
struct WorkspaceBuffers<Scalar: NetworkScalar> {
  /// The layers, as a raw table.
  @usableFromInline let layerTable: UnsafeMutableBufferPointer<LayerLayout>
  /// Per layer, the weighted sums `Z` `[rows, units]`.
  @usableFromInline let z: UnsafeMutablePointer<UnsafeMutablePointer<Scalar>>
  /// Per layer, the activations `A` `[rows, units]`.
  @usableFromInline let a: UnsafeMutablePointer<UnsafeMutablePointer<Scalar>>
  /// The batch's inputs `[rows, inputs]` and targets `[rows, outputs]`.
  @usableFromInline let input: UnsafeMutablePointer<Scalar>
  @usableFromInline let target: UnsafeMutablePointer<Scalar>
  /// Two `[rows, maxWidth]` buffers for the deltas `dL/dZ` of adjacent layers.
  @usableFromInline let delta: UnsafeMutablePointer<Scalar>
  @usableFromInline let previousDelta: UnsafeMutablePointer<Scalar>
  /// The gradient, laid out like ``Network/parameters``.
  @usableFromInline let gradient: UnsafeMutablePointer<Scalar>

  init(layers: [LayerLayout], inputCount: Int, maxWidth: Int, rows: Int) {
    z = .allocate(capacity: layers.count)
    a = .allocate(capacity: layers.count)
    for (index, layer) in layers.enumerated() {
      (z + index).initialize(to: .allocate(capacity: rows * layer.units))
      (a + index).initialize(to: .allocate(capacity: rows * layer.units))
    }
    layerTable = .allocate(capacity: layers.count)
    _ = layerTable.initialize(from: layers)
    input = .allocate(capacity: rows * inputCount)
    target = .allocate(capacity: rows * (layers.last?.units ?? 0))
    delta = .allocate(capacity: rows * maxWidth)
    previousDelta = .allocate(capacity: rows * maxWidth)
    let parameterCount = layers.last?.endOffset ?? 0
    gradient = .allocate(capacity: parameterCount)
    gradient.initialize(repeating: 0, count: parameterCount)
  }

  func deallocate() {
    for index in layerTable.indices {
      z[index].deallocate()
      a[index].deallocate()
    }
    for buffer in [input, target, delta, previousDelta, gradient] { buffer.deallocate() }
    z.deallocate()
    a.deallocate()
    layerTable.deallocate()
  }
}

/// Preallocated buffers for batched forward and backward passes of one network shape.
///
/// Make one with ``Network/makeWorkspace(batchCapacity:)`` and reuse it: nothing is allocated
/// per sample or per batch. A workspace is not shared between threads.
public final class Workspace<Scalar: NetworkScalar> {
  /// The largest number of samples a pass may hold.
  public let batchCapacity: Int
  /// The buffers.
  @usableFromInline let buffers: WorkspaceBuffers<Scalar>

  @usableFromInline
  init(layers: [LayerLayout], inputCount: Int, maxWidth: Int, batchCapacity: Int) {
    let rows = max(batchCapacity, 1)
    self.batchCapacity = rows
    buffers = WorkspaceBuffers(
      layers: layers, inputCount: inputCount, maxWidth: maxWidth, rows: rows)
  }

  deinit { buffers.deallocate() }

  /// The last forward pass's outputs, `[rows, outputs]`.
  @inlinable public var output: UnsafeMutablePointer<Scalar> {
    buffers.a[buffers.layerTable.count - 1]
  }
}

extension Network {
  /// A workspace for passes of up to `batchCapacity` samples through this network.
  @inlinable
  public func makeWorkspace(batchCapacity: Int) -> Workspace<Scalar> {
    Workspace(
      layers: layers, inputCount: inputCount, maxWidth: maxWidth, batchCapacity: batchCapacity)
  }
}
