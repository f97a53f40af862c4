import FuzzSupport

/// libFuzzer entry point: the input is a candidate binary `.nnm` file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBinary(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  checkBinaryInput(bytes)
  return 0
}
