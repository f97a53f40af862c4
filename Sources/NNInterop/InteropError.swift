import NNModel

/// Every way reading or writing an ONNX or safetensors file can fail.
///
/// ``description`` is one line naming the place — a byte offset, a graph node, a tensor — and
/// what is wrong, followed by the stable ``code`` in brackets:
/// `node 5 'conv1' (Conv): only dense feed-forward networks can be imported [unsupported-op]`.
public struct InteropError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Where in the file the problem is.
  public enum Place: Sendable, Equatable {
    /// Nowhere in particular (the file as a whole).
    case file
    /// A byte offset from the start of the file.
    case byte(Int)
    /// An ONNX graph node: its index in the file's node list, its name and its operator.
    case node(index: Int, name: String, op: String)
    /// A named tensor (an ONNX initializer or a safetensors entry).
    case tensor(String)
    /// A graph input or output by name.
    case value(String)
  }

  /// A stable identifier for scripts and tests, such as `"truncated"` or `"unsupported-op"`.
  public var code: String
  /// Where.
  public var place: Place
  /// What is wrong, without the place.
  public var problem: String

  /// Creates an error.
  public init(_ code: String, _ place: Place, _ problem: String) {
    self.code = code
    self.place = place
    self.problem = problem
  }

  /// The place, the problem and the code, on one line.
  public var description: String {
    let prefix: String
    switch place {
    case .file: prefix = ""
    case .byte(let offset): prefix = "byte \(offset): "
    case .node(let index, let name, let op):
      let label = name.isEmpty ? "" : " '\(escapedForTerminal(name))'"
      prefix = "node \(index)\(label) (\(escapedForTerminal(op))): "
    case .tensor(let name): prefix = "tensor '\(escapedForTerminal(name))': "
    case .value(let name): prefix = "value '\(escapedForTerminal(name))': "
    }
    return prefix + problem + " [\(code)]"
  }

  /// ``description`` after a file name, as a tool prints it.
  public func message(file: String) -> String { "\(escapedForTerminal(file)): \(description)" }

  /// The byte offset, if the place is one.
  public var offset: Int? {
    if case .byte(let offset) = place { return offset }
    return nil
  }

  /// An error of the `.nnm` layer (the META document, model validation, file I/O) as an
  /// interop error, keeping its code and its place inside the embedded document.
  init(_ error: ModelFileError, inside what: String) {
    if case .io = error {
      self.init(error.code, .file, error.problem)
    } else {
      self.init(error.code, .file, "\(what): \(error.description)")
    }
  }
}
