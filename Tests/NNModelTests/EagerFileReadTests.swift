import Glibc
import Testing

@testable import NNModel

// Files of 1 MiB or more are read with their tensor sections `pread` straight into the arrays,
// checksummed and scanned chunk by chunk: the verdict must be the in-memory reader's.

private func bigModel(_ scalarType: ScalarType) -> Model {
  let units = 301
  let inputs = 997  // 300,097 elements: chunks of 256 KiB end inside elements and rows
  return Model(
    features: (0..<inputs).map { Feature(name: "x\($0)") },
    layers: [
      DenseLayer(
        activation: .identity, inputs: inputs, units: units,
        weights: (0..<units * inputs).map { Double($0 % 977) / 8 - 60 },
        biases: (0..<units).map { Double($0) }, scalarType: scalarType)
    ])
}

/// What `read(contentsOf:)` and `read(bytes:)` make of `bytes`.
private func bothVerdicts(_ bytes: [UInt8]) throws -> (
  file: Result<ModelFile, ModelFileError>, memory: Result<ModelFile, ModelFileError>
) {
  let path = temporaryDirectory() + "/big.nnm"
  let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
  #expect(bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == bytes.count)
  close(fd)
  return (
    Result { () throws(ModelFileError) in try ModelReader().read(contentsOf: FilePath(path)) },
    Result { () throws(ModelFileError) in try ModelReader().read(bytes: bytes) }
  )
}

@Test func largeFilesReadIntoTheirArraysGiveTheInMemoryVerdict() throws {
  for scalarType in [ScalarType.float32, .float64] {
    let model = bigModel(scalarType)
    let good = try model.binaryEncoded()
    #expect(good.count > 1 << 20)
    let (file, memory) = try bothVerdicts(good)
    #expect(try file.get().model == model)
    #expect(file == memory)

    let weights = sectionSpans(good)[1]
    let width = scalarType.byteWidth
    // A damaged byte past the first 256 KiB: the section's checksum.
    var damaged = good
    damaged[weights.offset + 300_001] ^= 0x40
    let verdicts = try bothVerdicts(damaged)
    #expect(verdicts.file == verdicts.memory)
    guard case .failure(.sectionChecksumMismatch(let section, _, _, _, _)) = verdicts.file else {
      Issue.record("expected a checksum mismatch, got \(verdicts.file)")
      continue
    }
    #expect(section == 1)

    // A NaN with the checksum repaired: its offset and path, as the in-memory reader says.
    for element in [0, 65_536 + 1, 250_000] {
      var nan = good
      let at = weights.offset + element * width
      for k in 0..<width { nan[at + k] = 0xFF }
      refreshChecksums(&nan)
      let (file, memory) = try bothVerdicts(nan)
      #expect(file == memory)
      #expect(
        file.map(\.model)
          == .failure(
            .nonFiniteValue(offset: at, path: "$.layers[0].weights.data[\(element)]")))
    }
  }
}
