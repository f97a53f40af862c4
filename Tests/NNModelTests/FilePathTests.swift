import Glibc
import NNTestSupport
import Testing

@testable import NNModel

/// Paths are `FilePath`s: a literal is one, `FilePath(text)` makes one, and errors name the
/// file as `path.string`; the tools' `atPath:` forms keep a path exactly as typed.
@Suite struct FilePathTests {
  @Test func literalsAndFilePathsNameTheSameFile() throws {
    let directory = FilePath(temporaryDirectory())
    let path = directory.appending("m.nnm")
    let model = Fixtures.gender()
    try model.write(to: path)
    #expect(try Model(contentsOf: path) == model)
    #expect(try ModelReader().read(contentsOf: path).encoding == .binary)
    #expect(try MappedModel(contentsOf: path).path == path)
    try AtomicWrite.write(
      try model.jsonEncoded().utf8.map { $0 }, to: directory.appending("j.json"))
    #expect(try Model(contentsOf: FilePath(directory.string + "/j.json")) == model)
  }

  @Test func errorsNameTheFileAsItsString() throws {
    let missing = FilePath(temporaryDirectory()).appending("none.nnm")
    #expect(throws: ModelFileError.io(path: missing.string, operation: "open", errno: ENOENT)) {
      try Model(contentsOf: missing)
    }
    #expect(throws: ModelFileError.io(path: missing.string, operation: "open", errno: ENOENT)) {
      try MappedModel(contentsOf: missing)
    }
    let error = ModelFileError.io(path: missing.string, operation: "open", errno: ENOENT)
    #expect(
      error.message(file: missing.string).hasSuffix(
        "none.nnm: cannot open: No such file or directory (errno 2) [io]"))
  }

  @Test func theToolsFormsKeepThePathAsTyped() throws {
    // FilePath coalesces "//" and drops a trailing "/"; a tool's argument is opened as typed,
    // so "m.nnm/" stays an error (not a directory) and messages repeat the argument.
    let directory = temporaryDirectory()
    try Fixtures.gender().write(to: FilePath(directory + "/m.nnm"))
    #expect(FilePath(directory + "//m.nnm/").string == directory + "/m.nnm")
    #expect(
      throws: ModelFileError.io(path: directory + "/m.nnm/", operation: "open", errno: ENOTDIR)
    ) {
      try ModelReader().readBytes(atPath: directory + "/m.nnm/")
    }
    let typed = directory + "//m.nnm"
    #expect(try ModelReader().readBytes(atPath: typed) == Fixtures.gender().binaryEncoded())
    // The writer names its temporary file beside the path, in the directory as typed.
    #expect {
      try ModelWriter().write(Fixtures.gender(), atPath: directory + "//none/m.nnm")
    } throws: { error in
      guard case .io(let path, _, let code) = error as? ModelFileError else { return false }
      return path.hasPrefix(directory + "//none/.m.nnm.") && code == ENOENT
    }
  }
}
