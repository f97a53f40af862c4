import NNModel
import NNRepl

/// The tutorial's 2-2-1 binary classifier (weight, height → F or M), the REPL's usual model.
/// Built per input: a global would be reported as a leak by LeakSanitizer.
private func tutorialModel() -> Model {
  var model = Model(
    features: [Feature(name: "weight", unit: "lb"), Feature(name: "height", unit: "in")],
    layers: [
      DenseLayer(
        activation: .sigmoid, inputs: 2, units: 2, weights: [0.1, 0.2, 0.3, 0.4],
        biases: [0, 0]),
      DenseLayer(activation: .sigmoid, inputs: 2, units: 1, weights: [0.5, 0.6], biases: [0]),
    ],
    output: OutputSpec(task: .binary(threshold: 0.5, negative: "M", positive: "F")))
  model.features[0].normalization = Normalization(shift: 135, scale: 1)
  return model
}

/// Stops the run with a message libFuzzer's log keeps (the input is saved as a crash).
private func invariant(_ condition: Bool, _ message: @autoclosure () -> String) {
  if !condition { fatalError("invariant: " + message()) }
}

/// libFuzzer entry point: the input is one line typed at the REPL (any bytes; invalid UTF-8
/// is decoded with replacement characters, as the REPL's line reader does).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReplLine(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let line = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  let model = tutorialModel()
  let parsed = ParsedLine.parse(line, model: model)
  invariant(ParsedLine.parse(line, model: model) == parsed, "parsing is not deterministic")
  for word in parsed.words {
    invariant(!word.isEmpty, "an empty word")
    invariant(
      !word.contains(where: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "\r" }),
      "a separator inside the word \(word.debugDescription)")
  }
  if parsed.command == nil && parsed.error == nil && !parsed.words.isEmpty {
    // The words of a parsed bare input, typed again with single spaces, parse the same.
    let again = ParsedLine.parse(parsed.words.joined(separator: " "), model: model)
    invariant(again.words == parsed.words, "re-typing \(parsed.words) gives \(again.words)")
    invariant(again.inputs == parsed.inputs, "re-typing changes the inputs")
  }
  if let inputs = parsed.inputs {
    invariant(inputs.count == 2 && inputs.allSatisfy(\.isFinite), "inputs \(inputs)")
    invariant(parsed.error == nil, "both inputs and an error")
  }
  if let target = parsed.target {
    invariant(target.count == 1 && target.allSatisfy(\.isFinite), "target \(target)")
  }
  if let error = parsed.error { invariant(!error.isEmpty, "an empty error message") }
  return 0
}
