import Glibc
import Testing

/// Runs the built `nnrepl` binary through pipes or a real pseudo-terminal.
enum ReplHarness {
  /// The directory holding the binaries: `NNKIT_BIN_DIR` if set, else the built products
  /// (next to the test bundle).
  static var productsDirectory: String {
    if let directory = Harness.installedBinDirectory { return directory }
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    let path = String(
      decoding: buffer.prefix(max(count, 0)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var directory = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
    // The test binary may sit inside `nnkitPackageTests.xctest/…`.
    while directory.contains(".xctest") {
      directory = String(directory[..<(directory.lastIndex(of: "/") ?? directory.endIndex)])
    }
    return directory
  }

  /// The nnrepl binary.
  static var nnrepl: String { productsDirectory + "/nnrepl" }

  /// A fresh temporary directory.
  static func temporaryDirectory() -> String {
    var template = Array("/tmp/nnrepl-e2e-XXXXXX".utf8CString)
    let made = mkdtemp(&template)
    precondition(made != nil, "mkdtemp failed")
    return String(
      decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// Writes `text` to `path`.
  static func write(_ text: String, to path: String) {
    guard let file = fopen(path, "w") else { preconditionFailure("cannot write \(path)") }
    fputs(text, file)
    fclose(file)
  }

  /// The contents of `path`, or nil.
  static func read(_ path: String) -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = fread(&buffer, 1, buffer.count, file)
      if count <= 0 { break }
      bytes += buffer.prefix(count)
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The environment for a child: a private HOME and state directory, no colour unless asked.
  static func environment(home: String, extra: [String: String] = [:]) -> [String] {
    var variables = [
      "HOME": home, "XDG_STATE_HOME": home + "/state", "INPUTRC": "/dev/null",
      "PATH": "/usr/bin:/bin", "TERM": "dumb", "LC_ALL": "C.UTF-8",
    ]
    for (key, value) in extra { variables[key] = value }
    return variables.map { "\($0)=\($1)" }.sorted()
  }

  /// What a finished process did.
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// Runs nnrepl with `arguments`, feeding `input` on a pipe, and collects both outputs.
  static func runPiped(
    _ arguments: [String], input: String, environment: [String]
  ) -> Result {
    var stdinPipe: [Int32] = [0, 0]
    var stdoutPipe: [Int32] = [0, 0]
    var stderrPipe: [Int32] = [0, 0]
    pipe(&stdinPipe)
    pipe(&stdoutPipe)
    pipe(&stderrPipe)
    for descriptor in stdinPipe + stdoutPipe + stderrPipe {
      _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
    posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
    posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
    let pid = spawn(arguments, actions: &actions, attributes: nil, environment: environment)
    posix_spawn_file_actions_destroy(&actions)
    close(stdinPipe[0])
    close(stdoutPipe[1])
    close(stderrPipe[1])
    let bytes = Array(input.utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes {
        Glibc.write(stdinPipe[1], $0.baseAddress, $0.count)
      }
      if written <= 0 { break }
      offset += written
    }
    close(stdinPipe[1])
    var outputs: [[UInt8]] = [[], []]
    var descriptors = [
      pollfd(fd: stdoutPipe[0], events: Int16(POLLIN), revents: 0),
      pollfd(fd: stderrPipe[0], events: Int16(POLLIN), revents: 0),
    ]
    var open = 2
    var buffer = [UInt8](repeating: 0, count: 65536)
    while open > 0 {
      if poll(&descriptors, 2, 60_000) <= 0 { break }
      for index in 0..<2 where descriptors[index].revents != 0 && descriptors[index].fd >= 0 {
        let count = Glibc.read(descriptors[index].fd, &buffer, buffer.count)
        if count > 0 {
          outputs[index] += buffer.prefix(count)
        } else {
          close(descriptors[index].fd)
          descriptors[index].fd = -1
          open -= 1
        }
      }
    }
    return Result(
      status: wait(pid), stdout: String(decoding: outputs[0], as: UTF8.self),
      stderr: String(decoding: outputs[1], as: UTF8.self))
  }

  static func spawn(
    _ arguments: [String], actions: inout posix_spawn_file_actions_t,
    attributes: UnsafePointer<posix_spawnattr_t>?, environment: [String]
  ) -> pid_t {
    let argv = ([nnrepl] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup($0) } + [nil]
    defer {
      for pointer in argv + envp { free(pointer) }
    }
    var pid: pid_t = 0
    let status = posix_spawn(&pid, nnrepl, &actions, attributes, argv, envp)
    precondition(status == 0, "posix_spawn \(nnrepl) failed: \(status)")
    return pid
  }

  /// Waits for `pid` and returns its exit status (128 + signal when killed).
  static func wait(_ pid: pid_t) -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    if status & 0x7F == 0 { return (status >> 8) & 0xFF }
    return 128 + (status & 0x7F)
  }
}

/// nnrepl running on a real pseudo-terminal: what a user at a keyboard sees.
final class TerminalSession {
  let master: Int32
  let pid: pid_t
  private(set) var transcript: [UInt8] = []
  private var consumed = 0
  private var exitStatus: Int32?

  /// Starts nnrepl with `arguments` as the session leader of a new pseudo-terminal; nil (and a
  /// recorded failure) when the system has no pseudo-terminals.
  /// With `standardOutput`, the child's standard output goes to that file instead.
  init?(_ arguments: [String], environment: [String], standardOutput: String? = nil) {
    // posix_openpt, unlockpt and ptsname are not visible to Swift; their Linux ioctls are.
    master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
    guard master >= 0 else {
      Issue.record("cannot open /dev/ptmx: errno \(errno)")
      return nil
    }
    var unlock: Int32 = 0
    _ = ioctl(master, 0x4004_5431, &unlock)  // TIOCSPTLCK
    var number: UInt32 = 0
    _ = ioctl(master, 0x8004_5430, &number)  // TIOCGPTN
    var size = winsize(ws_row: 40, ws_col: 160, ws_xpixel: 0, ws_ypixel: 0)
    _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    let slave = "/dev/pts/\(number)"
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    // After setsid, opening the terminal makes it the child's controlling terminal, so Ctrl-C
    // typed on the master raises SIGINT in the child.
    posix_spawn_file_actions_addopen(&actions, 0, slave, O_RDWR, 0)
    if let standardOutput {
      posix_spawn_file_actions_addopen(
        &actions, 1, standardOutput, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    } else {
      posix_spawn_file_actions_adddup2(&actions, 0, 1)
    }
    posix_spawn_file_actions_adddup2(&actions, 0, 2)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    // POSIX_SPAWN_SETSID | SETSIGMASK | SETSIGDEF: a new session, and SIGINT neither blocked
    // nor ignored whatever the test runner's threads do with it.
    posix_spawnattr_setflags(&attributes, Int16(0x80 | 0x08 | 0x04))
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGINT)
    sigaddset(&defaults, SIGQUIT)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    pid = ReplHarness.spawn(
      arguments, actions: &actions, attributes: &attributes, environment: environment)
    posix_spawn_file_actions_destroy(&actions)
    posix_spawnattr_destroy(&attributes)
  }

  deinit {
    if exitStatus == nil {
      kill(pid, SIGKILL)
      _ = ReplHarness.wait(pid)
    }
    close(master)
  }

  /// Types `text` (use `\r` for Enter, `\u{03}` for Ctrl-C, `\u{04}` for Ctrl-D).
  func type(_ text: String) {
    _ = Array(text.utf8).withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
  }

  /// Everything printed since the last successful ``expect(_:timeout:)``.
  var pending: String {
    String(decoding: transcript[consumed...], as: UTF8.self)
  }

  /// Waits until `text` appears after what earlier expectations consumed; returns whether it
  /// did within `timeout` seconds.
  @discardableResult
  func expect(_ text: String, timeout: Double = 30) -> Bool {
    let needle = Array(text.utf8)
    var waited = 0.0
    while true {
      if let range = find(needle) {
        consumed = range
        return true
      }
      if waited >= timeout { return false }
      var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
      if poll(&descriptor, 1, 100) > 0 {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(master, &buffer, buffer.count)
        if count > 0 {
          transcript += buffer.prefix(count)
        } else {
          return find(needle) != nil
        }
      } else {
        waited += 0.1
      }
    }
  }

  private func find(_ needle: [UInt8]) -> Int? {
    guard transcript.count - consumed >= needle.count else { return nil }
    var start = consumed
    while start + needle.count <= transcript.count {
      if transcript[start..<(start + needle.count)].elementsEqual(needle) {
        return start + needle.count
      }
      start += 1
    }
    return nil
  }

  /// Waits for the process to exit (reading its last output) and returns its exit status.
  func waitForExit(timeout: Double = 30) -> Int32? {
    var waited = 0.0
    while waited < timeout {
      var status: Int32 = 0
      let result = waitpid(pid, &status, WNOHANG)
      if result == pid {
        exitStatus = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return exitStatus
      }
      var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
      if poll(&descriptor, 1, 100) > 0 {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(master, &buffer, buffer.count)
        if count > 0 {
          transcript += buffer.prefix(count)
        } else {
          usleep(10_000)
          waited += 0.01
        }
      } else {
        waited += 0.1
      }
    }
    return nil
  }
}
