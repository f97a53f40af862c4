import FuzzInteropSupport
import NNInterop

/// libFuzzer entry point: the input is a candidate safetensors file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafetensors(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  checkInteropInput(Array(UnsafeBufferPointer(start: data, count: size))) {
    bytes throws(InteropError) in
    try Safetensors.read(bytes: bytes)
  }
  return 0
}
