import NNEngine
import Testing

@Suite struct NeuronNamesTests {
  @Test func theTutorialsNames() {
    let tutorial = [2, 1]
    #expect(NeuronNames.name(layer: 0, neuron: 1, units: tutorial) == "h2")
    #expect(NeuronNames.name(layer: 1, neuron: 0, units: tutorial) == "o1")
    #expect(
      NeuronNames.name(layer: 1, neuron: 0, units: tutorial, singleOutput: .prediction) == "ypred")
    let deep = [4, 3, 2]
    #expect(NeuronNames.name(layer: 1, neuron: 2, units: deep) == "h2.3")
    #expect(NeuronNames.name(layer: 2, neuron: 1, units: deep, singleOutput: .prediction) == "o2")
  }
}
