import NNInterop
import NNModel

// What every ONNX or safetensors fuzz input must satisfy (a broken invariant is a fatalError,
// which libFuzzer reports as a crash):
// 1. Importing never traps and allocates no more than the input justifies (run.sh's
//    -malloc_limit_mb), and an error's description is one line without control characters.
// 2. An imported model is valid, and exporting it to either format and importing that gives
//    the same model back (export is lossless for any model the importer accepts).

/// Imports `bytes` with `read` and checks the invariants.
public func checkInteropInput(
  _ bytes: [UInt8], _ read: ([UInt8]) throws(InteropError) -> ImportedModel
) {
  let imported: ImportedModel
  do {
    imported = try read(bytes)
  } catch {
    let text = error.description
    if text.unicodeScalars.contains(where: {
      $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0)
    }) {
      fatalError("error message with a control character: \(text.debugDescription)")
    }
    if error.code.isEmpty { fatalError("error without a code: \(text)") }
    return
  }
  let model = imported.model
  do {
    try model.validate()
  } catch {
    fatalError("imported an invalid model: \(error)")
  }
  do {
    let viaONNX = try ONNX.read(bytes: try ONNX.encode(model)).model
    if viaONNX != model { fatalError("ONNX export → import changed the model") }
    let viaSafetensors = try Safetensors.read(bytes: try Safetensors.encode(model)).model
    if viaSafetensors != model { fatalError("safetensors export → import changed the model") }
  } catch {
    fatalError("an imported model failed to round-trip: \(error)")
  }
}
