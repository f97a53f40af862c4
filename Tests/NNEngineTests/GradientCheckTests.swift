import NNModel
import Testing

@testable import NNEngine

/// Backpropagation against finite differences, for every sensible activation × loss pairing.
@Suite("Gradient check")
struct GradientCheckTests {
  /// The output activations each loss is paired with.
  static let pairs: [(Activation, Loss)] =
    [Activation.sigmoid, .tanh, .relu, .leakyReLU, .identity, .softmax].map {
      ($0, .meanSquaredError)
    } + [(.sigmoid, .binaryCrossEntropy), (.softmax, .categoricalCrossEntropy)]
  static let hidden: [Activation] = [.sigmoid, .tanh, .relu, .leakyReLU, .identity]

  /// Targets that suit the loss: anything for MSE, (0, 1) for BCE, one-hot for CE.
  static func targets(count: Int, units: Int, loss: Loss, rng: inout SplitMix64) -> [[Double]] {
    (0..<count).map { _ in
      switch loss {
      case .meanSquaredError:
        return (0..<units).map { _ in 2 * rng.nextUnitInterval() - 1 }
      case .binaryCrossEntropy:
        return (0..<units).map { _ in rng.nextUnitInterval() }
      case .categoricalCrossEntropy:
        let hot = Int(rng.next(below: UInt64(units)))
        return (0..<units).map { $0 == hot ? 1 : 0 }
      }
    }
  }

  /// The largest relative error |g − d| / max(|g|, |d|, 1e−4) over all parameters, where d is
  /// the five-point central difference (−f(θ+2h) + 8f(θ+h) − 8f(θ−h) + f(θ−2h)) / 12h of the
  /// mean loss (truncation error O(h⁴)). The floor 1e−4 keeps rounding noise (~1e−12) in the
  /// difference of an exactly-zero gradient (a dead ReLU) from counting as a relative error.
  static func worstError(
    network: Network<Double>, inputs: [[Double]], targets: [[Double]], loss: Loss
  ) throws -> Double {
    let analytic = try network.gradients(batch: inputs, targets: targets, loss: loss)
    let flat = analytic.layers.flatMap { $0.dW + $0.db }
    let data = Dataset(inputs: inputs, targets: targets)
    var worst = 0.0
    var probe = network
    for index in 0..<network.parameterCount {
      let theta = network.parameters[index]
      let h = 1e-4 * max(1, abs(theta))
      func lossAt(_ value: Double) throws -> Double {
        probe.storage[index] = value
        return try probe.meanLoss(on: data, loss: loss)
      }
      let (plus2, plus1) = (try lossAt(theta + 2 * h), try lossAt(theta + h))
      let (minus1, minus2) = (try lossAt(theta - h), try lossAt(theta - 2 * h))
      let numeric = (-plus2 + 8 * plus1 - 8 * minus1 + minus2) / (12 * h)
      probe.storage[index] = theta
      let error = abs(flat[index] - numeric) / max(abs(flat[index]), abs(numeric), 1e-4)
      worst = max(worst, error)
    }
    return worst
  }

  @Test("every activation × loss pairing, depths 1–3, matches finite differences (< 1e-6)")
  func allPairings() throws {
    var rng = SplitMix64(seed: 7)
    var seed: UInt64 = 100
    var checked = 0
    for (outputActivation, loss) in Self.pairs {
      for depth in 1...3 {
        for hiddenActivation in depth == 1 ? [Activation.identity] : Self.hidden {
          seed += 1
          let outputs = outputActivation == .softmax ? 4 : (loss == .meanSquaredError ? 2 : 3)
          let sizes = Array([5, 4].prefix(depth - 1)) + [outputs]
          let activations =
            Array(repeating: hiddenActivation, count: depth - 1) + [outputActivation]
          let model = randomModel(
            inputs: 3, sizes: sizes, activations: activations, seed: seed, scale: 0.8)
          let network = try Network<Double>(model: model)
          let inputs = (0..<3).map { _ in (0..<3).map { _ in 2 * rng.nextUnitInterval() - 1 } }
          let targets = Self.targets(count: 3, units: outputs, loss: loss, rng: &rng)
          let error = try Self.worstError(
            network: network, inputs: inputs, targets: targets, loss: loss)
          #expect(
            error < 1e-6,
            "\(activations) with \(loss): relative error \(error)")
          checked += 1
        }
      }
    }
    #expect(checked == 8 * (1 + 2 * 5))
  }

  @Test("a batch's gradient is the mean of its samples' gradients")
  func batchIsMean() throws {
    let model = randomModel(
      inputs: 4, sizes: [6, 3], activations: [.tanh, .softmax], seed: 3, scale: 0.5)
    let network = try Network<Double>(model: model)
    let inputs: [[Double]] = [[1, 0, -1, 0.5], [0.2, 0.3, 0.1, -2], [3, -1, 0, 0]]
    let targets: [[Double]] = [[1, 0, 0], [0, 0, 1], [0, 1, 0]]
    let batch = try network.gradients(
      batch: inputs, targets: targets, loss: .categoricalCrossEntropy)
    let singles = try zip(inputs, targets).map {
      try network.gradients(input: $0, target: $1, loss: .categoricalCrossEntropy)
    }
    for layer in 0..<2 {
      for k in batch.layers[layer].dW.indices {
        let mean = singles.map { $0.layers[layer].dW[k] }.reduce(0, +) / 3
        #expect(abs(batch.layers[layer].dW[k] - mean) < 1e-15)
      }
    }
    #expect(abs(batch.loss - singles.map(\.loss).reduce(0, +) / 3) < 1e-15)
  }
}
