import NNModel
import Testing

@testable import NNEngine

// The evaluation rules of formats/nnm-v1.md §5.8, as the engine implements them.

private func oneUnit(_ activation: Activation, _ scalarType: ScalarType) -> Model {
  Model(
    features: [Feature(name: "x")],
    layers: [
      DenseLayer(
        activation: activation, inputs: 1, units: 1, weights: [1], biases: [0],
        scalarType: scalarType)
    ])
}

@Test func leakySlopeIsTheDtypesNearestValueToOneHundredth() throws {
  let network = try Network<Float>(model: oneUnit(.leakyReLU, .float32))
  for z: Float in [-1, -3, -7.5, -1e30] {
    #expect(try network.forward([z]) == [Float(0.01) * z], "\(z)")
  }
  #expect(try network.forward([0]) == [0])
  let wide = try Network<Double>(model: oneUnit(.leakyReLU, .float64))
  #expect(try wide.forward([-3]) == [0.01 * -3])
}

@Test func softmaxSubtractsTheLargestInput() throws {
  let model = Model(
    features: [Feature(name: "x")],
    layers: [
      DenseLayer(
        activation: .softmax, inputs: 1, units: 2, weights: [1, 1], biases: [0, 0],
        scalarType: .float32)
    ],
    output: OutputSpec(task: .multiclass(labels: ["a", "b"])))
  // e^1000 overflows f32; e^(z − max) does not.
  #expect(try Network<Float>(model: model).forward([1000]) == [0.5, 0.5])
}
