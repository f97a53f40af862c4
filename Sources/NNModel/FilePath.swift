import SystemPackage

/// A file path: swift-system's `FilePath`, the one spelling of paths in nnkit's libraries
/// (`Model(contentsOf:)`, `Model.write(to:encoding:)`, `MappedModel(contentsOf:)`, NNInterop's
/// `read(contentsOf:options:)` and `write(_:to:)`).
///
/// A string literal is a `FilePath` (`Model(contentsOf: "gender.nnm")`); a `String` becomes
/// one with `FilePath(text)`. Declared here so that `import NNModel` is enough to name it.
/// `FilePath` coalesces repeated separators and drops a trailing one (`"a//b/"` is `a/b`);
/// the library opens `path.string` and names it so in errors (`ModelFileError.io`).
public typealias FilePath = SystemPackage.FilePath
