import Glibc
import NNTestSupport
import Testing

@testable import NNModel

// Atomic writes against what a killed writer leaves behind, and against targets that are not
// regular files.

@Test func staleTemporariesOfDeadWritersAreRemoved() throws {
  let directory = temporaryDirectory()
  let path = directory + "/m.nnm"
  // PID 2147483646 is above any pid_max, so never running; the parent of this test is.
  let stale = directory + "/.m.nnm.2147483646.k3x9.tmp"
  let live = directory + "/.m.nnm.\(getppid()).k3x9.tmp"
  let other = directory + "/.other.nnm.2147483646.k3x9.tmp"
  for file in [stale, live, other] { try AtomicFile.write([1], to: file) }
  try Fixtures.gender().write(to: FilePath(path))
  #expect(
    listDirectory(directory) == [
      ".m.nnm.\(getppid()).k3x9.tmp", ".other.nnm.2147483646.k3x9.tmp", "m.nnm",
    ])
  #expect(try Model(contentsOf: FilePath(path)) == Fixtures.gender())
}

@Test func devicesAreWrittenInPlaceNeverReplaced() throws {
  // Renaming a temporary file over /dev/full would replace the device node (as root).
  #expect(throws: ModelFileError.io(path: "/dev/full", operation: "write", errno: ENOSPC)) {
    try Fixtures.gender().write(to: "/dev/full")
  }
  var info = stat()
  #expect(stat("/dev/full", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
  try Fixtures.gender().write(to: "/dev/null")
  #expect(stat("/dev/null", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
}
