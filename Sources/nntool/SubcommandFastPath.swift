import ArgumentParser

/// `nntool SUBCOMMAND ARGUMENTS…` parsed with the subcommand as the root command.
///
/// Parsing from `NNTool` first walks the whole command tree (every subcommand's arguments are
/// reflected to look for completion requests and pass-through arguments): about 1.9 ms, half
/// the CPU time of a whole `nntool train` on the tutorial's data (`docs/benchmarks.md`, W1).
/// The subcommand alone reflects only its own arguments. Only a clean parse is taken: help,
/// `--version`, completion requests and every error return nil, and `NNTool.parseAsRoot()`
/// parses again and prints exactly what it always printed. Requests for help, the version,
/// completions or the help dump never take this path: a help screen printed after a subcommand
/// was parsed as a root would name it without `nntool`.
enum SubcommandFastPath {
  /// An array, not a `Set`: building a set of strings at start cost more than the lookups.
  static let rootRequests = [
    "-h", "--help", "help", "--version", "--generate-completion-script",
    "--experimental-dump-help",
  ]

  static func parse(_ arguments: ArraySlice<String>) -> ParsableCommand? {
    guard let name = arguments.first,
      let subcommand = NNTool.configuration.subcommands.first(where: { $0._commandName == name }),
      !arguments.contains(where: {
        rootRequests.contains($0) || $0.hasPrefix("--generate-completion-script=")
          || $0.hasPrefix("---")
      })
    else { return nil }
    return try? subcommand.parseAsRoot(Array(arguments.dropFirst()))
  }
}
