import NNTestSupport
import Testing

@testable import NNModel

/// What a Swift developer reaches for: a tensor's numbers, short summaries, an output's label,
/// and a typed error for a wrong element type.
@Suite struct LibraryAccessTests {
  @Test func tensorReadsAsACollectionAndByRowAndColumn() {
    let weights = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 0.1], scalarType: .float32)
    #expect(weights.count == 6)
    #expect(Array(weights) == weights.doubles)
    #expect(weights[1] == 2)
    #expect(weights[1, 0] == 4)
    #expect(weights[0, 2] == 3)
    #expect(weights[1, 2] == Double(Float(0.1)))  // widened exactly from the stored f32
    #expect(weights.max() == 5)
    #expect(weights.reversed().first == Double(Float(0.1)))
    let biases = Tensor(shape: [2], values: [0.5, -1.25], scalarType: .float64)
    #expect(biases.map { $0 * 2 } == [1, -2.5])
  }

  @Test func tensorDescriptionIsShort() {
    let small = Tensor(shape: [2, 2], values: [0.5, -1.25, 3, 2], scalarType: .float64)
    #expect("\(small)" == "Tensor(f64 [2, 2]: 0.5, -1.25, 3.0, 2.0)")
    let large = Tensor(shape: [10, 10], values: (0..<100).map(Double.init), scalarType: .float32)
    #expect(
      "\(large)" == "Tensor(f32 [10, 10]: 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, … 92 more)")
  }

  @Test func printingAModelGivesOneLine() {
    #expect(
      String(describing: Fixtures.gender())
        == "Model \"gender\": 2 inputs (weight, height) → 2 sigmoid → 1 sigmoid, binary M/F, "
        + "f64, 9 parameters")
    var hostile = Fixtures.multiclass()
    hostile.name = "evil\u{1B}[2J"
    let line = "\(hostile)"
    #expect(line.hasPrefix("Model \"evil\\u{1B}[2J\": 4 inputs (a, b, c, d) → 3 relu → 3 softmax"))
    #expect(line.hasSuffix(", 3 classes, f32, 27 parameters"))
    #expect(!line.contains("\u{1B}") && !line.contains("\n"))
  }

  @Test func outputLabels() {
    let binary = OutputSpec(task: .binary(threshold: 0.5, negative: "M", positive: "F"))
    #expect(binary.label(for: [0.5]) == "F")
    #expect(binary.label(for: [0.49]) == "M")
    #expect(binary.label(for: []) == nil)
    #expect(binary.task.labels == ["M", "F"])
    let classes = OutputSpec(task: .multiclass(labels: ["a", "b", "c"]))
    #expect(classes.label(for: [0.1, 0.7, 0.7]) == "b")  // the first largest
    #expect(classes.task.classIndex(for: [0.9, 0.05, 0.05]) == 0)
    #expect(OutputSpec(task: .regression).label(for: [3]) == nil)
  }

  @Test func mappedElementsOfTheWrongTypeThrow() throws {
    let directory = temporaryDirectory()
    try Fixtures.multiclass().write(to: FilePath(directory + "/m.nnm"))
    let mapped = try MappedModel(contentsOf: FilePath(directory + "/m.nnm"))
    let weights = mapped.layers[0].weights
    #expect(throws: ElementTypeError(stored: .float32, requested: "Double")) {
      try mapped.withElements(of: weights, as: Double.self) { $0.count }
    }
    #expect(try mapped.withElements(of: weights, as: Float.self) { $0.count } == 12)
    do {
      _ = try mapped.withElements(of: weights, as: Double.self) { $0.first }
      Issue.record("no error")
    } catch {
      #expect(error.code == "element-type")  // typed: `error` is an ElementTypeError
      #expect("\(error)" == "the tensor holds f32 elements (read them as Float), not Double")
    }

    try Fixtures.gender(.float64).write(to: FilePath(directory + "/g.nnm"))
    let gender = try MappedModel(contentsOf: FilePath(directory + "/g.nnm"))
    #expect(throws: ElementTypeError(stored: .float64, requested: "Float")) {
      try gender.withElements(of: gender.layers[0].biases, as: Float.self) { $0.count }
    }
    #expect(
      try gender.withElements(of: gender.layers[0].biases, as: Double.self) { Array($0) } == [
        0.5, 3,
      ])
  }
}
