import Glibc
import NNTestSupport
import Testing

@testable import NNModel

// `formats/vectors/accepted/`: JSON files that are not canonical (so they have no twin in
// `valid/`) but that every reader must accept, each for a rule of the spec's 1.1 revision.
// Built in code like the other vectors; `NNM_WRITE_VECTORS=1` rewrites them.

private let acceptedDirectory: String = {
  // This file is Tests/<Target>/<File>.swift: three levels below the repository.
  let path = #filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(3)
    .joined(separator: "/")
  return path + "/formats/vectors/accepted"
}()

extension GoldenVectors {
  /// Accepted inputs by file name, with what each must decode to.
  static var revisionAccepted: [(name: String, bytes: [UInt8], check: (Model) -> Bool)] {
    let text = Fixtures.json(Fixtures.gender(.float32))
    func json(_ target: String, _ replacement: String) -> [UInt8] {
      precondition(text.contains(target), target)
      return Array(text.replacing(target, with: replacement).utf8)
    }
    func weights(_ model: Model) -> [Float] {
      guard case .float32(let values) = model.layers[1].weights.storage else { return [] }
      return values
    }
    return [
      // 7: just below the rounding boundary of the largest f32 (it rounds down to it), and
      // values that underflow to zero (the sign kept) or round up to the smallest subnormal.
      (
        "f32-boundaries.json",
        json("\"data\": [1.0, 2.0]", "\"data\": [3.4028235677973e+38, 1e-50]"),
        { weights($0) == [Float.greatestFiniteMagnitude, 0] }
      ),
      (
        "f32-underflow.json", json("\"data\": [1.0, 2.0]", "\"data\": [-1e-50, 8e-46]"),
        { weights($0).map(\.bitPattern) == [(-0.0 as Float).bitPattern, 1] }
      ),
      // 11: a newer minor version with keys this reader does not know: read, keys skipped.
      (
        "newer-minor-new-keys.json",
        json("\"version\": \"1.0\"", "\"version\": \"1.999\",\n  \"future\": {\"x\": [1, 2]}"),
        { $0.name == "gender" }
      ),
    ]
  }
}

@Test func acceptedVectorsDecode() throws {
  let regenerate = getenv("NNM_WRITE_VECTORS").map { String(cString: $0) } == "1"
  if regenerate { mkdir(acceptedDirectory, 0o755) }
  for (name, bytes, check) in GoldenVectors.revisionAccepted {
    let path = acceptedDirectory + "/" + name
    if regenerate { try AtomicFile.write(bytes, to: path) }
    let committed = try readWholeFile(path)
    #expect(committed == bytes, "\(name) differs from the generator")
    let model = try ModelReader().read(bytes: committed).model
    #expect(check(model), "\(name)")
  }
}
