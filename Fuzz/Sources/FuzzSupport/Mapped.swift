import NNModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The file the mapped reader opens: one per process, rewritten for every input.
private let scratchPath = "/tmp/nnm-fuzz-\(getpid()).nnm"

/// Invariant 3: the memory-mapped reader, and reading the same bytes from a file, agree with
/// the eager in-memory reader.
func checkMapped(_ bytes: [UInt8], eager: Result<ModelFile, ModelFileError>) {
  guard !bytes.isEmpty else { return }
  writeFile(scratchPath, bytes)
  defer { unlink(scratchPath) }
  let mapped: Result<Model, ModelFileError> = Result { () throws(ModelFileError) -> Model in
    let file = try MappedModel(contentsOf: FilePath(scratchPath))
    try file.verify()
    return try file.model()
  }
  // Reading the same bytes from the file gives the same verdict.
  let fromFile = Result { () throws(ModelFileError) -> ModelFile in
    try ModelReader().read(contentsOf: FilePath(scratchPath))
  }
  if fromFile != eager { broken("read(contentsOf:) and read(bytes:) disagree") }
  switch (eager, mapped) {
  case (.success(let file), .success(let model)):
    if file.model != model { broken("MappedModel.model() differs from the eager read") }
  case (.success, .failure(let error)):
    broken("MappedModel refuses what the eager reader accepts: \(error)")
  case (.failure(let error), .success):
    broken("MappedModel accepts what the eager reader refuses (\(error.code)): \(error)")
  case (.failure, .failure(let error)):
    checkMessage(error)
  }
}

/// `bytes` with `file_length`, every in-bounds section CRC and the header CRC recomputed, or
/// nil when the input is too short to have a header and section table. A random mutation
/// almost never keeps a CRC-32C right; repairing them lets it reach the checks behind.
func repairingChecksums(_ bytes: [UInt8]) -> [UInt8]? {
  guard bytes.count >= 32, bytes.starts(with: NNMFormat.magic) else { return nil }
  var out = bytes
  let sectionCount = Int(load32(out, 12))
  guard sectionCount >= 1, sectionCount <= NNMFormat.maxSections,
    32 + 32 * sectionCount <= out.count
  else { return nil }
  store(UInt64(out.count), into: &out, at: 16)
  for index in 0..<sectionCount {
    let entry = 32 + 32 * index
    let offset = load64(out, entry + 8)
    let length = load64(out, entry + 16)
    let (end, overflow) = offset.addingReportingOverflow(length)
    guard !overflow, end <= UInt64(out.count) else { continue }
    let crc = crc32c(Array(out[Int(offset)..<Int(end)]))
    store(crc, into: &out, at: entry + 24)
  }
  let tableEnd = 32 + 32 * sectionCount
  let headerCRC = crc32c(Array(out[32..<tableEnd]), continuing: crc32c(Array(out[0..<28])))
  store(headerCRC, into: &out, at: 28)
  return out
}

private func load32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
  (0..<4).reduce(0) { $0 | UInt32(bytes[at + $1]) << (8 * $1) }
}

private func load64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
  (0..<8).reduce(0) { $0 | UInt64(bytes[at + $1]) << (8 * $1) }
}

private func store<T: FixedWidthInteger>(_ value: T, into bytes: inout [UInt8], at: Int) {
  for k in 0..<MemoryLayout<T>.size {
    bytes[at + k] = UInt8(truncatingIfNeeded: value >> (8 * k))
  }
}
