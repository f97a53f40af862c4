/// Where the canonical JSON of a model puts tensor elements.
enum JSONTarget {
  /// The JSON encoding: `format` and `version` first, elements inline as `data`, uninterpreted
  /// sections as base64 in `extra_sections`.
  case document(version: FormatVersion)
  /// The META section of the binary encoding: no `format`, `version` or `extra_sections`; each
  /// tensor names the section holding its elements (`section`).
  case meta
}

/// The section index of layer `layer`'s weights (biases follow at +1).
func weightsSection(layer: Int) -> Int { 1 + 2 * layer }

/// Writes the canonical JSON text of `model` (the model is assumed valid).
func encodeModelJSON(_ model: Model, target: JSONTarget) -> [UInt8] {
  var capacity = 4096
  if case .document = target {
    capacity += model.parameterCount * (model.scalarType == .float32 ? 16 : 25)
  }
  var w = JSONWriter(reservingCapacity: capacity)
  w.beginObject()
  if case .document(let version) = target {
    w.key("format")
    w.string("nnm")
    w.key("version")
    w.string(version.description)
  }
  if let name = model.name {
    w.key("name")
    w.string(name)
  }
  if let description = model.description {
    w.key("description")
    w.string(description)
  }
  w.key("features")
  w.beginBlockArray()
  for feature in model.features {
    w.element()
    w.beginObject()
    w.key("name")
    w.string(feature.name)
    if let unit = feature.unit {
      w.key("unit")
      w.string(unit)
    }
    w.key("normalization")
    w.beginObject()
    w.key("shift")
    w.double(feature.normalization.shift)
    w.key("scale")
    w.double(feature.normalization.scale)
    w.endObject()
    w.endObject()
  }
  w.endBlockArray()
  w.key("layers")
  w.beginBlockArray()
  for (index, layer) in model.layers.enumerated() {
    w.element()
    w.beginObject()
    w.key("activation")
    w.string(layer.activation.rawValue)
    w.key("weights")
    encodeTensor(layer.weights, section: weightsSection(layer: index), target: target, into: &w)
    w.key("biases")
    encodeTensor(layer.biases, section: weightsSection(layer: index) + 1, target: target, into: &w)
    w.endObject()
  }
  w.endBlockArray()
  w.key("output")
  encodeOutput(model.output, into: &w)
  if let provenance = model.provenance {
    w.key("provenance")
    encodeProvenance(provenance, into: &w)
  }
  w.key("metadata")
  w.beginObject()
  for (key, value) in sortedEntries(model.metadata) {
    w.key(key)
    w.string(value)
  }
  w.endObject()
  if case .document = target {
    w.key("extra_sections")
    w.beginBlockArray()
    for section in model.writtenExtraSections {
      w.element()
      w.beginObject()
      w.key("type")
      w.string(NNMFormat.typeName(section.type))
      w.key("required")
      w.bool(section.isRequired)
      w.key("payload")
      w.string(Base64.encode(section.payload))
      w.endObject()
    }
    w.endBlockArray()
  }
  w.endObject()
  w.finishDocument()
  return w.bytes
}

/// The entries in code-point order of their keys (byte order of the UTF-8), the canonical order
/// of maps.
func sortedEntries<V>(_ dictionary: [String: V]) -> [(key: String, value: V)] {
  dictionary.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
}

private func encodeTensor(
  _ tensor: Tensor, section: Int, target: JSONTarget, into w: inout JSONWriter
) {
  w.beginObject()
  w.key("dtype")
  w.string(tensor.scalarType.rawValue)
  w.key("shape")
  w.inlineIntegers(tensor.shape)
  switch target {
  case .meta:
    w.key("section")
    w.integer(section)
  case .document:
    w.key("data")
    switch tensor.storage {
    case .float32(let values): w.inlineFloats(values)
    case .float64(let values): w.inlineDoubles(values)
    }
  }
  w.endObject()
}

private func encodeOutput(_ output: OutputSpec, into w: inout JSONWriter) {
  w.beginObject()
  w.key("task")
  switch output.task {
  case .regression:
    w.string("regression")
  case .binary(let threshold, let negative, let positive):
    w.string("binary")
    w.key("threshold")
    w.double(threshold)
    w.key("negative")
    w.string(negative)
    w.key("positive")
    w.string(positive)
  case .multiclass(let labels):
    w.string("multiclass")
    w.key("labels")
    w.inlineStrings(labels)
  }
  w.key("names")
  w.inlineStrings(output.names)
  if !output.normalization.isEmpty {
    w.key("normalization")
    w.beginBlockArray()
    for map in output.normalization {
      w.element()
      w.beginObject()
      w.key("shift")
      w.double(map.shift)
      w.key("scale")
      w.double(map.scale)
      w.endObject()
    }
    w.endBlockArray()
  }
  w.endObject()
}

