// The String spelling of paths before `FilePath` (nnkit 0.1) whose label changed, kept for one
// release so that old code gets a warning with the fix. Remove this file in 0.3.
//
// The calls whose label stayed (`Model(contentsOf:)`, `write(to:)`, `ModelReader.read(contentsOf:)`,
// NNInterop's `read(contentsOf:options:)` and `write(_:to:)`) have no String twin: the type
// checker prefers `String` for a string literal even over a disfavoured overload, so a
// deprecated twin would capture `Model(contentsOf: "m.nnm")`. A `String` variable there is a
// compile error whose fix is `FilePath(path)`.

extension MappedModel {
  /// Maps the binary model file at `path`.
  @available(*, deprecated, renamed: "init(contentsOf:)")
  public convenience init(path: String) throws(ModelFileError) {
    try self.init(contentsOf: FilePath(path))
  }
}
