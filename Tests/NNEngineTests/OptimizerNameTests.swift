import NNEngine
import Testing

/// An optimizer's name (provenance, `--optimizer`) is spelled once, by `Optimizer.Kind`.
@Test func optimizerNamesComeFromTheirKind() {
  let optimizers: [Optimizer] = [
    .sgd(learningRate: 0.1), .momentum(learningRate: 0.01), .adam(),
  ]
  #expect(optimizers.map(\.kind) == Optimizer.Kind.allCases)
  #expect(optimizers.map(\.name) == ["sgd", "momentum", "adam"])
  #expect(Optimizer.Kind(rawValue: "adam") == .adam)
  #expect(Optimizer.Kind(rawValue: "Adam") == nil)
}
