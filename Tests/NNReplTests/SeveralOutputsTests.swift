import NNModel
import Testing

@testable import NNRepl

/// A regression with two outputs and output normalization (format 1.1): the REPL shows answers
/// and takes targets in the targets' units, and trains the network in standardized units.
@Suite struct SeveralOutputsReplTests {
  /// Celsius to Fahrenheit and Kelvin: standardized, both outputs are the input itself.
  static let temperatures = Model(
    features: [Feature(name: "celsius", normalization: Normalization(shift: 30, scale: 30))],
    layers: [
      DenseLayer(activation: .identity, inputs: 1, units: 2, weights: [1, 1], biases: [0, 0])
    ],
    output: OutputSpec(
      task: .regression, names: ["fahrenheit", "kelvin"],
      normalization: [
        Normalization(shift: 86, scale: 54), Normalization(shift: 303.15, scale: 30),
      ]))

  @Test func answersAndTargetsAreInTheTargetsUnits() throws {
    let (session, output) = try Fixtures.session(Self.temperatures)
    #expect(session.run("100", in: output).1 == "fahrenheit = 212.00000  kelvin = 373.15000\n")
    let trace = session.run(":trace 100", in: output).1
    #expect(trace.contains("o1  z = 2.33333  a = 2.33333"))  // the network's own units
    #expect(trace.hasSuffix("fahrenheit = 212.00000  kelvin = 373.15000\n"))
    // The right answer has no loss and no gradient.
    let grad = session.run(":grad 100 => 212, 373.15", in: output).1
    #expect(grad.hasPrefix("loss (mse) = 0    output 212.00000 373.15000, target 212 373.15\n"))
    #expect(session.run(":add 0 => 32, 273.15", in: output).0 == .success)
    #expect(session.run(":add 100 => 212 373.15", in: output).0 == .success)
    #expect(session.run(":loss", in: output).1.hasSuffix("mean loss (mse) = 0\n"))
  }

  @Test func trainingMovesTheAnswerTowardsTheTargetInItsUnits() throws {
    let (session, output) = try Fixtures.session(Self.temperatures)
    // 10 °C is 50 °F; training towards 60 °F moves the answer up, in °F.
    let text = session.run(":train 10 => 60, 283.15 times 20", in: output).1
    #expect(text.contains("output 50.00000 283.15000 → "))
    let after = session.run("10", in: output).1
    let fahrenheit = Double(after.split(separator: " ")[2])!
    #expect(fahrenheit > 55 && fahrenheit < 60.5)
  }
}
