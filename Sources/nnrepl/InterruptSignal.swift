import Glibc
import Synchronization

/// Set by the SIGINT handler; read and cleared by the main loop.
private let interruptRequested = Atomic<Bool>(false)

/// The self-pipe: the SIGINT handler writes a byte so `poll` wakes up at once.
nonisolated(unsafe) private var interruptPipe: (read: Int32, write: Int32) = (-1, -1)

/// Ctrl-C handling for the interactive front.
///
/// A signal handler may only do async-signal-safe things, so it sets an atomic flag and writes
/// one byte to a pipe. The main loop polls that pipe next to standard input (Ctrl-C at the
/// prompt clears the line), and training asks ``isPending`` between epochs (Ctrl-C during
/// `:fit` stops it).
enum InterruptSignal {
  /// Creates the pipe and installs the handler.
  static func install() {
    var descriptors: [Int32] = [0, 0]
    guard pipe(&descriptors) == 0 else { return }
    for descriptor in descriptors {
      _ = fcntl(descriptor, F_SETFL, O_NONBLOCK)
      _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
    }
    interruptPipe = (descriptors[0], descriptors[1])
    _ = interruptRequested.load(ordering: .relaxed)
    // A parent may have left SIGINT blocked; Ctrl-C must reach this process.
    var interrupt = sigset_t()
    sigemptyset(&interrupt)
    sigaddset(&interrupt, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
    signal(SIGINT) { _ in
      let savedErrno = errno
      interruptRequested.store(true, ordering: .relaxed)
      var byte: UInt8 = 1
      _ = write(interruptPipe.write, &byte, 1)
      errno = savedErrno
    }
  }

  /// The descriptor to poll for interrupts.
  static var descriptor: Int32 { interruptPipe.read }

  /// Whether Ctrl-C was pressed since the last ``consume()``.
  static var isPending: Bool { interruptRequested.load(ordering: .relaxed) }

  /// Clears the flag and drains the pipe; returns whether Ctrl-C had been pressed.
  @discardableResult
  static func consume() -> Bool {
    var buffer = [UInt8](repeating: 0, count: 64)
    while read(interruptPipe.read, &buffer, buffer.count) > 0 {}
    return interruptRequested.exchange(false, ordering: .relaxed)
  }
}
