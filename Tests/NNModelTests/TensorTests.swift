import Testing

@testable import NNModel

@Test func float32TensorWidensExactly() {
  let tensor = Tensor(shape: [2], values: [0.1, 3], scalarType: .float32)
  #expect(tensor.doubles == [Double(Float(0.1)), 3])
  #expect(tensor.converted(to: .float64).scalarType == .float64)
}
