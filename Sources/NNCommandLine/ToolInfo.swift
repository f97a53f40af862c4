/// The name and version the tools report and record in the models they write.
///
/// The version is this one constant; both tools' `--version` and a trained model's provenance
/// read it. The build (commit and compiler) is stamped by `make install`
/// (`scripts/install.sh`), which writes `BuildStamp.generated.swift` next to this file and
/// compiles with `-DNNKIT_BUILD_STAMP`; a plain `swift build` reports them as `unknown`.
public enum ToolInfo {
  /// The toolkit's version, recorded in a trained model's provenance.
  public static let version = "0.1.0"

  #if NNKIT_BUILD_STAMP
    /// The commit the tools were built from (`git describe`), or `unknown`.
    public static let commit = BuildStamp.commit
    /// The compiler that built the tools (`swift --version`'s first line), or `unknown`.
    public static let compiler = BuildStamp.compiler
  #else
    /// The commit the tools were built from (`git describe`), or `unknown`.
    public static let commit = "unknown"
    /// The compiler that built the tools (`swift --version`'s first line), or `unknown`.
    public static let compiler = "unknown"
  #endif

  /// `program`'s version and build, one fact per line: what `--version --verbose` prints.
  public static func verboseVersion(program: String) -> String {
    """
    \(program) \(version)
    commit: \(commit)
    compiler: \(compiler)

    """
  }

  /// The verbose version text when `arguments` (without the program name) are `--version`
  /// and `--verbose` in either order; nil otherwise, so argument-parser handles the rest
  /// (a bare `--version` prints just ``version``).
  public static func verboseVersionRequest(
    program: String, arguments: some Collection<String>
  ) -> String? {
    guard arguments.count == 2, arguments.contains("--version"), arguments.contains("--verbose")
    else { return nil }
    return verboseVersion(program: program)
  }
}
