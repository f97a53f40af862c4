import NNModel

/// Reading and writing safetensors files (https://github.com/huggingface/safetensors): an
/// 8-byte little-endian header length `N`, `N` bytes of JSON — `{name: {dtype, shape,
/// data_offsets}}` and an optional `__metadata__` map of strings — padded with spaces to a
/// multiple of 8, then the tensors' bytes, contiguous, in the order of their offsets.
///
/// nnkit names a model's tensors as the `state_dict` of the PyTorch module
/// `nn.Sequential(nn.Linear(…), activation, nn.Linear(…), …)`, where each layer is a `Linear`
/// followed by its activation module unless the activation is the identity: `0.weight`
/// `[out, in]`, `0.bias` `[out]`, then `2.weight` after a `Sigmoid` at index 1, and so on. A
/// model with output normalization (format 1.1) ends with one more `nn.Linear(out, out)`, the
/// affine map `y = y′ · scale + shift` as a module: weight `diag(scale)`, bias `shift`.
public enum Safetensors {
  /// The largest header this reader accepts (the reference implementation's limit).
  public static let maxHeaderBytes = 100_000_000
  /// The `__metadata__` key holding the model's META document.
  public static let metaKey = ONNXFormat.metaKey
  /// The `__metadata__` key holding the PyTorch module the tensors belong to, as Python text.
  public static let moduleKey = "nnkit.pytorch"

  /// The Sequential index of each layer's `Linear` module.
  public static func linearIndices(_ activations: [Activation]) -> [Int] {
    var index = 0
    var result: [Int] = []
    for activation in activations {
      result.append(index)
      index += moduleCount(activation)
    }
    return result
  }

  /// The modules a layer with `activation` takes in the Sequential: its `Linear`, and the
  /// activation's module unless it is the identity.
  private static func moduleCount(_ activation: Activation) -> Int {
    activation == .identity ? 1 : 2
  }

  /// The Sequential index of the `Linear` that holds the output normalization, after the
  /// modules of the layers with `activations`.
  public static func outputNormalizationIndex(_ activations: [Activation]) -> Int {
    activations.reduce(0) { $0 + moduleCount($1) }
  }

  /// The PyTorch module whose `state_dict` the export holds, as Python source, such as
  /// `nn.Sequential(nn.Linear(2, 2), nn.Sigmoid(), nn.Linear(2, 1), nn.Sigmoid())`; a model
  /// with output normalization ends with one more `nn.Linear(out, out)`.
  public static func pytorchModule(_ model: Model) -> String {
    var parts: [String] = []
    for layer in model.layers {
      parts.append("nn.Linear(\(layer.inputs), \(layer.units))")
      switch layer.activation {
      case .sigmoid: parts.append("nn.Sigmoid()")
      case .tanh: parts.append("nn.Tanh()")
      case .relu: parts.append("nn.ReLU()")
      case .leakyReLU: parts.append("nn.LeakyReLU(\(Activation.leakyReLUSlope))")
      case .softmax: parts.append("nn.Softmax(dim=1)")
      case .identity: break
      }
    }
    let outputs = model.output.normalization.count
    if outputs > 0 { parts.append("nn.Linear(\(outputs), \(outputs))") }
    return "nn.Sequential(" + parts.joined(separator: ", ") + ")"
  }

  /// The safetensors encoding of `model` (which must be valid).
  public static func encode(_ model: Model) throws(InteropError) -> [UInt8] {
    try chunks(model).assembled()
  }

  /// The file as a header and the tensors' elements, uncopied.
  static func chunks(_ model: Model) throws(InteropError) -> ChunkedWriter {
    _ = try validated(model)
    let dtype = model.scalarType == .float32 ? "F32" : "F64"
    var tensors: [(name: String, tensor: Tensor)] = []
    for (layer, index) in zip(model.layers, linearIndices(model.layers.map(\.activation))) {
      tensors.append(("\(index).weight", layer.weights))
      tensors.append(("\(index).bias", layer.biases))
    }
    if !model.output.normalization.isEmpty {
      // A Sequential has no place for the output normalization but a module: one more Linear.
      let maps = model.output.normalization
      var diagonal = Array(repeating: 0.0, count: maps.count * maps.count)
      for k in maps.indices { diagonal[k * maps.count + k] = maps[k].scale }
      let index = outputNormalizationIndex(model.layers.map(\.activation))
      tensors.append(
        (
          "\(index).weight",
          Tensor(shape: [maps.count, maps.count], values: diagonal, scalarType: model.scalarType)
        ))
      tensors.append(
        (
          "\(index).bias",
          Tensor(shape: [maps.count], values: maps.map(\.shift), scalarType: model.scalarType)
        ))
    }
    var header = JSONWriter()
    header.raw("{")
    header.string("__metadata__")
    header.raw(":{")
    header.string("format")
    header.raw(":")
    header.string("pt")
    header.raw(",")
    header.string(metaKey)
    header.raw(":")
    header.string(String(decoding: model.metaDocument, as: UTF8.self))
    header.raw(",")
    header.string(moduleKey)
    header.raw(":")
    header.string(pytorchModule(model))
    header.raw("}")
    var offset = 0
    for (name, tensor) in tensors {
      let length = tensor.storage.count * tensor.scalarType.byteWidth
      header.raw(",")
      header.string(name)
      header.raw(":{\"dtype\":")
      header.string(dtype)
      header.raw(",\"shape\":[")
      header.raw(tensor.shape.map(String.init).joined(separator: ","))
      header.raw("],\"data_offsets\":[")
      header.integer(offset)
      header.raw(",")
      header.integer(offset + length)
      header.raw("]}")
      offset += length
    }
    header.raw("}")
    var text = header.bytes
    while (8 + text.count) % 8 != 0 { text.append(0x20) }
    var file = ChunkedWriter()
    var length: [UInt8] = []
    withUnsafeBytes(of: UInt64(text.count).littleEndian) { length.append(contentsOf: $0) }
    file.append(length + text)
    for (_, tensor) in tensors { file.append(elements: tensor.storage) }
    return file
  }

  /// Writes `model` to `path` atomically (temporary file, fsync, rename).
  public static func write(_ model: Model, to path: FilePath) throws(InteropError) {
    try write(model, atPath: path.string)
  }

  /// ``write(_:to:)`` for a path as the tools were given it, written and named in errors
  /// exactly so.
  package static func write(_ model: Model, atPath path: String) throws(InteropError) {
    try writeAtomically(try chunks(model), to: path)
  }

  /// Imports the safetensors file in `bytes`: losslessly when it carries nnkit's metadata,
  /// else as a chain of `Linear` layers completed by `options`.
  public static func read(bytes: [UInt8], options: ImportOptions = ImportOptions())
    throws(InteropError) -> ImportedModel
  {
    let result = bytes.withUnsafeBytes { raw in
      Result { () throws(InteropError) -> ImportedModel in
        let file = try SafetensorsFile(raw)
        return try file.importModel(options: options)
      }
    }
    return try result.get()
  }

  /// Imports the safetensors file at `path`.
  public static func read(contentsOf path: FilePath, options: ImportOptions = ImportOptions())
    throws(InteropError) -> ImportedModel
  {
    try withContents(of: path.string) { bytes throws(InteropError) in
      try SafetensorsFile(bytes).importModel(options: options)
    }
  }
}
