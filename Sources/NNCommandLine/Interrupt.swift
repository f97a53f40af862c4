import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

private let interruptCount = Atomic<Int>(0)

/// Ctrl-C handling for long-running commands.
///
/// ``install()`` replaces the default SIGINT action (kill the process) with a handler that only
/// counts; the training loop polls ``requested`` after each epoch and stops cleanly. A second
/// Ctrl-C restores the default action, so a third one kills the process outright.
public enum Interrupt {
  /// Starts counting SIGINT instead of dying from it.
  ///
  /// SIGINT is also unblocked: a parent may start the tool with it blocked (some process
  /// launchers leave the launching thread's mask in place), and a blocked Ctrl-C would never
  /// reach the handler.
  public static func install() {
    signal(SIGINT, handleInterrupt)
    var mask = sigset_t()
    sigemptyset(&mask)
    sigaddset(&mask, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &mask, nil)
  }

  /// Restores the default SIGINT action.
  public static func uninstall() {
    signal(SIGINT, SIG_DFL)
  }

  /// Whether Ctrl-C was pressed since ``install()``.
  public static var requested: Bool { interruptCount.load(ordering: .relaxed) > 0 }

  /// Behaves as if Ctrl-C had been pressed (for tests).
  public static func simulate() {
    interruptCount.add(1, ordering: .relaxed)
  }

  /// Forgets earlier interrupts.
  public static func reset() {
    interruptCount.store(0, ordering: .relaxed)
  }
}

private func handleInterrupt(_ signal: Int32) {
  let (count, _) = interruptCount.add(1, ordering: .relaxed)
  if count >= 2 {
    _ = Glibc.signal(SIGINT, SIG_DFL)
  }
}
