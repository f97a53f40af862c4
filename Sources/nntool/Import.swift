import ArgumentParser
import NNCommandLine
import NNInterop
import NNModel
import NNToolOptions

/// `nntool import FILE --out MODEL.nnm`.
struct Import: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Read an ONNX graph or safetensors weights into an nnkit model.",
    discussion: """
      ONNX: dense feed-forward graphs as PyTorch's exporter, tf2onnx and skl2onnx write them \
      (Gemm or MatMul+Add, Sigmoid, Tanh, Relu, LeakyRelu with slope 0.01, Softmax; \
      per-feature Sub/Div/Mul/Add before the first layer become the normalization; \
      Identity, Flatten, Reshape and Cast that keep [N, features] are skipped). Anything else \
      is refused, naming the node. safetensors: lossless when written by nntool; otherwise \
      the <name>.weight [out, in] and <name>.bias [out] tensors, in the order of the numbers \
      in their names, with activations from the options. What the file does not say comes \
      from the options; notes on standard error say what was assumed. See docs/interop.md.

      Examples:
        nntool import gender.onnx --out gender.nnm
        nntool import mlp.safetensors --activation relu --task multiclass \\
          --features a,b,c,d --labels setosa,versicolor,virginica --out mlp.nnm
      """
  )

  @Argument(help: "The ONNX or safetensors file to read.")
  var file: String

  @Option(help: ArgumentHelp("Where to write the model (.json for JSON).", valueName: "model"))
  var out: String

  @OptionGroup var importOptions: ImportArguments

  @Option(
    help: ArgumentHelp(
      "The input format (default: from the extension or the content).", valueName: "format"))
  var from: InteropFormat?

  @Flag(help: "Do not print notes.")
  var quiet = false

  func run() throws {
    try ModelFiles.checkWritable(out)
    let imported = try InteropFiles.read(
      path: file, format: from, options: try importOptions.resolve())
    if !quiet {
      for note in imported.notes { StandardStream.err("nntool: note: \(note)\n") }
    }
    try ModelFiles.write(imported.model, to: out, encoding: ModelFiles.encoding(forPath: out))
  }
}
