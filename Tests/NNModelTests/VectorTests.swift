import Glibc
import Testing

@testable import NNModel

/// `formats/vectors` of this checkout.
private let vectorsDirectory: String = {
  // This file is Tests/<Target>/<File>.swift: three levels below the repository.
  let path = #filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(3)
    .joined(separator: "/")
  return path + "/formats/vectors"
}()

private let regenerate = getenv("NNM_WRITE_VECTORS").map { String(cString: $0) } == "1"

/// The sidecar: the code, then the message's place and problem (the description without the
/// bracketed code, which the first line already gives).
private func sidecar(_ error: ModelFileError) -> String {
  let place = [error.offset.map { "byte \($0)" }, error.path].compactMap { $0 }
  let message = (place + [error.problem]).joined(separator: ": ")
  return "code: \(error.code)\nmessage: \(message)\n"
}

private func stem(_ name: String) -> String {
  guard let dot = name.lastIndex(of: ".") else { return name }
  return String(name[..<dot])
}

@Suite(.serialized) struct VectorTests {
  @Test func validVectorsMatchTheCommittedFilesAndRoundTrip() throws {
    for (name, model) in GoldenVectors.valid + GoldenVectors.revisionValid {
      let binary = try model.binaryEncoded()
      let json = Array(try model.jsonEncoded().utf8)
      let binaryPath = "\(vectorsDirectory)/valid/\(name).nnm"
      let jsonPath = "\(vectorsDirectory)/valid/\(name).json"
      if regenerate {
        try AtomicFile.write(binary, to: binaryPath)
        try AtomicFile.write(json, to: jsonPath)
      }
      let committedBinary = try readWholeFile(binaryPath)
      let committedJSON = try readWholeFile(jsonPath)
      #expect(committedBinary == binary, "\(name).nnm differs from the generator")
      #expect(committedJSON == json, "\(name).json differs from the generator")
      // binary -> JSON -> binary is byte-identical; JSON -> binary -> JSON is text-identical.
      let fromBinary = try ModelReader().read(bytes: committedBinary)
      #expect(fromBinary.model == model)
      #expect(try ModelWriter().json(fromBinary.model) == committedJSON)
      let fromJSON = try ModelReader().read(bytes: committedJSON)
      #expect(fromJSON.model == model)
      #expect(try ModelWriter().binary(fromJSON.model) == committedBinary)
      let mapped = try MappedModel(contentsOf: FilePath(binaryPath))
      #expect(try mapped.model() == model)
    }
  }

  @Test func invalidVectorsGiveTheirErrors() throws {
    let generated = GoldenVectors.invalid + GoldenVectors.revisionInvalid
    // Each invalid vector has its own sidecar, so stems are unique.
    #expect(Set(generated.map { stem($0.name) }).count == generated.count)
    for (name, bytes) in generated {
      let path = "\(vectorsDirectory)/invalid/\(name)"
      let sidecarPath = "\(vectorsDirectory)/invalid/\(stem(name)).error"
      guard let error = decodeError(bytes) else {
        Issue.record("\(name) decodes without error")
        continue
      }
      if regenerate {
        try AtomicFile.write(bytes, to: path)
        try AtomicFile.write(Array(sidecar(error).utf8), to: sidecarPath)
      }
      #expect(try readWholeFile(path) == bytes, "\(name) differs from the generator")
      let committed = try readWholeFile(path)
      let expected = String(decoding: try readWholeFile(sidecarPath), as: UTF8.self)
      #expect(decodeError(committed).map(sidecar) == expected, "\(name)")
    }
    // Every committed invalid file has a generator entry (so none goes unchecked).
    let names = Set(generated.map(\.name))
    for file in listDirectory(vectorsDirectory + "/invalid") where !file.hasSuffix(".error") {
      #expect(names.contains(file), "\(file) is not produced by the generator")
    }
  }
}
