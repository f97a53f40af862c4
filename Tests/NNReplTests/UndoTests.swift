import NNModel
import Testing

@testable import NNRepl

@Suite struct UndoTests {
  /// A 784-256-128-10 float32 model with deterministic, distinct parameters.
  static func mnistSized() -> Model {
    var layers: [DenseLayer] = []
    var inputs = 784
    var seed = 1
    for (units, activation) in [(256, Activation.relu), (128, .relu), (10, .softmax)] {
      let weights = (0..<(units * inputs)).map { index in
        Double((index * 7919 + seed) % 2001 - 1000) / 10_000
      }
      layers.append(
        DenseLayer(
          activation: activation, inputs: inputs, units: units, weights: weights,
          biases: [Double](repeating: 0.01, count: units), scalarType: .float32))
      inputs = units
      seed += 1
    }
    return Model(
      name: "big", features: (1...784).map { Feature(name: "p\($0)") }, layers: layers,
      output: OutputSpec(task: .multiclass(labels: (0..<10).map(String.init))))
  }

  @Test func twoHundredSetsOnABigModelKeepOnlyWhatChanged() throws {
    let model = Self.mnistSized()
    let (session, output) = try Fixtures.session(model)
    #expect(model.parameterCount == 235_146)
    for index in 1...Session.undoLimit {
      let (outcome, _, _) = session.run(":set w\(index * 1000) 0.\(index)", in: output)
      #expect(outcome == .success)
    }
    // Each :set keeps one parameter's value before and after: 400 numbers for 200 changes,
    // where two models per change would be 2 × 200 × 235,146.
    #expect(session.undoStack.count == Session.undoLimit)
    #expect(session.undoStoredElementCount == 2 * Session.undoLimit)
    for _ in 1...Session.undoLimit { _ = session.run(":undo", in: output) }
    #expect(session.undoStoredElementCount == 2 * Session.undoLimit)
    #expect(session.model == model)
    #expect(!session.hasUnsavedChanges)
  }

  @Test func undoAndRedoRestoreExactBits() throws {
    for scalarType in [ScalarType.float32, .float64] {
      let model = Fixtures.tutorialNetwork(weights: [0.3, -0.7], bias: 0.1, scalarType: scalarType)
      let (session, output) = try Fixtures.session(model)
      _ = session.run(":set w3 0.123456789123", in: output)
      let afterSet = session.model
      _ = session.run(":train 1 2 => F times 7 lr 0.37", in: output)
      let afterTrain = session.model
      #expect(afterTrain != afterSet)
      // :train changed every parameter of this network: it keeps those, not the whole model.
      #expect(session.undoStoredElementCount == 2 + 2 * model.parameterCount)
      _ = session.run(":undo", in: output)
      #expect(session.model == afterSet)
      _ = session.run(":undo", in: output)
      #expect(session.model == model)
      _ = session.run(":redo", in: output)
      #expect(session.model == afterSet)
      _ = session.run(":redo", in: output)
      #expect(session.model == afterTrain)
      #expect(session.hasUnsavedChanges)
    }
  }
}
