import NNModel
import Testing

@testable import NNEngine

@Suite("Parameter names")
struct ParameterIDTests {
  @Test("the 2-2-1 network's parameters are the tutorial's w1…w6, b1…b3")
  func tutorialNames() throws {
    let model = tutorialModel(weights: [1, 2, 3, 4, 5, 6], biases: [7, 8, 9])
    let network = try AnyNetwork(model: model)
    let names = network.parameterIDs.map { $0.name(in: model) }
    #expect(names == ["w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3"])
    #expect(
      try network.parameterIDs.map { try network.parameter($0) } == [1, 2, 3, 4, 5, 6, 7, 8, 9])
    // h2 takes w3 and w4; o1 takes w5 (from h1) and w6 (from h2).
    #expect(ParameterID(name: "w4", in: model) == ParameterID(layer: 0, neuron: 1, input: 1))
    #expect(ParameterID(name: "w5", in: model) == ParameterID(layer: 1, neuron: 0, input: 0))
    #expect(ParameterID(name: "b3", in: model) == ParameterID(layer: 1, neuron: 0, input: nil))
  }

  @Test("short and long names round-trip on a deeper network")
  func roundTrip() throws {
    let model = randomModel(
      inputs: 3, sizes: [4, 5, 2], activations: [.relu, .tanh, .softmax], seed: 1)
    let ids = ParameterID.all(in: model)
    #expect(ids.count == model.parameterCount)
    #expect(Set(ids).count == ids.count)
    for id in ids {
      #expect(ParameterID(name: id.name(in: model), in: model) == id)
      #expect(ParameterID(name: id.longName, in: model) == id)
      #expect(ParameterID(name: id.longName.uppercased(), in: model) == id)
    }
    #expect(ParameterID(name: "L2.n3.w4", in: model) == ParameterID(layer: 1, neuron: 2, input: 3))
    #expect(ParameterID(name: "L3.n1.b", in: model)?.name(in: model) == "b10")
    #expect(ParameterID(name: "w12", in: model)?.longName == "L1.n4.w3")
    #expect(ParameterID(name: "w13", in: model)?.longName == "L2.n1.w1")
  }

  @Test("names outside the network or malformed are rejected")
  func rejects() {
    let model = tutorialModel(weights: [1, 2, 3, 4, 5, 6], biases: [7, 8, 9])
    for name in ["w7", "b4", "w0", "b0", "x1", "", "w", "L3.n1.b", "L1.n3.w1", "L1.n1.w3", "L1.n1"]
    {
      #expect(ParameterID(name: name, in: model) == nil, "\(name)")
    }
  }

  @Test("setting a parameter by name changes the network and the model")
  func setParameter() throws {
    var network = try AnyNetwork(
      model: tutorialModel(weights: [0, 1, 0, 1, 0, 1], biases: [0, 0, 0]))
    let b3 = try #require(network.parameterID(named: "b3"))
    try network.setParameter(b3, to: 0.25)
    #expect(try network.parameter(b3) == 0.25)
    #expect(network.model.layers[1].biases.doubles == [0.25])
    #expect(network.name(of: b3) == "b3")
  }

  @Test("a hand-built id outside the network is an error, and nothing changes")
  func unknownParameterThrows() throws {
    var network = try AnyNetwork(
      model: tutorialModel(weights: [0, 1, 0, 1, 0, 1], biases: [0, 0, 0]))
    let before = network.model
    for id in [
      ParameterID(layer: 2, neuron: 0, input: nil), ParameterID(layer: 0, neuron: 2, input: 0),
      ParameterID(layer: 0, neuron: 0, input: 2), ParameterID(layer: -1, neuron: 0, input: nil),
    ] {
      #expect(throws: EngineError.unknownParameter(id)) { try network.parameter(id) }
      #expect(throws: EngineError.unknownParameter(id)) { try network.setParameter(id, to: 1) }
    }
    #expect(network.model == before)
  }
}
