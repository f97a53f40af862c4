import FuzzSupport

/// libFuzzer entry point: the input is a candidate JSON `.nnm` document.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  checkJSONInput(bytes)
  return 0
}
