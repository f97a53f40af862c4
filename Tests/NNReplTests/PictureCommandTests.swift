import Glibc
import NNModel
import Testing

@testable import NNRepl

/// The tutorial's four people in raw pounds and inches, for the all-ones network that reads
/// them raw.
private let people = [
  ":add 133 65 => F", ":add 160 72 => M", ":add 152 70 => M", ":add 120 60 => F",
]

private func scratchPath(_ name: String) -> String {
  var template = Array("/tmp/nnrepl-pictures-XXXXXX".utf8CString)
  let made = mkdtemp(&template)
  precondition(made != nil)
  let directory = String(
    decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  return directory + "/" + name
}

private func contents(_ path: String) -> String? {
  guard let file = fopen(path, "r") else { return nil }
  defer { fclose(file) }
  var bytes: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: 65_536)
  while true {
    let read = fread(&buffer, 1, buffer.count, file)
    if read == 0 { break }
    bytes += buffer.prefix(read)
  }
  return String(decoding: bytes, as: UTF8.self)
}

@Suite struct PictureCommandTests {
  @Test func plotDrawsThePlainMapWithTheSamplesAtTheTerminalsWidth() throws {
    let (session, output) = try Fixtures.session(Fixtures.allOnesRaw)
    for line in people { _ = session.run(line, in: output) }
    for width in [50, 100] {
      session.terminalWidth = { width }
      let (outcome, text, errors) = session.run(":plot", in: output)
      #expect(outcome == .success, "\(errors)")
      #expect(!text.contains("\u{1B}"))
      let lines = text.split(separator: "\n")
      #expect(lines.map(\.count).max()! <= width)
      #expect(lines.map(\.count).max()! >= width - 4)
      #expect(text.contains("height (in) ↑"))
      #expect(text.contains("weight (lb) →"))
      #expect(text.contains("regions: '.' M, '+' F\nsamples: their class's letter"))
    }
  }

  @Test func plotMarksSamplesTheModelGetsWrong() throws {
    // The all-ones network says F for everyone: Bob and Charlie (M) are wrong.
    let (session, output) = try Fixtures.session(Fixtures.allOnesRaw)
    for line in people { _ = session.run(line, in: output) }
    let text = session.run(":plot", in: output).1
    // Two on the map, one in the legend.
    #expect(text.filter { $0 == "X" }.count == 3)
    #expect(text.contains("samples: their class's letter; X: predicted wrong"))
  }

  @Test func plotLossNeedsAFitThenDrawsItsLosses() throws {
    let (session, output) = try Fixtures.session(Fixtures.allOnesRaw)
    let (outcome, _, error) = session.run(":plot loss", in: output)
    #expect(outcome == .failure)
    #expect(error.contains("no :fit yet"))
    for line in people { _ = session.run(line, in: output) }
    _ = session.run(":fit epochs 50", in: output)
    #expect(session.lastFitLosses.count == 50)
    let text = session.run(":plot loss", in: output).1
    #expect(text.hasPrefix("loss (mse)\n"))
    #expect(text.contains("*"))
    #expect(text.contains("50  epoch"))
  }

  @Test func plotRejectsWrongArguments() throws {
    let (session, output) = try Fixtures.session(Fixtures.threeClasses)
    let (outcome, _, error) = session.run(":plot", in: output)
    #expect(outcome == .failure)
    #expect(error.contains("at least two inputs"))
    #expect(session.run(":plot a b c", in: output).0 == .failure)
  }

  @Test func drawAndReportWriteTheModelAsItIsNow() throws {
    let (session, output) = try Fixtures.session(Fixtures.allOnesRaw)
    let svg = scratchPath("net.svg")
    _ = session.run(":set w1 0.25", in: output)
    #expect(session.run(":draw \(svg)", in: output).1 == "wrote \(svg)\n")
    let picture = try #require(contents(svg))
    #expect(picture.hasPrefix("<svg xmlns="))
    #expect(picture.contains(">w1 0.25</text>"))

    let report = scratchPath("report.html")
    let model = scratchPath("model.nnm")
    _ = session.run(":save \(model)", in: output)
    for line in people { _ = session.run(line, in: output) }
    _ = session.run(":fit epochs 20", in: output)
    #expect(session.run(":report \(report)", in: output).1 == "wrote \(report)\n")
    let html = try #require(contents(report))
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(html.contains("Loss of the last :fit"))
    #expect(html.contains("Evaluation on the session&#39;s 4 samples"))
    #expect(html.contains("changes not saved"))
    #expect(!html.contains("<script"))
  }

  @Test func aPictureThatCannotBeWrittenIsAnError() throws {
    let (session, output) = try Fixtures.session(Fixtures.allOnesRaw)
    let (outcome, _, error) = session.run(":draw /nonexistent-dir/x.svg", in: output)
    #expect(outcome == .failure)
    #expect(error.contains("does not exist"))
  }

  @Test func fitOnAColourTerminalRedrawsTheMapAndTrainsExactlyAsWithout() throws {
    let (plain, plainOutput) = try Fixtures.session(Fixtures.allOnesRaw)
    let (live, liveOutput) = try Fixtures.session(Fixtures.allOnesRaw)
    live.pictureColors = .palette256
    for line in people {
      _ = plain.run(line, in: plainOutput)
      _ = live.run(line, in: liveOutput)
    }
    _ = plain.run(":fit epochs 103", in: plainOutput)
    _ = live.run(":fit epochs 103", in: liveOutput)
    #expect(plainOutput.livePictures == 0)
    // 103 epochs in chunks of 4: 26 redraws.
    #expect(liveOutput.livePictures == 26)
    #expect(live.model == plain.model)
    #expect(live.lastFitLosses == plain.lastFitLosses)
    #expect(live.lastFitLosses.count == 103)
  }

  @Test func plotOfALargerModelNeedsTwoInputsAndHoldsTheOthersAtTheMedian() throws {
    let model = Model(
      name: "three",
      features: [Feature(name: "a"), Feature(name: "b"), Feature(name: "c")],
      layers: [
        DenseLayer(activation: .sigmoid, inputs: 3, units: 1, weights: [1, -1, 0.5], biases: [0])
      ],
      output: OutputSpec(task: .binary(threshold: 0.5, negative: "no", positive: "yes")))
    let (session, output) = try Fixtures.session(model)
    _ = session.run(":add 1 2 3 => yes", in: output)
    _ = session.run(":add 2 1 5 => no", in: output)
    let (outcome, _, error) = session.run(":plot", in: output)
    #expect(outcome == .failure)
    #expect(error.contains("choose the two to draw: :plot X Y"))
    let (drawn, text, _) = session.run(":plot c a", in: output)
    #expect(drawn == .success)
    #expect(text.hasPrefix("a ↑\n"))
    #expect(text.contains("c →"))
    #expect(text.contains("Other inputs held at: b = 1.5 (median)."))
  }
}
