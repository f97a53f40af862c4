import NNModel
import Testing

@testable import NNEngine

/// Every kernel path this CPU runs (portable always), so CI covers them all on one machine.
let availablePaths = KernelPath.available

/// Uniform values in [-1, 1) from a seed.
func uniformFloats(_ count: Int, seed: UInt64) -> [Float] {
  var rng = SplitMix64(seed: seed)
  return (0..<count).map { _ in Float(rng.nextUnitInterval() * 2 - 1) }
}

@Suite("Kernel paths (portable, AVX2, AVX-512)")
struct KernelPathTests {
  @Test("NNKIT_KERNELS picks a path, never one wider than the CPU's; unknown names are ignored")
  func selection() throws {
    #expect(KernelPath.resolve(setting: nil, widest: .avx512) == .avx512)
    #expect(KernelPath.resolve(setting: "portable", widest: .avx512) == .portable)
    #expect(KernelPath.resolve(setting: "avx2", widest: .avx512) == .avx2)
    #expect(KernelPath.resolve(setting: "avx512", widest: .avx2) == .avx2)
    #expect(KernelPath.resolve(setting: "avx512", widest: .portable) == .portable)
    #expect(KernelPath.resolve(setting: "sse9", widest: .avx2) == .avx2)
    #expect(KernelPath.available.first == .portable)
    #expect(KernelPath.available.last == KernelPath.widest)
    #expect(KernelPath.selected <= KernelPath.widest)
    var network = try Network<Float>(
      model: randomModel(inputs: 9, sizes: [3], activations: [.relu], seed: 1))
    network.kernelPath = .avx512
    #expect(network.kernelPath == KernelPath.widest)
    network.kernelPath = .portable
    #expect(network.kernelPath == .portable)
  }

  /// Shapes that reach every edge of every path: inputs past a multiple of 8 and of 16, odd and
  /// small unit counts, sample counts that are not multiples of 4, and a product large enough
  /// to be split across threads.
  static let shapes: [(inputs: Int, sizes: [Int], rows: Int)] = [
    (45, [33, 17, 10], 7), (8, [8, 3], 5), (37, [19, 11, 5], 13), (300, [200, 70, 10], 40),
  ]

  @Test("a Float batch gives the same bits as its samples one at a time", arguments: availablePaths)
  func batchEqualsSamples(path: KernelPath) throws {
    for (index, shape) in Self.shapes.enumerated() {
      let model = randomModel(
        inputs: shape.inputs, sizes: shape.sizes,
        activations: Array(repeating: .relu, count: shape.sizes.count - 1) + [.softmax],
        seed: UInt64(20 + index), scale: 0.2, scalarType: .float32)
      var network = try Network<Float>(model: model)
      network.kernelPath = path
      let flat = uniformFloats(shape.rows * shape.inputs, seed: UInt64(index))
      let inputs = (0..<shape.rows).map {
        Array(flat[$0 * shape.inputs..<($0 + 1) * shape.inputs])
      }
      let batch = try network.forward(batch: inputs)
      for (row, input) in inputs.enumerated() {
        #expect(try network.forward(input) == batch[row], "shape \(index), row \(row)")
      }
    }
  }

