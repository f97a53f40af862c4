import NNCommandLine

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The terminal's width in columns: the window size standard output's terminal reports
/// (so `:plot` follows a resized window), else `COLUMNS`, else 80.
func terminalColumns() -> Int {
  var size = winsize()
  if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0,
    size.ws_col > 0
  {
    return max(20, min(500, Int(size.ws_col)))
  }
  return Terminal.current.width
}
