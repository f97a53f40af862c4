import NNModel
import Testing

@testable import NNRepl

@Suite struct CancellationTests {
  @Test func cancelledTrainStopsAfterTheCurrentStep() throws {
    let (session, output) = try Fixtures.session(Fixtures.allOnes)
    var asked = 0
    session.isCancelled = {
      asked += 1
      return asked >= 3
    }
    let text = session.run(":train -2 -1 => 1 times 1000", in: output).1
    #expect(text.contains("    3 steps, lr 0.1\n"))
    #expect(text.hasSuffix("interrupted after 3 of 1000 steps (:undo reverts)\n"))
    #expect(session.run(":undo", in: output).1 == "undid :train -2 -1 => 1 times 1000\n")
    #expect(session.run("-2 -1", in: output).1 == "0.52370 → F\n")
  }
}

@Suite struct RobustnessTests {
  /// Lines a user might type by mistake or on purpose; none may crash the session.
  static let hostileLines = [
    "=", "=>", "= =", "a=", "=1 =2", "weight==1 height=2", "1e308 1e308", "-1e308 1e308",
    "1e999 1", "0x10 1", "inf 1", "1,,,2", ",,,", "weight=1 weight=2 height=3", ":", "::",
    ":grad", ":grad =>", ":grad 1 2 =>", ":grad 1 2 => 1 2", ":grad 1 2 => 1 for",
    ":grad 1 2 => 1 for L9.n9.w9", ":grad 1 2 => 1 for w0", ":grad 1 2 => F for b3 for b2",
    ":train 1 2 => 1 times 0", ":train 1 2 => 1 times -3", ":train 1 2 => 1 times 1e9",
    ":train 1 2 => 1 times 99999999999999999999", ":train 1 2 => 1 lr 0", ":train 1 2 => 1 lr nan",
    ":fit epochs 2000000", ":data drop 0", ":data drop x", ":data frob", ":weights 0",
    ":weights -1", ":weights 1 2", ":set", ":set w1", ":set w1 x", ":set w1 1 2", ":set digits 99",
    ":set loss nope", ":set epochs 0", ":load", ":load /nonexistent/x.nnm", ":save a b",
    ":save --frob", ":help nope", ":undo now", ":quit now", ":trace", ":trace --weights",
    String(repeating: "9", count: 10_000), String(repeating: "1 ", count: 10_000),
    "\u{0}", "héllo wörld", ":set w1 1e308", "2 3", ":trace 2 3", ":grad 2 3 => 1",
    ":train 2 3 => 1 times 3", ":set w1 -1e308", "2 3", ":trace 2 3 --weights",
  ]

  @Test func nothingTypedCrashesTheSession() throws {
    for model in [Fixtures.zeroOne, Fixtures.threeClasses] {
      let (session, output) = try Fixtures.session(model)
      for line in Self.hostileLines {
        let outcome = session.execute(line)
        #expect(outcome != .quit, "\(line)")
        if outcome == .failure {
          #expect(output.errors.last?.hasPrefix("error: ") == true, "\(line)")
          #expect(output.errors.last?.contains("\n") == false, "\(line)")
        }
      }
      #expect(session.execute(":weights") == .success)
    }
  }

  @Test func overflowingInputsPrintNonFiniteValues() throws {
    let (session, output) = try Fixtures.session(Fixtures.zeroOne)
    _ = session.run(":set w2 1e308", in: output)
    #expect(session.run("1 1e308", in: output).1 == "0.73106 → F\n")
    #expect(session.run(":set w1 1e39", in: output).0 == .success)
    let f32 = try Fixtures.session(
      Fixtures.tutorialNetwork(weights: [0, 1], bias: 0, scalarType: .float32))
    #expect(
      f32.0.run(":set w1 1e39", in: f32.1).2
        == "error: 1e39 is too large for this f32 model (at most ±3.4e38)\n")
  }

  @Test func softmaxGradientsAndChainRule() throws {
    let (session, output) = try Fixtures.session(Fixtures.threeClasses)
    let grad = session.run(":grad 2 => setosa", in: output)
    #expect(grad.0 == .success)
    #expect(grad.1.hasPrefix("loss (ce) = 0.14293"))
    let rule = session.run(":grad 2 => setosa for w1", in: output)
    #expect(rule.0 == .success, "\(rule.2)")
    #expect(rule.1.contains("dL/dw1 = "))
  }
}

@Suite struct ControlCharacterTests {
  @Test func namesFromTheModelFileCannotRepaintTheTerminal() throws {
    var model = Fixtures.zeroOne
    model.name = "evil\u{1B}[2J"
    model.features[0].name = "w\u{7}"
    model.output.task = .binary(threshold: 0.5, negative: "M", positive: "F\u{1B}[31m")
    let (session, output) = try Fixtures.session(model)
    #expect(session.prompt == "evil\\u{1B}[2J> ")
    #expect(session.run("2 3", in: output).1 == "0.72163 → F\\u{1B}[31m\n")
    #expect(session.run(":trace 2 3", in: output).1.hasPrefix("input  w\\u{7} = 2  height = 3\n"))
    let error = session.run("w\u{7}=2", in: output).2
    #expect(!error.contains("\u{7}"))
    #expect(error.filter { $0 == "\n" }.count == 1)
  }
}
