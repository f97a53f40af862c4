import NNCommandLine
import NNModel
import Testing

@testable import NNRepl

@Suite struct ParsingTests {
  @Test func wordsSplitOnSpacesAndCommas() {
    #expect(Tokenizer.words("128 63") == ["128", "63"])
    #expect(Tokenizer.words("128, 63") == ["128", "63"])
    #expect(Tokenizer.words("128,63=>F") == ["128", "63", "=>", "F"])
    #expect(Tokenizer.words("weight = 128 height= 63") == ["weight=128", "height=63"])
    #expect(Tokenizer.words("  ") == [])
    // `= >` is not glued into `=>`: the words typed again must split the same way.
    #expect(Tokenizer.words("h = F = >s6") == ["h=F=", ">s6"])
    #expect(Tokenizer.words("h=F= >s6") == ["h=F=", ">s6"])
  }

  @Test func inputsPositionalAndNamed() throws {
    let model = Fixtures.allOnesRaw
    #expect(try SampleSyntax.parseInputs(["128", "63"], model: model) == [128, 63])
    #expect(
      try SampleSyntax.parseInputs(["height=63", "weight=128"], model: model) == [128, 63])
    #expect(
      try SampleSyntax.parseInputs(["Weight=1e2", "HEIGHT=-3.5"], model: model) == [100, -3.5])
  }

  @Test func inputErrorsAreOneClearLine() {
    let model = Fixtures.allOnesRaw
    #expect(throws: ReplError("expected 2 inputs (weight, height), got 3")) {
      try SampleSyntax.parseInputs(["1", "2", "3"], model: model)
    }
    #expect(throws: ReplError("not a number: 'abc' (height)")) {
      try SampleSyntax.parseInputs(["1", "abc"], model: model)
    }
    #expect(throws: ReplError("not a number: 'nan' (weight)")) {
      try SampleSyntax.parseInputs(["nan", "1"], model: model)
    }
    #expect(throws: ReplError("unknown feature 'age' (features: weight, height)")) {
      try SampleSyntax.parseInputs(["age=3", "height=1"], model: model)
    }
    #expect(throws: ReplError("missing feature 'height': expected 2 inputs (weight, height)")) {
      try SampleSyntax.parseInputs(["weight=3"], model: model)
    }
    #expect(throws: ReplError("feature 'weight' given twice")) {
      try SampleSyntax.parseInputs(["weight=3", "weight=4"], model: model)
    }
  }

  @Test func targetsAreNumbersOrLabels() throws {
    let binary = Fixtures.allOnes
    #expect(try SampleSyntax.parseTarget(["F"], model: binary) == [1])
    #expect(try SampleSyntax.parseTarget(["M"], model: binary) == [0])
    #expect(try SampleSyntax.parseTarget(["0.25"], model: binary) == [0.25])
    #expect(throws: ReplError("unknown label 'X' (labels: M, F)")) {
      try SampleSyntax.parseTarget(["X"], model: binary)
    }
    let classes = Fixtures.threeClasses
    #expect(try SampleSyntax.parseTarget(["virginica"], model: classes) == [0, 0, 1])
    #expect(try SampleSyntax.parseTarget(["0", "1", "0"], model: classes) == [0, 1, 0])
  }

  @Test func optionsFollowTheTarget() throws {
    let sample = try SampleSyntax(
      words: Tokenizer.words("-2 -1 => 1 times 3 lr 0.5"), model: Fixtures.allOnes,
      targetRequired: true, keywords: ["times", "lr"])
    #expect(sample.inputs == [-2, -1])
    #expect(sample.target == [1])
    #expect(sample.options == ["times": "3", "lr": "0.5"])
    #expect(throws: ReplError("'times' needs a value")) {
      try SampleSyntax(
        words: ["1", "2", "=>", "1", "times"], model: Fixtures.allOnes, targetRequired: true,
        keywords: ["times"])
    }
  }

  @Test func numbersPrintWithFiveDecimals() {
    func format(_ value: Double) -> String { NumberFormatting.decimals(value, places: 5) }
    #expect(format(0.7216325609518421) == "0.72163")
    #expect(format(-0.09035331946182427) == "-0.09035")
    #expect(format(0.000012345) == "1.2345e-05")
    #expect(format(0) == "0")
    #expect(format(.nan) == "nan")
    #expect(NumberFormatting.typed(128, places: 5) == "128")
    #expect(NumberFormatting.typed(0.1, places: 5) == "0.1")
    #expect(NumberFormatting.decimals(0.1, places: nil) == "0.1")
    #expect(NumberFormatting.decimals(3.14159, places: 2) == "3.14")
  }

  @Test func parameterNamesFollowTheTutorial() {
    let naming = ParameterNaming(Fixtures.allOnes)
    #expect(naming.allNames == ["w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3"])
    #expect(naming.position(named: "w4") == ParameterPosition(layer: 0, neuron: 1, input: 1))
    #expect(naming.position(named: "w5") == ParameterPosition(layer: 1, neuron: 0, input: 0))
    #expect(naming.position(named: "b3") == ParameterPosition(layer: 1, neuron: 0, input: nil))
    #expect(naming.position(named: "L1.n2.w1") == ParameterPosition(layer: 0, neuron: 1, input: 0))
    #expect(naming.position(named: "L2.n1.b") == ParameterPosition(layer: 1, neuron: 0, input: nil))
    #expect(naming.position(named: "w7") == nil)
    #expect(naming.position(named: "L3.n1.b") == nil)
    #expect(naming.neuronLabel(layer: 0, neuron: 1) == "h2")
    #expect(naming.neuronLabel(layer: 1, neuron: 0) == "o1")
  }

  @Test func commandsMayBeShortened() throws {
    #expect(try CommandTable.lookup("gr").name == "grad")
    #expect(try CommandTable.lookup("q").name == "quit")
    #expect(throws: ReplError("ambiguous command ':tr' (:trace, :train)")) {
      try CommandTable.lookup("tr")
    }
    #expect(throws: ReplError("unknown command ':frobnicate' (:help lists the commands)")) {
      try CommandTable.lookup("frobnicate")
    }
  }
}

