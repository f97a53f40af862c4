import NNModel
import Testing

@testable import NNRepl

@Suite struct ForwardTests {
  @Test func bareInputPrintsOutputAndLabel() throws {
    let (session, output) = try Fixtures.session(Fixtures.zeroOne)
    for line in ["2 3", "2, 3", "weight=2 height=3", "height = 3, weight = 2"] {
      let (outcome, text, errors) = session.run(line, in: output)
      #expect(outcome == .success)
      #expect(text == "0.72163 → F\n")
      #expect(errors.isEmpty)
    }
    session.settings.decimals = nil
    #expect(session.run("2 3", in: output).1 == "0.7216325609518421 → F\n")
  }

  @Test func inputsAreRawUnitsNormalizedByTheModel() throws {
    let (session, output) = try Fixtures.session(Fixtures.allOnesRaw)
    // Alice: 133 lb, 65 in is (-2, -1) after the shift; the tutorial's o1 = 0.524.
    #expect(session.run("133 65", in: output).1 == "0.52370 → F\n")
  }

  @Test func traceShowsEveryNeuron() throws {
    let (session, output) = try Fixtures.session(Fixtures.zeroOne)
    let (outcome, text, _) = session.run(":trace 2 3", in: output)
    #expect(outcome == .success)
    #expect(
      text == """
        input  weight = 2  height = 3
        layer 1 (sigmoid, 2 neurons)
          h1  z = 3.00000  a = 0.95257  ███████████████████·
          h2  z = 3.00000  a = 0.95257  ███████████████████·
        output layer (sigmoid, 1 neuron)
          o1  z = 0.95257  a = 0.72163  ██████████████······
        = 0.72163 → F

        """)
  }

  @Test func traceWithWeightsNamesThem() throws {
    let (session, output) = try Fixtures.session(Fixtures.allOnesRaw)
    let text = session.run(":trace weight=133 height=65 --weights", in: output).1
    #expect(text.contains("input  weight = 133 → -2.00000  height = 65 → -1.00000"))
    #expect(text.contains("h1  z = -3.00000  a = 0.04743"))
    #expect(text.contains("w1 = 1.00000 (weight)  w2 = 1.00000 (height)  b1 = 0"))
    #expect(text.contains("w5 = 1.00000 (h1)  w6 = 1.00000 (h2)  b3 = 0"))
  }

  @Test func multiclassShowsTheLabelOfTheLargestOutput() throws {
    let (session, output) = try Fixtures.session(Fixtures.threeClasses)
    let text = session.run("2", in: output).1
    #expect(text == "0.86681 0.11731 0.01588 → setosa\n")
  }
}

@Suite struct GradientTests {
  @Test func chainRuleForW1MatchesTheTutorial() throws {
    let (session, output) = try Fixtures.session(Fixtures.allOnes)
    let (outcome, text, errors) = session.run(":grad -2 -1 => 1 for w1", in: output)
    #expect(outcome == .success, "\(errors)")
    #expect(text.hasPrefix("loss (mse) = 0.22687    output 0.52370, target 1\n"))
    #expect(text.contains("= -0.95261 × 0.24944 × -0.09035 = 0.02147\n"))
  }

  @Test func gradientOfEveryParameter() throws {
    let (session, output) = try Fixtures.session(Fixtures.allOnesRaw)
    let text = session.run(":grad 133 65 => F", in: output).1
    #expect(text.contains("h1  dL/dw1 = 0.02147  dL/dw2 = 0.01073  dL/db1 = -0.01073\n"))
    #expect(text.contains("h2  dL/dw3 = 0.02147  dL/dw4 = 0.01073  dL/db2 = -0.01073\n"))
    #expect(text.contains("o1  dL/dw5 = -0.01127  dL/dw6 = -0.01127  dL/db3 = -0.23762\n"))
  }

