import Glibc
import NNModel
import Testing

@testable import NNRepl

/// A fresh temporary directory.
private func temporaryDirectory() -> String {
  var template = Array("/tmp/nnrepl-test-XXXXXX".utf8CString)
  let made = mkdtemp(&template)
  precondition(made != nil)
  return String(
    decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// The first bytes of the file at `path`.
private func prefix(of path: String, count: Int = 8) -> [UInt8] {
  guard let file = fopen(path, "r") else { return [] }
  defer { fclose(file) }
  var buffer = [UInt8](repeating: 0, count: count)
  let read = fread(&buffer, 1, count, file)
  return Array(buffer.prefix(read))
}

@Suite struct FileTests {
  @Test func saveChoosesTheEncodingByExtensionOrFlag() throws {
    let directory = temporaryDirectory()
    let (session, output) = try Fixtures.session(Fixtures.zeroOne)
    #expect(session.run(":save", in: output).2 == "error: no file to save to: :save PATH\n")
    _ = session.run(":set w1 0.25", in: output)
    #expect(session.hasUnsavedChanges)
    let json = directory + "/model.json"
    #expect(session.run(":save \(json)", in: output).1 == "saved \(json) (json, 9 parameters)\n")
    #expect(!session.hasUnsavedChanges)
    #expect(prefix(of: json, count: 1) == Array("{".utf8))
    let binary = directory + "/model.nnm"
    #expect(
      session.run(":save \(binary)", in: output).1 == "saved \(binary) (binary, 9 parameters)\n")
    #expect(prefix(of: binary) == [0x89, 0x4E, 0x4E, 0x4D, 0x0D, 0x0A, 0x1A, 0x0A])
    let forced = directory + "/forced.nnm"
    #expect(session.run(":save \(forced) --json", in: output).1.contains("(json,"))
    #expect(prefix(of: forced, count: 1) == Array("{".utf8))
    // A later :save goes to the last file, in its encoding.
    _ = session.run(":set w1 0.5", in: output)
    #expect(session.run(":save", in: output).1 == "saved \(forced) (json, 9 parameters)\n")
    let reread = try Session.read(forced).model
    #expect(reread.layers[0].weights.doubles == [0.5, 1, 0, 1])
  }

  @Test func aFailedSaveLeavesNothingBehind() throws {
    let directory = temporaryDirectory()
    let (session, output) = try Fixtures.session(Fixtures.zeroOne)
    _ = session.run(":set w1 3", in: output)
    let path = directory + "/missing/model.nnm"
    let (outcome, _, errors) = session.run(":save \(path)", in: output)
    #expect(outcome == .failure)
    #expect(errors.hasPrefix("error: \(path): "))
    #expect(errors.filter { $0 == "\n" }.count == 1)
    #expect(session.hasUnsavedChanges)
    #expect(fopen(path, "r") == nil)
  }

  @Test func loadReplacesTheModelAndUndoGoesBack() throws {
    let directory = temporaryDirectory()
    let other = directory + "/ones.nnm"
    try Fixtures.allOnesRaw.write(to: FilePath(other))
    let (session, output) = try Fixtures.session(Fixtures.zeroOne)
    _ = session.run(":set w1 2", in: output)
    let loaded = session.run(":load \(other)", in: output).1
    #expect(
      loaded
        == "loaded \(other) (binary): 2 → 2 sigmoid → 1 sigmoid; :undo returns to the previous"
        + " model and its unsaved changes\n")
    #expect(!session.hasUnsavedChanges)
    #expect(session.run("133 65", in: output).1 == "0.52370 → F\n")
    #expect(session.run(":undo", in: output).1 == "undid :load \(other)\n")
    #expect(session.hasUnsavedChanges)
    #expect(session.modelPath == nil)
    #expect(session.run(":weights 1", in: output).1.contains("w1 = 2.00000"))
    #expect(session.run(":redo", in: output).0 == .success)
    #expect(session.modelPath == other)
    #expect(!session.hasUnsavedChanges)
    let missing = session.run(":load \(directory)/nope.nnm", in: output)
    #expect(missing.0 == .failure)
    #expect(missing.2.hasPrefix("error: \(directory)/nope.nnm: "))
  }
}

@Suite struct DataFileTests {
  @Test func dataLoadAddsTheRowsOfACSVFile() throws {
    let directory = temporaryDirectory()
    let path = directory + "/people.csv"
    let file = fopen(path, "w")!
    fputs("name,weight,height,gender\nAlice,133,65,F\nBob,160,72,M\n", file)
    fclose(file)
    let (session, output) = try Fixtures.session(Fixtures.allOnesRaw)
    let missing = session.run(":data load \(path)", in: output)
    #expect(missing.2 == "error: which column is the target? :data load \(path) target COLUMN\n")
    #expect(
      session.run(":data load \(path) target gender", in: output).1
        == "added 2 samples from \(path) (2 in all)\n")
    #expect(
      session.samples == [
        Sample(inputs: [133, 65], target: [1]), Sample(inputs: [160, 72], target: [0]),
      ])
    let bad = session.run(":data load \(path) target name", in: output)
    #expect(bad.0 == .failure)
    #expect(bad.2.contains("\"Alice\" is not one of the model's labels"))
    #expect(session.samples.count == 2)
  }

  @Test func dataLoadTakesADelimiterAndRefusesEndlessInput() throws {
    let directory = temporaryDirectory()
    let path = directory + "/people.csv"
    let file = fopen(path, "w")!
    fputs("name;weight;height;gender\nAlice;133;65;F\n", file)
    fclose(file)
    let (session, output) = try Fixtures.session(Fixtures.allOnesRaw)
    let hint = session.run(":data load \(path) target gender", in: output)
    #expect(hint.2.hasSuffix("try --delimiter ';' [csv-delimiter]\n"))
    #expect(
      session.run(":data load \(path) target gender delimiter ;", in: output).1
        == "added 1 sample from \(path) (1 in all)\n")
    // An endless device stops at the record cap, and the session goes on.
    let endless = session.run(":data load /dev/zero target gender", in: output)
    #expect(endless.0 == .failure)
    #expect(endless.2.hasSuffix("[csv-record-too-long]\n"))
    #expect(endless.2.hasPrefix("error: /dev/zero:1: column 1: the record is longer than"))
    #expect(session.samples.count == 1)
  }
}
