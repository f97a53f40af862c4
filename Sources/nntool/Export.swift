import ArgumentParser
import NNCommandLine

/// `nntool export MODEL --to onnx|safetensors --out FILE`.
struct Export: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write a model as an ONNX graph or as safetensors weights.",
    discussion: """
      ONNX: one input [N, features] (N symbolic), the features' normalization as Sub and Div \
      nodes, each layer a Gemm (transB=1) and its activation; FLOAT for f32 models, DOUBLE \
      for f64; a regression model's output scaling as Mul and Add nodes at the end; IR \
      version 4, opset 8. safetensors: the state_dict of a PyTorch nn.Sequential of Linear \
      layers and activation modules (0.weight, 0.bias, 2.weight, …), the output scaling as one \
      more, diagonal, Linear. \
      Both carry the model's full description, so `nntool import` gives the same model back. \
      The output is written atomically. See docs/interop.md.

      Examples:
        nntool export gender.nnm --to onnx --out gender.onnx
        nntool export gender.nnm --to safetensors --out gender.safetensors
      """
  )

  @Argument(help: "The model to export.")
  var model: String

  @Option(help: ArgumentHelp("The format (default: from OUT's extension).", valueName: "format"))
  var to: InteropFormat?

  @Option(help: ArgumentHelp("Where to write the file.", valueName: "file"))
  var out: String

  func run() throws {
    guard let format = to ?? InteropFormat.forPath(out) else {
      throw ToolError.usage("--to onnx or --to safetensors (\(out) has neither extension)")
    }
    let loaded = try ModelFiles.read(path: model)
    try InteropFiles.write(loaded.model, to: out, format: format)
  }
}
