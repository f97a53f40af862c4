import NNModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

// Differential testing against the independent Python reader (formats/nnm_read.py): with
// NNM_FUZZ_TWIN_DIR set, every binary input is saved there as <hash>.nnm beside <hash>.swift,
// which holds the Swift reader's verdict: "ok" and the canonical JSON, or "error <code>".
// Fuzz/differential.sh replays a corpus this way and compares the two readers.

/// Where to save inputs and verdicts, from `NNM_FUZZ_TWIN_DIR`; nil when unset.
private let twinDirectory: String? = getenv("NNM_FUZZ_TWIN_DIR").map { String(cString: $0) }

/// Saves `bytes` and the Swift reader's verdict when `NNM_FUZZ_TWIN_DIR` is set.
func saveTwin(_ bytes: [UInt8], _ result: Result<ModelFile, ModelFileError>) {
  guard let directory = twinDirectory else { return }
  var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a
  for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
  let stem = directory + "/" + String(hash, radix: 16)
  let verdict: [UInt8]
  switch result {
  case .success(let file):
    verdict = Array("ok\n".utf8) + encoded(file.model, .json, "JSON")
  case .failure(let error):
    verdict = Array("error \(error.code)\n".utf8)
  }
  writeFile(stem + ".nnm", bytes)
  writeFile(stem + ".swift", verdict)
}

/// Writes `bytes` to `path`, replacing it; stops the process if that fails.
func writeFile(_ path: String, _ bytes: [UInt8]) {
  let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
  if fd < 0 { fatalError("cannot create \(path): errno \(errno)") }
  defer { close(fd) }
  var written = 0
  while written < bytes.count {
    let n = bytes.withUnsafeBytes { buffer in
      buffer.baseAddress.map { write(fd, $0 + written, buffer.count - written) } ?? 0
    }
    if n <= 0 { fatalError("cannot write \(path): errno \(errno)") }
    written += n
  }
}
