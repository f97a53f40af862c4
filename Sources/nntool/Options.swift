import ArgumentParser
import NNCommandLine

/// `--json` and `--digits`, shared by the commands that print results.
struct OutputOptions: ParsableArguments {
  @Flag(help: "Print one JSON document, numbers in full (shortest round-trip) precision.")
  var json = false

  @Option(help: ArgumentHelp("Significant digits of numbers in text output.", valueName: "n"))
  var digits: Int = NumberFormatting.defaultSignificantDigits

  mutating func validate() throws {
    guard (1...17).contains(digits) else {
      throw ValidationError("--digits must be between 1 and 17")
    }
  }
}

/// A comma-separated list option's values, trimmed, without empty entries.
func splitList(_ text: String) -> [String] {
  text.split(separator: ",", omittingEmptySubsequences: false).map {
    String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
  }.filter { !$0.isEmpty }
}

/// Writes a JSON document and a line break to standard output.
func printJSON(_ value: JSONValue) {
  StandardStream.out(value.render() + "\n")
}
