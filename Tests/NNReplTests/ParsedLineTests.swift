import NNModel
import Testing

@testable import NNRepl

// `ParsedLine.parse`: the REPL's reading of a line without running it (what FuzzReplLine
// fuzzes), agreeing with what `Session.execute` does.

@Test func parsedLinesNameTheCommandAndTheSample() {
  let model = Fixtures.allOnesRaw
  let bare = ParsedLine.parse("  weight = 128, height=63", model: model)
  #expect(bare.command == nil && bare.words == ["weight=128", "height=63"])
  #expect(bare.inputs == [128, 63] && bare.error == nil)
  let train = ParsedLine.parse(":train 133 65 => F times 10 lr 0.5", model: model)
  #expect(train.command == "train")
  #expect(train.inputs == [133, 65] && train.target == [1])
  #expect(train.options == ["times": "10", "lr": "0.5"])
  #expect(ParsedLine.parse(":trace 1 2 --weights", model: model).error == nil)
  #expect(ParsedLine.parse(":add 1 2", model: model).error?.hasPrefix("missing target") == true)
  #expect(ParsedLine.parse(":s", model: model).error != nil)  // :save or :set
  #expect(ParsedLine.parse(":tr 1 2", model: model).error != nil)  // :trace or :train
  #expect(ParsedLine.parse(":save x.nnm", model: model).inputs == nil)  // parsed, not run
  #expect(ParsedLine.parse(" # note", model: model).isEmpty)
  #expect(ParsedLine.parse("1e999 2", model: model).error?.contains("not a number") == true)
}