  @Test func gradientErrors() throws {
    let (session, output) = try Fixtures.session(Fixtures.allOnes)
    let missing = session.run(":grad -2 -1", in: output)
    #expect(missing.0 == .failure)
    #expect(missing.2 == "error: missing target: write INPUT => TARGET, for example 128 63 => F\n")
    let unknown = session.run(":grad -2 -1 => 1 for w9", in: output)
    #expect(unknown.2 == "error: unknown parameter 'w9' (:weights lists them)\n")
    let label = session.run(":grad -2 -1 => X", in: output)
    #expect(label.2 == "error: unknown label 'X' (labels: M, F)\n")
  }
}

@Suite struct TrainingTests {
  @Test func trainOneStepThenUndoAndRedo() throws {
    let (session, output) = try Fixtures.session(Fixtures.allOnes)
    let (outcome, text, _) = session.run(":train -2 -1 => F", in: output)
    #expect(outcome == .success)
    #expect(
      text
        == "loss 0.22687 → 0.22110    output 0.52370 → 0.52979 (target F)    1 step, lr 0.1\n")
    #expect(session.hasUnsavedChanges)
    #expect(session.run(":weights 1", in: output).1.contains("w1 = 0.99785 (weight)"))
    #expect(session.run(":undo", in: output).1 == "undid :train -2 -1 => F\n")
    #expect(session.run(":weights 1", in: output).1.contains("w1 = 1.00000 (weight)"))
    #expect(!session.hasUnsavedChanges)
    #expect(session.run(":redo", in: output).1 == "redid :train -2 -1 => F\n")
    #expect(session.run("-2 -1", in: output).1 == "0.52979 → F\n")
    #expect(session.run(":redo", in: output).2 == "error: nothing to redo\n")
  }

  @Test func trainTimesAndLearningRate() throws {
    let (session, output) = try Fixtures.session(Fixtures.allOnes)
    let text = session.run(":train -2 -1 => 1 times 50 lr 0.5", in: output).1
    #expect(text.hasSuffix("50 steps, lr 0.5\n"))
    let after = session.run("-2 -1", in: output).1
    #expect(after != "0.52370 → F\n")
    #expect(session.run(":undo", in: output).0 == .success)
    #expect(session.run("-2 -1", in: output).1 == "0.52370 → F\n")
    #expect(session.run(":undo", in: output).2 == "error: nothing to undo\n")
  }

  @Test func fitOnCollectedSamples() throws {
    let (session, output) = try Fixtures.session(Fixtures.allOnesRaw)
    #expect(session.run(":add 133 65 => F", in: output).1 == "sample 1: 133 65 => F (1 sample)\n")
    _ = session.run(":add 160 72 => M", in: output)
    _ = session.run(":add 152, 70 => 0", in: output)
    _ = session.run(":add weight=120 height=60 => F", in: output)
    #expect(
      session.run(":data", in: output).1 == """
          #  weight  height  target
          1  133     65      F
          2  160     72      M
          3  152     70      M
          4  120     60      F

        """)
    let before = session.run(":loss", in: output).1
    #expect(before.hasSuffix("mean loss (mse) = 0.50712\n"))
    let fit = session.run(":fit epochs 1000", in: output).1
    #expect(fit.hasPrefix("fit: 1000 epochs on 4 samples, loss (mse) 0.50712 → "))
    #expect(output.progressUpdates > 0)
    // The tutorial's Emily (128 lb, 63 in) and Frank (155 lb, 68 in).
    #expect(session.run("128 63", in: output).1.hasSuffix("→ F\n"))
    #expect(session.run("155 68", in: output).1.hasSuffix("→ M\n"))
    #expect(session.run(":undo", in: output).1 == "undid :fit\n")
    #expect(session.run(":loss", in: output).1.hasSuffix("mean loss (mse) = 0.50712\n"))
    #expect(session.run(":data drop 2", in: output).1 == "dropped sample 2 (3 left)\n")
    #expect(session.run(":data clear", in: output).1 == "forgot 3 samples\n")
    #expect(session.run(":fit", in: output).2.hasPrefix("error: no samples to fit"))
  }

  @Test func cancelledFitKeepsAConsistentUndoableModel() throws {
    let (session, output) = try Fixtures.session(Fixtures.allOnesRaw)
    _ = session.run(":add 133 65 => F", in: output)
    _ = session.run(":add 160 72 => M", in: output)
    session.isCancelled = { true }
    let text = session.run(":fit epochs 100000", in: output).1
    #expect(text.contains("interrupted after 1 of 100000 epochs (:undo reverts)\n"))
    #expect(session.hasUnsavedChanges)
    #expect(session.run(":undo", in: output).1 == "undid :fit\n")
    #expect(!session.hasUnsavedChanges)
  }
}

