import NNModel
import Testing

@testable import NNEngine

/// `AnyNetwork.predict(columns:rows:into:)`, what `nntool eval` runs every row through, gives
/// bit for bit what `predict(raw:)` gives each row alone, in both precisions and on both the
/// narrow (tutorial-sized) and the general kernels.
@Suite struct ColumnPredictionTests {
  static let shapes: [(inputs: Int, sizes: [Int], activations: [Activation])] = [
    (2, [2, 1], [.sigmoid, .sigmoid]),
    (20, [8, 3], [.relu, .softmax]),
    (9, [16, 2], [.tanh, .identity]),
  ]

  @Test(arguments: [ScalarType.float32, .float64], 0..<shapes.count)
  func columnsGiveEachRowsBits(scalarType: ScalarType, shape: Int) throws {
    let (inputs, sizes, activations) = Self.shapes[shape]
    var model = randomModel(
      inputs: inputs, sizes: sizes, activations: activations, seed: UInt64(40 + shape),
      scalarType: scalarType)
    for index in model.features.indices {
      model.features[index].normalization = Normalization(
        shift: Double(index) - 3.5, scale: 0.5 + Double(index))
    }
    let network = try AnyNetwork(model: model)
    var random = SplitMix64(seed: 7)
    // 600 rows: two full batches of 256 and a partial one.
    let rowCount = 600
    let columns = (0..<inputs).map { _ in
      (0..<rowCount).map { _ in 20 * random.nextUnitInterval() - 10 }
    }
    let width = network.outputCount
    for rows in [0..<rowCount, 257..<513, 599..<600] {
      var outputs = [Double](repeating: .nan, count: rows.count * width)
      try outputs.withUnsafeMutableBufferPointer {
        try network.predict(columns: columns, rows: rows, into: $0)
      }
      for row in rows {
        let alone = try network.predict(raw: columns.map { $0[row] })
        let batched = Array(
          outputs[((row - rows.lowerBound) * width)..<((row - rows.lowerBound + 1) * width)])
        #expect(alone.map(\.bitPattern) == batched.map(\.bitPattern), "row \(row)")
      }
    }
  }

  @Test func columnsAreCountedAndEmptyRangesWriteNothing() throws {
    let network = try AnyNetwork(
      model: tutorialModel(weights: [0.5, -0.25, 0.75, 1, -1.5, 2], biases: [0.1, -0.2, 0.3]))
    var output = [Double](repeating: 0, count: 4)
    #expect(throws: EngineError.inputCount(expected: 2, found: 1)) {
      try output.withUnsafeMutableBufferPointer {
        try network.predict(columns: [[1, 2]], rows: 0..<2, into: $0)
      }
    }
    try output.withUnsafeMutableBufferPointer {
      try network.predict(columns: [[], []], rows: 0..<0, into: $0)
    }
    #expect(output == [0, 0, 0, 0])
  }
}
