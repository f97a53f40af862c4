import ArgumentParser
import NNCommandLine

/// `nntool diff A B`.
struct Diff: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Compare two models: architecture, metadata and per-layer weight deltas.",
    discussion: """
      Prints one line per differing field ('path: "a" → "b"') and, for each layer whose \
      parameters differ, the largest and mean absolute difference of its weights and biases. \
      The encodings may differ: a binary model and its JSON conversion are equal. Exit status \
      0 when the models are equal, 1 when they differ.

      Examples:
        nntool diff gender.nnm gender.json
        nntool diff before.nnm after.nnm --json
      """
  )

  @Argument(help: "The first model.")
  var first: String

  @Argument(help: "The second model.")
  var second: String

  @OptionGroup var output: OutputOptions

  func run() throws {
    let a = try ModelFiles.read(path: first).model
    let b = try ModelFiles.read(path: second).model
    let diff = ModelDiff(a, b)
    if output.json {
      printJSON(diff.json)
    } else {
      StandardStream.out(diff.isEqual ? "models are equal\n" : diff.text(digits: output.digits))
    }
    if !diff.isEqual { throw ExitCode(ExitStatus.found.rawValue) }
  }
}
