import Glibc
import NNTestSupport
import Testing

@testable import NNModel

/// A fresh empty directory under /tmp.
func temporaryDirectory() -> String {
  var template = Array("/tmp/nnmodel-tests-XXXXXX".utf8CString)
  guard let path = mkdtemp(&template) else { preconditionFailure("mkdtemp failed") }
  return String(cString: path)
}

/// The names in `directory`, sorted.
func listDirectory(_ directory: String) -> [String] {
  guard let dir = opendir(directory) else { return [] }
  defer { closedir(dir) }
  var names: [String] = []
  while let entry = readdir(dir) {
    let name = withUnsafePointer(to: entry.pointee.d_name) { field in
      field.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: field.pointee)) {
        String(cString: $0)
      }
    }
    if name != "." && name != ".." { names.append(name) }
  }
  return names.sorted()
}

@Suite(.serialized) struct FileTests {
  @Test func writeThenReadBothEncodings() throws {
    let directory = temporaryDirectory()
    let model = Fixtures.gender()
    try model.write(to: FilePath(directory + "/m.nnm"))
    try model.write(to: FilePath(directory + "/m.json"), encoding: .json)
    #expect(try Model(contentsOf: FilePath(directory + "/m.nnm")) == model)
    let file = try ModelReader().read(contentsOf: FilePath(directory + "/m.json"))
    #expect(file.model == model)
    #expect(file.encoding == .json)
    #expect(listDirectory(directory) == ["m.json", "m.nnm"])
    // Overwrite in place: the new content replaces the old.
    var changed = model
    changed.name = "changed"
    try changed.write(to: FilePath(directory + "/m.nnm"))
    #expect(try Model(contentsOf: FilePath(directory + "/m.nnm")).name == "changed")
    #expect(listDirectory(directory) == ["m.json", "m.nnm"])
  }

  @Test func failedWriteLeavesOldFileAndNoTemporary() throws {
    let directory = temporaryDirectory()
    let path = directory + "/m.nnm"
    let model = Fixtures.gender()
    try model.write(to: FilePath(path))
    let before = try readWholeFile(path)
    var changed = model
    changed.name = "changed"
    let bytes = try changed.binaryEncoded()
    #expect(throws: ModelFileError.io(path: path, operation: "rename", errno: EIO)) {
      try AtomicFile.write(bytes, to: path, failBeforeRename: true)
    }
    #expect(try readWholeFile(path) == before)
    #expect(listDirectory(directory) == ["m.nnm"])
  }

  @Test func failureWhileProducingRemovesTheTemporaryFile() throws {
    let directory = temporaryDirectory()
    let path = directory + "/m.nnm"
    try Fixtures.gender().write(to: FilePath(path))
    let before = try readWholeFile(path)
    let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 10, alignment: 1)
    defer { chunk.deallocate() }
    chunk.initializeMemory(as: UInt8.self, repeating: 7)
    #expect(throws: ModelFileError.io(path: "x", operation: "write", errno: ENOSPC)) {
      try AtomicFile.write(to: path) { sink throws(ModelFileError) in
        try sink.write(UnsafeRawBufferPointer(chunk))
        throw .io(path: "x", operation: "write", errno: ENOSPC)
      }
    }
    #expect(try readWholeFile(path) == before)
    #expect(listDirectory(directory) == ["m.nnm"])
  }

  @Test func streamedWriteEqualsInMemoryEncoding() throws {
    let directory = temporaryDirectory()
    var model = Fixtures.multiclass()
    model.extraSections = [
      OpaqueSection(type: NNMFormat.fourCC("XTRA"), isRequired: false, payload: [9, 8, 7])
    ]
    try model.write(to: FilePath(directory + "/m.nnm"))
    #expect(try readWholeFile(directory + "/m.nnm") == model.binaryEncoded())
  }

  @Test func writeIntoMissingDirectoryFailsCleanly() {
    #expect {
      try Fixtures.gender().write(to: "/nonexistent-dir-for-tests/m.nnm")
    } throws: { error in
      guard case .io(_, "create", let code) = error as? ModelFileError else { return false }
      return code == ENOENT
    }
  }

  @Test func invalidModelIsNotWritten() {
    let directory = temporaryDirectory()
    var model = Fixtures.gender()
    model.features[0].normalization.scale = 0
    #expect(
      throws: ModelFileError.invalidField(
        offset: nil, path: "$.features[0].normalization.scale",
        problem: "must be finite and not zero")
    ) {
      try model.write(to: FilePath(directory + "/m.nnm"))
    }
    #expect(listDirectory(directory).isEmpty)
  }

  @Test func missingFileErrorNamesPath() {
    #expect(throws: ModelFileError.io(path: "/nonexistent.nnm", operation: "open", errno: ENOENT)) {
      try Model(contentsOf: "/nonexistent.nnm")
    }
  }
}

@Test func timestampsAreRFC3339UTC() {
  #expect(Provenance.rfc3339(seconds: 0) == "1970-01-01T00:00:00Z")
  #expect(Provenance.rfc3339(seconds: 1_767_225_600) == "2026-01-01T00:00:00Z")
  #expect(Provenance.rfc3339(seconds: 951_827_696) == "2000-02-29T12:34:56Z")
}

@Test func ioErrorMessageNamesTheFileOnce() {
  let error = ModelFileError.io(path: "m.nnm", operation: "open", errno: ENOENT)
  #expect(
    error.message(file: "m.nnm") == "m.nnm: cannot open: No such file or directory (errno 2) [io]")
  #expect(error.description == "cannot open m.nnm: No such file or directory (errno 2) [io]")
  #expect(
    ModelFileError.empty.message(file: "bad\u{1B}[31m.nnm")
      == "bad\\u{1B}[31m.nnm: the input is empty [empty]")
}

@Test func largeFilesLoadThroughAMappingWithTheSameResult() throws {
  let directory = temporaryDirectory()
  let units = 4200  // 4200 x 1000 f32 weights: about 16.8 MB, above the mapping threshold
  let weights = (0..<(units * 1000)).map { Float($0 % 977) / 977 }
  let model = Model(
    features: (0..<1000).map { Feature(name: "x\($0)") },
    layers: [
      DenseLayer(
        activation: .identity, weights: Tensor(shape: [units, 1000], storage: .float32(weights)),
        biases: Tensor(shape: [units], storage: .float32(Array(repeating: 0.5, count: units))))
    ])
  let path = directory + "/big.nnm"
  try model.write(to: FilePath(path))
  #expect(try FileMapping(path: path, minimumSize: 16 << 20) != nil)
  #expect(try Model(contentsOf: FilePath(path)) == model)
  // Damage is still found through the mapping.
  var bytes = try readWholeFile(path)
  bytes[bytes.count - 100] ^= 4
  try AtomicFile.write(bytes, to: path)
  #expect { try Model(contentsOf: FilePath(path)) } throws: {
    ($0 as? ModelFileError)?.code == "section-checksum"
  }
}

@Test func endlessDevicesAreReadOnlyUpToALimit() {
  #expect {
    try readWholeFile("/dev/zero", streamLimit: 1 << 20)
  } throws: { error in
    guard case .limitExceeded(_, _, _, let limit, let found) = error as? ModelFileError else {
      return false
    }
    return limit == 1 << 20 && found > limit && found <= limit + 65_536
  }
}
