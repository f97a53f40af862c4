import Glibc
import Testing

/// `samples/gender.nnm` of this checkout.
private let genderModel: String = {
  // This file is Tests/<Target>/<File>.swift: three levels below the repository.
  let path = #filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(3)
    .joined(separator: "/")
  return path + "/samples/gender.nnm"
}()

/// `:plot` on a real terminal (a pseudo-terminal 160 columns wide): colour half blocks as wide
/// as the window, and plain characters when `NO_COLOR` is set.
@Suite(.serialized) struct ReplPictureTerminalTests {
  @Test func plotUsesTrueColourHalfBlocksAcrossTheTerminal() throws {
    let directory = ReplHarness.temporaryDirectory()
    let environment = ReplHarness.environment(
      home: directory, extra: ["TERM": "xterm", "COLORTERM": "truecolor"])
    let repl = try #require(
      TerminalSession([genderModel, "--no-history"], environment: environment))
    #expect(repl.expect("gender> "), "no prompt: \(repl.pending)")
    repl.type(":add 120 60 => F\r")
    #expect(repl.expect("(1 sample)"))
    repl.type(":plot\r")
    #expect(repl.expect("height (in) ↑"), "no map: \(repl.pending)")
    #expect(repl.expect("\u{1B}[38;2;"), "no 24-bit colour: \(repl.pending)")
    #expect(repl.expect("▀"))
    // The frame's bottom spans the window, less the labels' margin.
    #expect(repl.expect("└" + String(repeating: "─", count: 140)), "narrow: \(repl.pending)")
    #expect(repl.expect("weight (lb) →"))
    #expect(repl.expect("gender> "))
    // :fit redraws the map as it trains (25 chunks of 10 epochs), then Ctrl-C still stops a
    // long fit cleanly (the pty test of ReplTerminalTests does that on a live map too).
    repl.type(":fit epochs 250\r")
    #expect(repl.expect("epoch 10/250"), "no live map: \(repl.pending)")
    #expect(repl.expect("epoch 250/250"))
    #expect(repl.expect("fit: 250 epochs on 1 sample"))
    #expect(repl.expect("gender*> "))
    repl.type(":quit\r")
    #expect(repl.expect("Quit without saving? [y/N] "))
    repl.type("y\r")
    #expect(repl.waitForExit() == 0)
  }

  @Test func plotIsPlainWithNoColor() throws {
    let directory = ReplHarness.temporaryDirectory()
    let environment = ReplHarness.environment(
      home: directory, extra: ["TERM": "xterm", "COLORTERM": "truecolor", "NO_COLOR": "1"])
    let repl = try #require(
      TerminalSession([genderModel, "--no-history"], environment: environment))
    #expect(repl.expect("gender> "), "no prompt: \(repl.pending)")
    repl.type(":plot\r")
    #expect(repl.expect("height (in) ↑"), "no map: \(repl.pending)")
    #expect(repl.expect("+" + String(repeating: "-", count: 140)), "narrow: \(repl.pending)")
    #expect(repl.expect("regions: '.' M, '+' F"))
    repl.type(":quit\r")
    #expect(repl.waitForExit() == 0)
  }
}