private func encodeProvenance(_ p: Provenance, into w: inout JSONWriter) {
  w.beginObject()
  func optionalString(_ key: String, _ value: String?, _ w: inout JSONWriter) {
    if let value {
      w.key(key)
      w.string(value)
    }
  }
  optionalString("tool", p.tool, &w)
  optionalString("tool_version", p.toolVersion, &w)
  optionalString("data_file", p.dataFile, &w)
  if let rows = p.dataRows {
    w.key("data_rows")
    w.integer(rows)
  }
  optionalString("data_sha256", p.dataSHA256, &w)
  optionalString("loss", p.loss, &w)
  optionalString("optimizer", p.optimizer, &w)
  w.key("hyperparameters")
  w.beginObject()
  for (key, value) in sortedEntries(p.hyperparameters) {
    w.key(key)
    w.double(value)
  }
  w.endObject()
  if let seed = p.seed {
    w.key("seed")
    w.integer(seed)
  }
  optionalString("rng", p.rng, &w)
  if let epochs = p.epochs {
    w.key("epochs")
    w.integer(epochs)
  }
  w.key("loss_history")
  w.inlineDoubles(p.lossHistory)
  if !p.validationLossHistory.isEmpty {
    w.key("validation_loss_history")
    w.inlineDoubles(p.validationLossHistory)
  }
  optionalString("created_at", p.createdAt, &w)
  w.endObject()
}

/// Base64 (RFC 4648 standard alphabet, with `=` padding, no line breaks).
enum Base64 {
  private static let alphabet = Array(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

  static func encode(_ bytes: [UInt8]) -> String {
    var out: [UInt8] = []
    out.reserveCapacity((bytes.count + 2) / 3 * 4)
    var i = 0
    while i + 3 <= bytes.count {
      let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
      out += [
        alphabet[Int(v >> 18)], alphabet[Int(v >> 12 & 63)], alphabet[Int(v >> 6 & 63)],
        alphabet[Int(v & 63)],
      ]
      i += 3
    }
    let rest = bytes.count - i
    if rest == 1 {
      let v = UInt32(bytes[i]) << 16
      out += [alphabet[Int(v >> 18)], alphabet[Int(v >> 12 & 63)], 0x3D, 0x3D]
    } else if rest == 2 {
      let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
      out += [
        alphabet[Int(v >> 18)], alphabet[Int(v >> 12 & 63)], alphabet[Int(v >> 6 & 63)], 0x3D,
      ]
    }
    return String(decoding: out, as: UTF8.self)
  }

  private static func value(_ byte: UInt8) -> UInt32? {
    switch byte {
    case 0x41...0x5A: UInt32(byte - 0x41)
    case 0x61...0x7A: UInt32(byte - 0x61 + 26)
    case 0x30...0x39: UInt32(byte - 0x30 + 52)
    case 0x2B: 62
    case 0x2F: 63
    default: nil
    }
  }

  /// Decodes canonical base64 (padding present, unused bits zero); nil otherwise.
  static func decode(_ text: String) -> [UInt8]? {
    let chars = Array(text.utf8)
    guard chars.count % 4 == 0 else { return nil }
    var out: [UInt8] = []
    out.reserveCapacity(chars.count / 4 * 3)
    var i = 0
    while i < chars.count {
      let last = i + 4 == chars.count
      let pad = last ? (chars[i + 3] == 0x3D ? (chars[i + 2] == 0x3D ? 2 : 1) : 0) : 0
      var v: UInt32 = 0
      for k in 0..<(4 - pad) {
        guard let digit = value(chars[i + k]) else { return nil }
        v = v << 6 | digit
      }
      v <<= UInt32(6 * pad)
      out.append(UInt8(v >> 16))
      if pad < 2 { out.append(UInt8(v >> 8 & 255)) } else if v & 0xFFFF != 0 { return nil }
      if pad < 1 { out.append(UInt8(v & 255)) } else if v & 0xFF != 0 { return nil }
      i += 4
    }
    return out
  }
}
