import NNCommandLine
import NNModel
import Testing

// How outputs become answers: formats/nnm-v1.md §5.8 step 4.

@Test func binaryAnswerIsPositiveAtTheThreshold() {
  let task = OutputSpec.Kind.binary(threshold: 0.5, negative: "M", positive: "F")
  #expect(OutputInterpretation.classIndex(outputs: [0.5], task: task) == 1)
  #expect(OutputInterpretation.classIndex(outputs: [(0.5 as Double).nextDown], task: task) == 0)
  #expect(OutputInterpretation.classIndex(outputs: [.nan], task: task) == 0)
}

@Test func multiclassTiesGoToTheFirstLargestOutput() {
  let task = OutputSpec.Kind.multiclass(labels: ["a", "b", "c"])
  #expect(OutputInterpretation.classIndex(outputs: [1, 3, 3], task: task) == 1)
  #expect(OutputInterpretation.classIndex(outputs: [2, 2, 2], task: task) == 0)
  #expect(OutputInterpretation.label(outputs: [0, 0.25, 0.25], task: task) == "b")
}