  @Test("gradients are each element's in-order sum on every path", arguments: availablePaths)
  func gradientsAreInOrderSums(path: KernelPath) {
    // 45 columns: 64-, 32-, 16- and 8-wide blocks and a tail; 7 rows and 6 units: tile edges.
    let (rows, inputs, units) = (7, 45, 6)
    let d = uniformFloats(rows * units, seed: 1)
    let x = uniformFloats(rows * inputs, seed: 2)
    let w = uniformFloats(units * inputs, seed: 3)
    var dw = [Float](repeating: .nan, count: units * inputs)
    var db = [Float](repeating: .nan, count: units)
    var dx = [Float](repeating: .nan, count: rows * inputs)
    Kernels.weightGradient(
      deltas: d, input: x, weightGradient: &dw, biasGradient: &db, rows: rows, inputs: inputs,
      units: units, path: path)
    Kernels.inputGradient(
      deltas: d, weights: w, output: &dx, rows: rows, inputs: inputs, units: units, path: path)
    // The C kernels fuse each multiply-add; the portable ones round the product first.
    let fused = path != .portable
    func step(_ sum: Float, _ a: Float, _ b: Float) -> Float {
      fused ? sum.addingProduct(a, b) : sum + a * b
    }
    for j in 0..<units {
      for k in 0..<inputs {
        var sum: Float = 0
        for s in 0..<rows { sum = step(sum, d[s * units + j], x[s * inputs + k]) }
        #expect(dw[j * inputs + k].bitPattern == sum.bitPattern, "dW[\(j), \(k)]")
      }
      var bias: Float = 0
      for s in 0..<rows { bias += d[s * units + j] }
      #expect(db[j].bitPattern == bias.bitPattern, "db[\(j)]")
    }
    for s in 0..<rows {
      for k in 0..<inputs {
        var sum: Float = 0
        for j in 0..<units { sum = step(sum, d[s * units + j], w[j * inputs + k]) }
        #expect(dx[s * inputs + k].bitPattern == sum.bitPattern, "dX[\(s), \(k)]")
      }
    }
  }

  @Test("the C kernels' forward product is the documented sum, and AVX-512 gives AVX2's bits")
  func acceleratedForwardOrder() {
    let paths = availablePaths.filter { $0 != .portable }
    let (rows, inputs, units) = (6, 53, 11)
    let x = uniformFloats(rows * inputs, seed: 4)
    let w = uniformFloats(units * inputs, seed: 5)
    let b = uniformFloats(units, seed: 6)
    // Eight lane sums over the leading multiple of 8 (fused), reduced as
    // ((l0+l4) + (l2+l6)) + ((l1+l5) + (l3+l7)), plus a fused sum over the tail, plus b.
    var expected = [Float](repeating: 0, count: rows * units)
    let vectorEnd = inputs & ~7
    for s in 0..<rows {
      for j in 0..<units {
        var lanes = [Float](repeating: 0, count: 8)
        for k in 0..<vectorEnd { lanes[k % 8].addProduct(w[j * inputs + k], x[s * inputs + k]) }
        var tail: Float = 0
        for k in vectorEnd..<inputs { tail.addProduct(w[j * inputs + k], x[s * inputs + k]) }
        let reduced =
          ((lanes[0] + lanes[4]) + (lanes[2] + lanes[6]))
          + ((lanes[1] + lanes[5]) + (lanes[3] + lanes[7]))
        expected[s * units + j] = (reduced + tail) + b[j]
      }
    }
    for path in paths {
      var z = [Float](repeating: .nan, count: rows * units)
      Kernels.affine(
        weights: w, biases: b, input: x, output: &z, rows: rows, inputs: inputs, units: units,
        path: path)
      #expect(z.map(\.bitPattern) == expected.map(\.bitPattern), "\(path)")
    }
  }

  @Test(
    "seeded batch training gives the same bits on AVX2 and AVX-512",
    .enabled(if: KernelPath.widest == .avx512, "the CPU has no AVX-512"))
  func trainingAgreesAcrossWidths() throws {
    let model = randomModel(
      inputs: 40, sizes: [24, 5], activations: [.relu, .softmax], seed: 9, scale: 0.3,
      scalarType: .float32)
    let data = Dataset<Float>(
      inputs: uniformFloats(60 * 40, seed: 7),
      targets: (0..<60).flatMap { row in (0..<5).map { Float($0 == row % 5 ? 1 : 0) } },
      count: 60)
    var trained: [[Float]] = []
    for path in [KernelPath.avx2, .avx512] {
      var network = try Network<Float>(model: model)
      network.kernelPath = path
      _ = try network.train(
        on: data,
        configuration: TrainingConfiguration(
          loss: .categoricalCrossEntropy, optimizer: .adam(learningRate: 0.01), epochs: 3,
          batchSize: 16, seed: 3))
      trained.append(network.parameters)
    }
    #expect(trained[0].map(\.bitPattern) == trained[1].map(\.bitPattern))
  }
}
