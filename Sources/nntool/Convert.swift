import ArgumentParser
import NNCommandLine
import NNModel

/// `nntool convert IN OUT`.
struct Convert: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "convert",
    abstract: "Convert a model between the binary and JSON encodings and between f32 and f64.",
    discussion: """
      The output is written atomically (a temporary file, fsync, rename): an existing OUT is \
      replaced only when the new file is complete. The encoding defaults to JSON when OUT ends \
      in .json, binary otherwise. Converting f64 to f32 rounds each parameter to nearest; f32 \
      to f64 is exact.

      Examples:
        nntool convert gender.nnm gender.json
        nntool convert gender.json gender32.nnm --dtype f32
      """
  )

  @Argument(help: "The model to read.")
  var input: String

  @Argument(help: "Where to write the converted model.")
  var outputPath: String

  @Option(
    help: ArgumentHelp(
      "The output encoding (default: from OUT's extension).", valueName: "encoding"))
  var to: ModelEncoding?

  @Option(help: ArgumentHelp("The output element type (default: unchanged).", valueName: "type"))
  var dtype: ScalarType?

  func run() throws {
    var model = try ModelFiles.read(path: input).model
    if let dtype { model = model.converted(to: dtype) }
    let encoding = to ?? ModelFiles.encoding(forPath: outputPath)
    try ModelFiles.write(model, to: outputPath, encoding: encoding)
  }
}