@Suite struct ParameterTests {
  @Test func setAndWeights() throws {
    let (session, output) = try Fixtures.session(Fixtures.zeroOne)
    #expect(session.run(":set w2 0.5", in: output).1 == "w2: 1.00000 → 0.50000\n")
    #expect(session.run(":set L2.n1.b -1", in: output).1 == "b3: 0 → -1.00000\n")
    #expect(
      session.run(":weights", in: output).1 == """
        layer 1: 2 inputs → 2 neurons, sigmoid
          h1  w1 = 0 (weight)  w2 = 0.50000 (height)  b1 = 0
          h2  w3 = 0 (weight)  w4 = 1.00000 (height)  b2 = 0
        output layer: 2 inputs → 1 neuron, sigmoid
          o1  w5 = 0 (h1)  w6 = 1.00000 (h2)  b3 = -1.00000

        """)
    #expect(session.run(":undo", in: output).1 == "undid :set b3 -1\n")
    #expect(session.run(":undo", in: output).1 == "undid :set w2 0.5\n")
    #expect(session.run("2 3", in: output).1 == "0.72163 → F\n")
  }

  @Test func float32ModelsStoreRoundedValues() throws {
    let model = Fixtures.tutorialNetwork(weights: [0, 1], bias: 0, scalarType: .float32)
    let (session, output) = try Fixtures.session(model)
    session.settings.decimals = nil
    #expect(session.run(":set w1 0.1", in: output).1 == "w1: 0 → 0.10000000149011612\n")
  }

  @Test func settings() throws {
    let (session, output) = try Fixtures.session(Fixtures.zeroOne)
    #expect(
      session.run(":set", in: output).1 == "lr 0.1  epochs 1000  batch 1  loss mse  digits 5\n")
    #expect(session.run(":set lr 0.05", in: output).1 == "lr = 0.05\n")
    #expect(session.run(":set digits 3", in: output).0 == .success)
    #expect(session.run("2 3", in: output).1 == "0.722 → F\n")
    #expect(session.run(":set loss bce", in: output).0 == .success)
    #expect(session.settings.loss == .binaryCrossEntropy)
    #expect(
      session.run(":set lr -1", in: output).2 == "error: the learning rate must be > 0, not '-1'\n")
    #expect(
      session.run(":set zz 1", in: output).2
        == "error: unknown parameter or setting 'zz' (parameters: w1…w6, b1…b3; settings: lr, epochs, batch, loss, digits)\n"
    )
    #expect(session.run(":weights 3", in: output).2 == "error: no layer '3' (layers 1 to 2)\n")
  }
}

@Suite struct SessionTests {
  @Test func errorsAreOneLineAndTheSessionGoesOn() throws {
    let (session, output) = try Fixtures.session(Fixtures.zeroOne)
    let cases: [(String, String)] = [
      ("1 2 3", "error: expected 2 inputs (weight, height), got 3\n"),
      ("1 x", "error: not a number: 'x' (height)\n"),
      (":nope", "error: unknown command ':nope' (:help lists the commands)\n"),
      ("2 3 => F", "error: this command takes no target (=>); :grad, :train and :add do\n"),
      (":trace 2 3 --bogus", "error: unknown option '--bogus'\n"),
      (":undo", "error: nothing to undo\n"),
      (":save", "error: no file to save to: :save PATH\n"),
      (":", "error: unknown command ':' (:help lists the commands)\n"),
      ("=> => =>", "error: this command takes no target (=>); :grad, :train and :add do\n"),
    ]
    for (line, expected) in cases {
      let (outcome, text, errors) = session.run(line, in: output)
      #expect(outcome == .failure, "\(line)")
      #expect(text.isEmpty)
      #expect(errors == expected, "\(line)")
    }
    #expect(session.run("2 3", in: output).1 == "0.72163 → F\n")
    #expect(session.run("   ", in: output).0 == .success)
    #expect(session.run("# a comment", in: output).0 == .success)
  }

