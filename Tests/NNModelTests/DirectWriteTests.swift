import Glibc
import Testing

@testable import NNModel

// Large files are written with direct I/O from an aligned staging buffer (`DirectStaging`):
// chunks of any size at any offset, the last block padded and the file truncated to its length.

/// Writes `chunks` through `AtomicFile` as a large file would be (direct I/O) and reads back.
private func writeDirect(_ chunks: [[UInt8]], to path: String) throws -> [UInt8] {
  try AtomicFile.write(to: path, expectedSize: AtomicFile.directIOThreshold) {
    sink throws(ModelFileError) in
    for chunk in chunks {
      try chunk.withUnsafeBytes { raw in
        Result { () throws(ModelFileError) in try sink.write(raw) }
      }.get()
    }
  }
  return try readWholeFile(path)
}

@Test func directWritesKeepEveryByteAndTheExactLength() throws {
  let directory = temporaryDirectory()
  var generator = SystemRandomNumberGenerator()
  let sizes = [
    [0], [1], [4096], [4097], [DirectStaging.capacity], [DirectStaging.capacity + 1],
    [10, 5 << 20 + 3, 1, 0, 4093, DirectStaging.capacity - 7, 64],
  ]
  for (k, chunkSizes) in sizes.enumerated() {
    let chunks = chunkSizes.map { n in
      (0..<n).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
    let path = directory + "/direct-\(k).nnm"
    #expect(try writeDirect(chunks, to: path) == chunks.flatMap { $0 })
    #expect(listDirectory(directory).filter { $0.hasSuffix(".tmp") }.isEmpty)
  }
}

@Test func aFileSystemWithoutDirectIOGetsTheSameBytes() throws {
  // tmpfs refuses O_DIRECT on older kernels (then the writer falls back) and takes it on newer
  // ones; either way the file must be the bytes written.
  guard access("/dev/shm", W_OK) == 0 else { return }
  let path = "/dev/shm/nnkit-direct-\(getpid()).nnm"
  defer { unlink(path) }
  let chunks = [Array(repeating: UInt8(7), count: 5000), Array(0...255)]
  #expect(try writeDirect(chunks, to: path) == chunks.flatMap { $0 })
}

@Test func aLargeModelIsWrittenDirectlyAndReadsBack() throws {
  // Above the threshold: 17M f32 parameters (68 MB).
  let units = 17_000
  let inputs = 1_000
  var model = Model(
    features: (0..<inputs).map { Feature(name: "x\($0)") },
    layers: [
      DenseLayer(
        activation: .identity,
        weights: Tensor(
          shape: [units, inputs],
          storage: .float32((0..<units * inputs).map { Float($0 % 1013) / 64 })),
        biases: Tensor(shape: [units], storage: .float32(Array(repeating: 0.5, count: units))))
    ])
  model.name = "large"
  let path = temporaryDirectory() + "/large.nnm"
  try model.write(to: path)
  #expect(try Model(contentsOf: path) == model)
  #expect(try model.binaryEncoded() == readWholeFile(path))
}
