import NNCommandLine

/// `nntool predict MODEL --input VALUES… [--json]` without argument-parser.
///
/// Start-up is most of a one-shot prediction: argument-parser builds each command's option
/// table through reflection and dynamic casts (which scan every protocol conformance in the
/// binary); skipping it takes a third of the instructions (docs/architecture.md). This path
/// accepts only the simplest form; anything else (help, other options, other orders included)
/// goes through argument-parser, and both paths print exactly the same thing.
enum PredictFastPath {
  /// Runs the command and returns its exit status, or nil when `arguments` (without the
  /// program name) are not of the simple form.
  static func run(_ arguments: ArraySlice<String>) -> Int32? {
    guard arguments.first == "predict", arguments.count >= 4 else { return nil }
    var rest = arguments.dropFirst()
    guard let model = rest.popFirst(), !model.hasPrefix("-") else { return nil }
    var inputs: [String] = []
    var json = false
    while let word = rest.popFirst() {
      switch word {
      case "--input":
        guard let value = rest.popFirst() else { return nil }
        inputs.append(value)
      case "--json":
        json = true
      default:
        return nil
      }
    }
    guard !inputs.isEmpty else { return nil }
    do throws(ToolError) {
      let loaded = try ModelFiles.read(path: model)
      let network = try EngineAdapter.network(for: loaded)
      var outputs: [[Double]] = []
      for text in inputs {
        outputs.append(
          try EngineAdapter.outputs(
            of: network, raw: PredictionOutput.parseInput(text, model: loaded.model)))
      }
      StandardStream.out(
        PredictionOutput.render(
          outputs: outputs, model: loaded.model, json: json, single: inputs.count == 1,
          header: false, digits: NumberFormatting.defaultSignificantDigits))
      StandardStream.flushOut()
      return 0
    } catch {
      StandardStream.err(error.line(program: "nntool", color: Terminal.current.stderrColor))
      return error.status.rawValue
    }
  }
}
