import NNTestSupport
import Testing

@testable import NNModel

@Test func float32TensorWidensExactly() {
  let tensor = Tensor(shape: [2], values: [0.1, 3], scalarType: .float32)
  #expect(tensor.doubles == [Double(Float(0.1)), 3])
  #expect(tensor.converted(to: .float64).scalarType == .float64)
}

@Test func modelConversionChangesEveryTensorAndNothingElse() {
  let model = Fixtures.gender()
  let narrow = model.converted(to: .float32)
  #expect(narrow.layers.allSatisfy { $0.weights.scalarType == .float32 })
  #expect(narrow.layers.allSatisfy { $0.biases.scalarType == .float32 })
  #expect(narrow.features == model.features && narrow.output == model.output)
  #expect(narrow.converted(to: .float64).converted(to: .float32) == narrow)
}
