import ArgumentParser
import NNCommandLine

/// `--delimiter`, shared by the commands that read a CSV file.
struct CSVInputOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "The CSV field delimiter: ',', ';', '|' or tab ('tab' or '\\t'); default: tab for a .tsv "
        + "file, else ','.",
      valueName: "char"))
  var delimiter: String?

  /// The reader's options for these flags; caps come from the environment.
  func readOptions(hashing: Bool) throws(ToolError) -> CSVReadOptions {
    var options = CSVReadOptions(hashing: hashing)
    if let delimiter { options.delimiter = try CSVDelimiter.parse(delimiter) }
    return options
  }

  mutating func validate() throws {
    if let delimiter {
      do {
        _ = try CSVDelimiter.parse(delimiter)
      } catch {
        throw ValidationError(error.message)
      }
    }
  }
}
