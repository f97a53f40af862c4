import Foundation
import Testing

/// What a run of a tool printed and how it exited.
struct RunResult {
  var status: Int32
  var stdout: String
  var stderr: String
}

/// Runs the built tools in scratch directories.
///
/// The binaries are found in `NNKIT_BIN_DIR` when it is set (CI points it at an installed
/// prefix's `bin`, so the installed tools are what is tested), else next to the running test
/// executable (SwiftPM builds the test target's executable dependencies into the same products
/// directory); `NNTOOL_PATH` names the nntool binary alone.
enum Harness {
  /// `NNKIT_BIN_DIR`: a directory holding the `nntool` and `nnrepl` to test, if set.
  static let installedBinDirectory: String? = {
    guard let directory = ProcessInfo.processInfo.environment["NNKIT_BIN_DIR"],
      !directory.isEmpty
    else { return nil }
    return directory
  }()

  static let productsDirectory: URL = {
    let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var directory = executable.deletingLastPathComponent()
    // On Linux the test runner is `…/debug/nnkitPackageTests.xctest`; elsewhere it may sit
    // inside a bundle.
    while !FileManager.default.isExecutableFile(
      atPath: directory.appendingPathComponent("nntool").path),
      directory.pathComponents.count > 1
    {
      directory = directory.deletingLastPathComponent()
    }
    return directory
  }()

  static var nntoolPath: String {
    if let path = ProcessInfo.processInfo.environment["NNTOOL_PATH"] { return path }
    if let directory = installedBinDirectory { return directory + "/nntool" }
    let candidate = productsDirectory.appendingPathComponent("nntool").path
    if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    // Fall back to the package's default build directory.
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    return root.appendingPathComponent(".build/debug/nntool").path
  }

  /// A new empty directory.
  static func scratchDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "nntool-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Runs `nntool arguments` in `directory`, feeding `stdin`, with `environment` added and
  /// `NO_COLOR`, `SOURCE_DATE_EPOCH` and `COLUMNS` removed unless given.
  static func nntool(
    _ arguments: [String], in directory: URL, stdin: String? = nil,
    environment: [String: String] = [:]
  ) throws -> RunResult {
    let process = try start(arguments, in: directory, stdin: stdin, environment: environment)
    process.process.waitUntilExit()
    return try process.finish()
  }

  /// A started process whose output goes to files.
  struct Running {
    var process: Process
    var stdoutURL: URL
    var stderrURL: URL

    func finish() throws -> RunResult {
      process.waitUntilExit()
      let out = try String(contentsOf: stdoutURL, encoding: .utf8)
      let err = try String(contentsOf: stderrURL, encoding: .utf8)
      try? FileManager.default.removeItem(at: stdoutURL)
      try? FileManager.default.removeItem(at: stderrURL)
      return RunResult(status: process.terminationStatus, stdout: out, stderr: err)
    }

    func stderrSoFar() -> String {
      (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
    }
  }

  static func start(
    _ arguments: [String], in directory: URL, stdin: String? = nil,
    environment: [String: String] = [:]
  ) throws -> Running {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: nntoolPath)
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var env = ProcessInfo.processInfo.environment
    for name in ["NO_COLOR", "SOURCE_DATE_EPOCH", "COLUMNS"] { env.removeValue(forKey: name) }
    env.merge(environment) { $1 }
    process.environment = env
    let id = UUID().uuidString
    let stdoutURL = directory.appendingPathComponent(".stdout-\(id)")
    let stderrURL = directory.appendingPathComponent(".stderr-\(id)")
    _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
    process.standardError = try FileHandle(forWritingTo: stderrURL)
    let input = Pipe()
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    return Running(process: process, stdoutURL: stdoutURL, stderrURL: stderrURL)
  }

  /// Writes `text` to `name` in `directory`.
  @discardableResult
  static func write(_ text: String, to name: String, in directory: URL) throws -> URL {
    let url = directory.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url
  }

  /// The bytes of `name` in `directory`.
  static func bytes(_ name: String, in directory: URL) throws -> Data {
    try Data(contentsOf: directory.appendingPathComponent(name))
  }

  /// Parses a JSON document printed by a tool.
  static func json(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
  }
}

/// The tutorial's table in raw units.
let peopleCSV = """
  Name,Weight,Height,Gender
  Alice,133,65,F
  Bob,160,72,M
  Charlie,152,70,M
  Diana,120,60,F

  """

/// SHA-256 of `peopleCSV`'s bytes (from `sha256sum`).
let peopleSHA256 = "17caf147562fa79398ece901c6b9c028b44bec8bd3b0edac4309379f30d10ffa"

/// The tutorial's settings, raw data normalized by shifting by the mean.
let tutorialTraining = [
  "train", "--data", "people.csv", "--target", "Gender", "--hidden", "2", "--activation",
  "sigmoid", "--loss", "mse", "--optimizer", "sgd", "--lr", "0.1", "--epochs", "1000",
  "--batch-size", "1", "--positive", "F", "--seed", "7",
]
