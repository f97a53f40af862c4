import NNModel
import Testing

@testable import NNEngine

@Suite("The tutorial's numbers")
struct TutorialTests {
  @Test("a neuron with w=[0,1], b=4 maps x=[2,3] to 0.9990889488055994")
  func neuron() throws {
    let model = Model(
      features: [Feature(name: "x1"), Feature(name: "x2")],
      layers: [
        DenseLayer(activation: .sigmoid, inputs: 2, units: 1, weights: [0, 1], biases: [4])
      ])
    let network = try Network<Double>(model: model)
    let output = try network.forward([2, 3])
    #expect(output.count == 1)
    #expect(output[0] == 0.9990889488055994)  // the same bits as numpy
    #expect(try network.trace([2, 3]).layers[0].z == [7])
  }

  @Test("the 2-2-1 network of w=[0,1], b=0 neurons maps x=[2,3] to 0.7216325609518421")
  func feedforward() throws {
    let network = try AnyNetwork(
      model: tutorialModel(weights: [0, 1, 0, 1, 0, 1], biases: [0, 0, 0]))
    let output = try network.predict(raw: [2, 3])
    #expect(output[0] == 0.7216325609518421)  // the same bits as numpy
    let trace = try network.trace(raw: [2, 3])
    #expect(trace.layers[0].z == [3, 3])
    #expect(abs(trace.layers[0].a[0] - 0.9526) < 5e-5)
    #expect(trace.layers[0].a[0] == trace.layers[0].a[1])
    #expect(trace.output == output)
  }

  @Test("MSE of [1,0,0,1] against [0,0,0,0] is 0.5")
  func meanSquaredError() throws {
    #expect(try Loss.meanSquaredError.value(predicted: [0, 0, 0, 0], target: [1, 0, 0, 1]) == 0.5)
    // Over a batch of four one-output samples, the mean of the per-sample losses is the same.
    let perSample = try zip([0.0, 0, 0, 0], [1.0, 0, 0, 1]).map {
      try Loss.meanSquaredError.value(predicted: [$0], target: [$1])
    }
    #expect(perSample.reduce(0, +) / 4 == 0.5)
  }

  @Test("backprop for Alice with all weights 1, biases 0, as chain-rule factors")
  func aliceChainRule() throws {
    let network = try AnyNetwork(
      model: tutorialModel(weights: [1, 1, 1, 1, 1, 1], biases: [0, 0, 0]))
    let trace = try network.trace(raw: [-2, -1])
    #expect(abs(trace.layers[0].a[0] - 0.047_425_873_177_566_78) < 1e-15)
    #expect(abs(trace.layers[0].a[1] - 0.047_425_873_177_566_78) < 1e-15)
    #expect(abs(trace.output[0] - 0.523_695_174_083_999_7) < 1e-15)

    // The 7-decimal values (h1=0.0474259, o1=0.5236952, dL/dypred=-0.9526097,
    // dypred/dh1=0.2494385, dh1/dw1=-0.0903533, dL/dw1=0.0214695) are these, rounded; the full
    // values below are the tutorial's formulas evaluated in float64 (as its numpy code does).
    let w1 = try #require(network.parameterID(named: "w1"))
    let breakdown = try network.chainRule(
      raw: [-2, -1], target: [1], loss: .meanSquaredError, parameter: w1)
    #expect(breakdown.name == "w1")
    #expect(breakdown.factors.map(\.label) == ["dL/dypred", "dypred/dh1", "dh1/dw1"])
    let values = breakdown.factors.map(\.value)
    #expect(abs(values[0] - -0.952_609_651_832_000_6) < 1e-15)
    #expect(abs(values[1] - 0.249_438_538_725_128_94) < 1e-15)
    #expect(abs(values[2] - -0.090_353_319_461_824_27) < 1e-15)
    #expect(abs(breakdown.product - 0.021_469_535_265_811_11) < 1e-15)
    #expect(abs(breakdown.product - breakdown.gradient) < 1e-15)
    // And the values, to their 7 decimals.
    let computed = [trace.layers[0].a[0], trace.output[0]] + values + [breakdown.product]
    let stated = [0.0474259, 0.5236952, -0.9526097, 0.2494385, -0.0903533, 0.0214695]
    for (value, expected) in zip(computed, stated) { #expect(abs(value - expected) < 5e-8) }
    #expect(breakdown.factors[0].formula == "-2(y - ypred)")
    #expect(breakdown.factors[1].formula == "w5 · f'(z_ypred)")
    #expect(breakdown.factors[2].formula == "x1 · f'(z_h1)")

    // The full gradient agrees, and the loss is Alice's squared error.
    let report = try network.gradients(raw: [-2, -1], target: [1], loss: .meanSquaredError)
    #expect(abs(report.layers[0].dW[0] - 0.0214695) < 5e-8)
    #expect(abs(report.loss - (1 - trace.output[0]) * (1 - trace.output[0])) < 1e-15)
  }

  @Test("raw inputs are normalized by the model (weight − 135, height − 66)")
  func normalization() throws {
    let shifted = try AnyNetwork(
      model: tutorialModel(weights: [1, 1, 1, 1, 1, 1], biases: [0, 0, 0]))
    let raw = try AnyNetwork(
      model: tutorialModel(
        weights: [1, 1, 1, 1, 1, 1], biases: [0, 0, 0],
        normalization: [Normalization(shift: 135), Normalization(shift: 66)]))
    #expect(try raw.normalize(raw: [133, 65]) == [-2, -1])
    #expect(try raw.predict(raw: [133, 65]) == shifted.predict(raw: [-2, -1]))
    #expect(try raw.trace(raw: [133, 65]).input == [-2, -1])
  }

  @Test("training on the shifted table: loss falls, Emily is F, Frank is M, seeds repeat")
  func training() throws {
    func trainedNetwork(seed: UInt64) throws -> (AnyNetwork, TrainingReport) {
      let model = try initializedModel(
        features: [Feature(name: "weight"), Feature(name: "height")], layerSizes: [2, 1],
        activations: [.sigmoid, .sigmoid], initialization: .normal, seed: seed)
      var network = try AnyNetwork(model: model)
      let data = TrainingData(
        inputs: shiftedTable.map(\.input), targets: shiftedTable.map { [$0.target] })
      let report = try network.train(
        on: data,
        configuration: TrainingConfiguration(
          loss: .meanSquaredError, optimizer: .sgd(learningRate: 0.1), epochs: 1000,
          batchSize: 1))
      return (network, report)
    }
    let (network, report) = try trainedNetwork(seed: 42)
    #expect(report.epochsRun == 1000)
    #expect(report.lossHistory.count == 1000)
    #expect(report.lossHistory.last! < report.lossHistory.first! / 10)
    #expect(report.lossHistory.last! < 0.01)
    #expect(try network.predict(raw: [-7, -3])[0] > 0.9)
    #expect(try network.predict(raw: [20, 2])[0] < 0.1)
    let (again, _) = try trainedNetwork(seed: 42)
    #expect(again.model == network.model)
    let (other, _) = try trainedNetwork(seed: 43)
    #expect(other.model != network.model)
  }
}
