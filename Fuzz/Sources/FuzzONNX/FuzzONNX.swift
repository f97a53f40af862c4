import FuzzInteropSupport
import NNInterop

/// libFuzzer entry point: the input is a candidate ONNX file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzONNX(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  checkInteropInput(Array(UnsafeBufferPointer(start: data, count: size))) {
    bytes throws(InteropError) in
    try ONNX.read(bytes: bytes)
  }
  return 0
}