  @Test func helpAndInfo() throws {
    let (session, output) = try Fixtures.session(Fixtures.allOnesRaw)
    let help = session.run(":help", in: output).1
    for command in CommandTable.all {
      #expect(help.contains(":\(command.name)"))
      #expect(session.run(":help \(command.name)", in: output).1.hasPrefix(command.usage + "\n"))
    }
    let grad = session.run(":help grad", in: output).1
    #expect(grad.hasPrefix(":grad INPUT => TARGET [for PARAM]\n"))
    let info = session.run(":info", in: output).1
    #expect(info.hasPrefix("model: tutorial\nfile: none (not saved yet)\ndtype: f64\n"))
    #expect(info.contains("total       2      1                       9\n"))
    #expect(info.contains("1      weight   lb      135      1\n"))
    #expect(info.contains("output: binary (M = 0, F = 1, threshold 0.5)\n"))
    #expect(info.hasSuffix("\nsession: 0 samples, 0 undoable changes\n"))
  }

  /// Names read from a model without a file were printed raw by :info (a bug): a feature or
  /// metadata value could move the cursor or clear the terminal.
  @Test func infoEscapesNamesFromTheModel() throws {
    var model = Fixtures.allOnesRaw
    model.features[0].name = "w\u{1B}[2J"
    model.metadata["note"] = "a\nb"
    let (session, output) = try Fixtures.session(model)
    let info = session.run(":info", in: output).1
    #expect(!info.contains("\u{1B}"))
    #expect(info.contains("w\\u{1B}[2J"))
    #expect(info.contains("note = a\\nb"))
  }

  @Test func quitAndTheUnsavedWarning() throws {
    let (session, output) = try Fixtures.session(Fixtures.zeroOne)
    #expect(session.run(":quit", in: output).0 == .quit)
    #expect(session.unsavedChangesWarning == nil)
    #expect(session.prompt == "tutorial> ")
    var unnamed = Fixtures.zeroOne
    unnamed.name = nil
    let output2 = CapturedOutput()
    #expect(
      try Session(model: unnamed, path: "samples/gender.nnm", output: output2).prompt
        == "gender> ")
    #expect(try Session(model: unnamed, output: output2).prompt == "nnrepl> ")
    _ = session.run(":set w1 2", in: output)
    #expect(session.prompt == "tutorial*> ")
    var input = ListInput(["2 3", ":quit", "this line is never run"])
    output.clear()
    #expect(ScriptRunner.run(&input, session: session))
    #expect(output.lines.count == 1)
    #expect(output.errors == ["warning: the model has unsaved changes (:save keeps them)"])
  }

  @Test func scriptFailsWhenAnyLineFails() throws {
    let (session, output) = try Fixtures.session(Fixtures.zeroOne)
    var input = ListInput(["2 3", "oops", "2 3"])
    #expect(!ScriptRunner.run(&input, session: session))
    #expect(output.lines == ["0.72163 → F", "0.72163 → F"])
    #expect(output.errors == ["error: not a number: 'oops' (weight)"])
  }

  @Test func completionOffersCommandsParametersAndFeatures() throws {
    let (session, _) = try Fixtures.session(Fixtures.zeroOne)
    let words = session.completionWords
    #expect(words.contains(":trace"))
    #expect(words.contains("w6"))
    #expect(words.contains("b3"))
    #expect(words.contains("weight="))
    #expect(words.contains("F"))
  }
}
