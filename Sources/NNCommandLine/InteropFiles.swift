import NNInterop
import NNModel

/// The formats of other toolkits that both tools read and write.
public enum InteropFormat: String, Sendable, CaseIterable {
  /// An ONNX model (`.onnx`).
  case onnx
  /// A safetensors file (`.safetensors`).
  case safetensors

  /// The format a path's extension names, if any.
  public static func forPath(_ path: String) -> InteropFormat? {
    let lower = path.lowercased()
    if lower.hasSuffix(".onnx") { return .onnx }
    if lower.hasSuffix(".safetensors") { return .safetensors }
    return nil
  }

  /// The format of a file's bytes: safetensors when byte 8 opens its JSON header, else ONNX.
  public static func sniff(_ bytes: [UInt8]) -> InteropFormat {
    bytes.count > 8 && bytes[8] == UInt8(ascii: "{") ? .safetensors : .onnx
  }
}

/// Importing and exporting with `NNInterop`, turning its errors into ``ToolError``s: bad data
/// is status 65 (the message names the byte, node or tensor and ends with the error code), an
/// unreadable file 66, an unwritable one 73.
public enum InteropFiles {
  /// Reads an ONNX or safetensors file (format from `format`, else the extension, else the
  /// content) into a valid model, with the reader's notes.
  public static func read(
    path: String, format: InteropFormat? = nil, options: ImportOptions = ImportOptions()
  ) throws(ToolError) -> ImportedModel {
    let bytes = try FileAccess.readAll(path: path)
    let format = format ?? InteropFormat.forPath(path) ?? InteropFormat.sniff(bytes)
    do {
      switch format {
      case .onnx: return try ONNX.read(bytes: bytes, options: options)
      case .safetensors: return try Safetensors.read(bytes: bytes, options: options)
      }
    } catch {
      throw ToolError.data(error.message(file: path))
    }
  }

  /// Writes `model` atomically in `format`.
  public static func write(_ model: Model, to path: String, format: InteropFormat)
    throws(ToolError)
  {
    do {
      switch format {
      case .onnx: try ONNX.write(model, atPath: path)
      case .safetensors: try Safetensors.write(model, atPath: path)
      }
    } catch {
      if error.code == "io" { throw ToolError.cannotCreate(error.message(file: path)) }
      throw ToolError.data(error.message(file: path))
    }
  }

  /// Whether a path names a file to import rather than a `.nnm` model (by its extension).
  public static func isForeign(_ path: String) -> Bool { InteropFormat.forPath(path) != nil }
}

extension ImportOptions {
  /// Options from command-line text, as `nntool import` and `nnrepl` take them: comma lists
  /// for `features`, `units` and `labels`; names for `task` and the activations. A bad value
  /// is a usage error (status 64).
  public static func parse(
    features: String? = nil, units: String? = nil, labels: String? = nil, task: String? = nil,
    threshold: Double? = nil, activation: String? = nil, outputActivation: String? = nil
  ) throws(ToolError) -> ImportOptions {
    func list(_ text: String?) -> [String]? {
      text.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }
    func activationNamed(_ name: String?, option: String) throws(ToolError) -> Activation? {
      guard let name else { return nil }
      guard let value = Activation(rawValue: name) else {
        let names = Activation.allCases.map(\.rawValue).joined(separator: ", ")
        throw ToolError.usage("\(option) \(jsonStringLiteral(name)): one of \(names)")
      }
      return value
    }
    var parsedTask: ImportOptions.Kind?
    if let task {
      guard let value = ImportOptions.Kind(rawValue: task) else {
        throw ToolError.usage(
          "--task \(jsonStringLiteral(task)): one of regression, binary, multiclass")
      }
      parsedTask = value
    }
    if let threshold, !threshold.isFinite {
      throw ToolError.usage("--threshold must be a finite number")
    }
    return ImportOptions(
      features: list(features), units: list(units), labels: list(labels), task: parsedTask,
      threshold: threshold,
      activation: try activationNamed(activation, option: "--activation"),
      outputActivation: try activationNamed(outputActivation, option: "--output-activation"))
  }
}
