import NNModel
import Testing

@testable import NNEngine

@Suite("Chain-rule breakdowns")
struct ChainRuleTests {
  @Test("on deeper networks every parameter's factors multiply to its backprop gradient")
  func productsMatchGradients() throws {
    let cases: [(sizes: [Int], activations: [Activation], loss: Loss, target: [Double])] = [
      ([3, 1, 1], [.tanh, .sigmoid, .sigmoid], .meanSquaredError, [0.3]),
      ([3, 2, 1], [.relu, .leakyReLU, .sigmoid], .binaryCrossEntropy, [1]),
      ([4, 3], [.sigmoid, .softmax], .categoricalCrossEntropy, [0, 1, 0]),
      ([2, 2], [.tanh, .identity], .meanSquaredError, [0.5, -0.5]),
    ]
    for (index, testCase) in cases.enumerated() {
      let model = randomModel(
        inputs: 2, sizes: testCase.sizes, activations: testCase.activations,
        seed: UInt64(20 + index), scale: 0.7)
      let network = try AnyNetwork(model: model)
      let report = try network.gradients(
        raw: [0.4, -1.2], target: testCase.target, loss: testCase.loss)
      for id in network.parameterIDs {
        let breakdown = try network.chainRule(
          raw: [0.4, -1.2], target: testCase.target, loss: testCase.loss, parameter: id)
        let layer = report.layers[id.layer]
        let expected =
          id.input.map { layer.dW[id.neuron * model.layers[id.layer].inputs + $0] }
          ?? layer.db[id.neuron]
        #expect(abs(breakdown.gradient - expected) <= 1e-14 * max(1, abs(expected)))
        #expect(
          abs(breakdown.product - expected) <= 1e-12 * max(1e-3, abs(expected)),
          "\(testCase.activations) \(breakdown.name): \(breakdown.factors)")
        #expect(breakdown.name == id.name(in: model))
        #expect(abs(breakdown.loss - report.loss) < 1e-15)
      }
    }
  }

  @Test("factor labels: a path through single neurons, a sum where paths fork, deltas for softmax")
  func labels() throws {
    let chain = try AnyNetwork(
      model: randomModel(
        inputs: 2, sizes: [3, 1, 1], activations: [.tanh, .sigmoid, .sigmoid], seed: 1))
    let w1 = try #require(chain.parameterID(named: "w1"))
    #expect(
      try chain.chainRule(raw: [1, 2], target: [1], loss: .meanSquaredError, parameter: w1).factors
        .map(\.label) == ["dL/dypred", "dypred/dh2.1", "dh2.1/dh1.1", "dh1.1/dw1"])
    let forked = try AnyNetwork(
      model: randomModel(inputs: 2, sizes: [3, 2], activations: [.sigmoid, .identity], seed: 2))
    let b2 = try #require(forked.parameterID(named: "b2"))
    let breakdown = try forked.chainRule(
      raw: [1, 2], target: [1, 0], loss: .meanSquaredError, parameter: b2)
    #expect(breakdown.factors.map(\.label) == ["dL/dh2", "dh2/db2"])
    #expect(breakdown.factors[1].formula == "f'(z_h2)")
    let softmax = try AnyNetwork(
      model: randomModel(inputs: 2, sizes: [3, 2], activations: [.sigmoid, .softmax], seed: 3))
    let w7 = try #require(softmax.parameterID(named: "w7"))
    let delta = try softmax.chainRule(
      raw: [1, 2], target: [1, 0], loss: .categoricalCrossEntropy, parameter: w7)
    #expect(delta.factors.map(\.label) == ["dL/dz_o1", "dz_o1/dw7"])
    #expect(delta.factors[1].formula == "h1")
  }
}