@Suite struct CommandLookupTests {
  /// Every prefix of every name and alias, a few letters past, and some that name nothing.
  static var typedWords: [String] {
    var words: Set<String> = ["", "x", "zz", "lo", "l", "e", "exi", "gradi", "?", "Q", "LOA"]
    for command in CommandTable.all {
      for name in [command.name] + command.aliases {
        for length in 1...name.count { words.insert(String(name.prefix(length))) }
        words.insert(name + "x")
      }
    }
    return words.sorted()
  }

  @Test func aPrefixCompletesToOneCommandExactlyWhenItRunsIt() throws {
    for word in Self.typedWords {
      let completions = CommandTable.completions(ofCommand: ":" + word)
      let dispatched = try? CommandTable.lookup(word)
      if completions.count == 1 {
        #expect(dispatched.map { ":" + $0.name } == completions[0], "':\(word)'")
      } else {
        #expect(
          dispatched == nil,
          "':\(word)' runs \(dispatched?.name ?? "") but completes to \(completions)")
      }
    }
  }

  @Test func theArgumentsCompleteByTheCommandTheLineRuns() {
    #expect(CommandTable.completions(ofCommand: ":lo") == [":loss", ":load"])
    #expect(CommandTable.argumentCompletion(inLine: ":lo samples/") == nil)
    #expect(CommandTable.argumentCompletion(inLine: ":loa samples/") == .paths)
    #expect(CommandTable.argumentCompletion(inLine: ":dr ") == .paths)
    #expect(CommandTable.argumentCompletion(inLine: ":se w") == .settable)
    #expect(CommandTable.argumentCompletion(inLine: ":? tr") == .commands)
    #expect(CommandTable.argumentCompletion(inLine: ":grad 1 2 => ") == .words)
    #expect(CommandTable.argumentCompletion(inLine: "128 63") == nil)
  }

  @Test func everyCommandRunsFromTheTable() throws {
    let (session, output) = try Fixtures.session(Fixtures.zeroOne)
    for command in CommandTable.all where command.name != "quit" {
      // Each handler is reached: an argument it cannot take is its own error (`:help`'s names
      // the argument as an unknown command), never the command itself unknown.
      let (_, printed, errors) = session.run(":\(command.name) --no-such-argument", in: output)
      #expect(!(printed + errors).isEmpty, "\(command.name)")
      #expect(!errors.contains("command ':\(command.name)'"), "\(command.name): \(errors)")
    }
    #expect(session.execute(":quit") == .quit)
    #expect(session.execute(":q") == .quit)
  }
}
