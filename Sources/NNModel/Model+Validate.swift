extension Model {
  /// Checks every rule of the specification that is not about bytes, and throws the first
  /// broken one as ``ModelFileError`` with the JSON path of the offending field.
  ///
  /// The rules: 1 to ``NNMFormat/maxLayers`` layers; 1 to ``NNMFormat/maxUnits`` features with
  /// non-empty, distinct names, each normalization finite with a non-zero scale; each layer's
  /// weights of shape `[units, inputs]` and biases `[units]` with `inputs` equal to the previous
  /// layer's `units` (the first layer's to the number of features), shapes agreeing with the
  /// element counts; all tensors of one dtype and all elements finite; at most
  /// ``NNMFormat/maxParameters`` parameters; softmax only on the last layer; the output:
  /// binary has one unit, a finite threshold and two distinct non-empty labels, multiclass as
  /// many distinct non-empty labels as units (at least two), `names` empty or one per unit;
  /// strings, lists and maps within their limits; provenance numbers finite and `data_sha256`
  /// 64 lower-case hex digits; extra sections optional, of valid non-reserved types, within
  /// their limits.
  public func validate() throws(ModelFileError) { try validate(elements: true) }

  /// ``validate()``; with `elements` false, the tensors' element counts and values are not
  /// checked (for a model whose elements are still in a mapped file); with `values` false, the
  /// elements are not checked for finiteness (a decoder that already did so). `scanned`, when
  /// given, holds for each tensor in file order (weights, biases, layer by layer) the
  /// index of its first non-finite element, found by a pass that already read the elements
  /// (the writer's checksum pass), and is used in place of scanning them again.
  package func validate(elements: Bool, values: Bool = true, scanned: [Int?]? = nil)
    throws(ModelFileError)
  {
    try checkString(name, "$.name")
    try checkString(description, "$.description")
    if features.isEmpty {
      throw .invalidModel(path: "$.features", problem: "a model needs at least one feature")
    }
    try checkCount(features.count, NNMFormat.maxUnits, "$.features", "number of features")
    let repeated = firstRepeatedName(features)
    for (k, feature) in features.enumerated() {
      func path() -> String { "$.features[\(k)]" }
      if feature.name.isEmpty {
        throw .invalidField(offset: nil, path: path() + ".name", problem: "must not be empty")
      }
      try checkString(feature.name, path() + ".name")
      try checkString(feature.unit, path() + ".unit")
      if k == repeated {
        throw .invalidModel(
          path: path() + ".name",
          problem: "duplicate feature name \"\(escapedForTerminal(feature.name))\"")
      }
      if !feature.normalization.shift.isFinite {
        throw .invalidField(
          offset: nil, path: path() + ".normalization.shift", problem: "must be finite")
      }
      let scale = feature.normalization.scale
      if !scale.isFinite || scale == 0 {
        throw .invalidField(
          offset: nil, path: path() + ".normalization.scale", problem: "must be finite and not zero"
        )
      }
    }
    if layers.isEmpty {
      throw .invalidModel(path: "$.layers", problem: "a model needs at least one layer")
    }
    try checkCount(layers.count, NNMFormat.maxLayers, "$.layers", "number of layers")
    let dtype = layers[0].weights.scalarType
    var inputs = features.count
    var parameters = 0
    for (k, layer) in layers.enumerated() {
      func path() -> String { "$.layers[\(k)]" }
      for (part, tensor, rank) in [("weights", layer.weights, 2), ("biases", layer.biases, 1)] {
        if tensor.shape.count != rank {
          throw .invalidField(
            offset: nil, path: path() + ".\(part).shape",
            problem: "expected \(rank) dimensions, found \(tensor.shape.count)")
        }
        if let k = tensor.shape.firstIndex(of: 0) {
          throw .invalidField(
            offset: nil, path: path() + ".\(part).shape[\(k)]", problem: "must be at least 1")
        }
      }
      let units = layer.weights.shape.first ?? 0
      if layer.weights.shape.count != 2 || layer.weights.shape[1] != inputs || units < 1 {
        throw .shapeMismatch(
          path: path() + ".weights.shape", expected: [max(units, 1), inputs],
          found: layer.weights.shape)
      }
      try checkCount(units, NNMFormat.maxUnits, path() + ".weights.shape[0]", "number of units")
      if layer.biases.shape != [units] {
        throw .shapeMismatch(
          path: path() + ".biases.shape", expected: [units], found: layer.biases.shape)
      }
      for (t, (part, tensor)) in [("weights", layer.weights), ("biases", layer.biases)]
        .enumerated()
      {
        func tensorPath() -> String { path() + "." + part }
        let count = tensor.shape.reduce(1) { $0 * $1 }
        parameters += count
        if tensor.scalarType != dtype {
          throw .invalidModel(
            path: tensorPath() + ".dtype",
            problem:
              "\(tensor.scalarType.rawValue), but the model's tensors are \(dtype.rawValue) (all tensors share one dtype)"
          )
        }
        if !elements { continue }
        if tensor.storage.count != count {
          throw .invalidField(
            offset: nil, path: tensorPath() + ".data",
            problem: "shape \(tensor.shape) needs \(count) elements, found \(tensor.storage.count)")
        }
        if !values { continue }
        let bad: Int?
        if let scanned {
          bad = scanned[2 * k + t]
        } else {
          switch tensor.storage {
          case .float32(let elements): bad = firstNonFinite(elements)
          case .float64(let elements): bad = firstNonFinite(elements)
          }
        }
        if let bad { throw .nonFiniteValue(offset: nil, path: tensorPath() + ".data[\(bad)]") }
      }
      if parameters > NNMFormat.maxParameters {
        throw .limitExceeded(
          offset: nil, path: path(), what: "number of parameters",
          limit: UInt64(NNMFormat.maxParameters),
          found: UInt64(parameters))
      }
      if layer.activation == .softmax && k != layers.count - 1 {
        throw .invalidModel(
          path: path() + ".activation", problem: "softmax is allowed only on the last layer")
      }
      inputs = units
    }
    try validateOutput(outputs: inputs)
    try validateProvenance()
    try checkCount(metadata.count, NNMFormat.maxMetadataEntries, "$.metadata", "number of entries")
    for (key, value) in sortedEntries(metadata) {
      let path = "$.metadata" + pathKey(key)
      if key.isEmpty {
        throw .invalidField(offset: nil, path: "$.metadata", problem: "keys must not be empty")
      }
      try checkString(key, path)
      try checkString(value, path)
    }
    try checkCount(
      extraSections.count, NNMFormat.maxExtraSections, "$.extra_sections",
      "number of extra sections")
    for (k, section) in extraSections.enumerated() {
      let path = "$.extra_sections[\(k)]"
      if !NNMFormat.isValidTypeCode(section.type) || section.type == NNMFormat.metaSectionType
        || section.type == NNMFormat.tensorSectionType || section.type == NNMFormat.gateSectionType
      {
        throw .invalidModel(
          path: path + ".type",
          problem: "invalid extra section type \(NNMFormat.typeName(section.type))")
      }
      if section.isRequired {
        throw .invalidModel(
          path: path + ".required", problem: "an uninterpreted section cannot be required")
      }
      try checkCount(
        section.payload.count, NNMFormat.maxExtraSectionBytes, path + ".payload",
        "payload length in bytes")
    }
  }

  private func validateOutput(outputs: Int) throws(ModelFileError) {
    switch output.task {
    case .regression:
      break
    case .binary(let threshold, let negative, let positive):
      if outputs != 1 {
        throw .invalidModel(
          path: "$.output.task",
          problem: "a binary classifier needs 1 output unit, the last layer has \(outputs)")
      }
      if !threshold.isFinite {
        throw .invalidField(offset: nil, path: "$.output.threshold", problem: "must be finite")
      }
      if negative.isEmpty {
        throw .invalidField(offset: nil, path: "$.output.negative", problem: "must not be empty")
      }
      if positive.isEmpty {
        throw .invalidField(offset: nil, path: "$.output.positive", problem: "must not be empty")
      }
      try checkString(negative, "$.output.negative")
      try checkString(positive, "$.output.positive")
      if negative == positive {
        throw .invalidModel(path: "$.output.positive", problem: "the two labels must differ")
      }
    case .multiclass(let labels):
      if outputs < 2 || labels.count != outputs {
        throw .invalidModel(
          path: "$.output.labels",
          problem: "\(labels.count) labels for \(outputs) output units (one per unit, at least 2)")
      }
      try checkList(labels, "$.output.labels", distinct: true)
    }
    if !output.names.isEmpty && output.names.count != outputs {
      throw .invalidModel(
        path: "$.output.names", problem: "\(output.names.count) names for \(outputs) output units")
    }
    try checkList(output.names, "$.output.names", distinct: false)
    guard !output.normalization.isEmpty else { return }
    guard case .regression = output.task else {
      throw .invalidModel(
        path: "$.output.normalization", problem: "output normalization is for regression only")
    }
    if output.normalization.count != outputs {
      throw .invalidModel(
        path: "$.output.normalization",
        problem: "\(output.normalization.count) normalizations for \(outputs) output units")
    }
    for (k, map) in output.normalization.enumerated() {
      if !map.shift.isFinite {
        throw .invalidField(
          offset: nil, path: "$.output.normalization[\(k)].shift", problem: "must be finite")
      }
      if !map.scale.isFinite || map.scale == 0 {
        throw .invalidField(
          offset: nil, path: "$.output.normalization[\(k)].scale",
          problem: "must be finite and not zero")
      }
    }
  }

  private func validateProvenance() throws(ModelFileError) {
    guard let p = provenance else { return }
    let path = "$.provenance"
    for (key, value) in [
      ("tool", p.tool), ("tool_version", p.toolVersion), ("data_file", p.dataFile),
      ("loss", p.loss),
      ("optimizer", p.optimizer), ("rng", p.rng), ("created_at", p.createdAt),
      ("data_sha256", p.dataSHA256),
    ] {
      try checkString(value, path + "." + key)
    }
    if let sha = p.dataSHA256,
      sha.utf8.count != 64 || !sha.utf8.allSatisfy({ isDigit($0) || ($0 >= 0x61 && $0 <= 0x66) })
    {
      throw .invalidField(
        offset: nil, path: path + ".data_sha256", problem: "expected 64 lower-case hex digits")
    }
    for (key, value) in [("data_rows", p.dataRows), ("epochs", p.epochs)] {
      guard let value else { continue }
      if value < 0 {
        throw .invalidField(offset: nil, path: path + "." + key, problem: "must not be negative")
      }
      if value > NNMFormat.maxCounter {
        throw .limitExceeded(
          offset: nil, path: path + "." + key, what: "value",
          limit: UInt64(NNMFormat.maxCounter), found: UInt64(value))
      }
    }
    if let stamp = p.createdAt, !Provenance.isValidTimestamp(stamp) {
      throw .invalidField(
        offset: nil, path: path + ".created_at",
        problem: "expected an RFC 3339 UTC time such as \"2026-01-01T00:00:00Z\", found \""
          + escapedForTerminal(stamp) + "\"")
    }
    try checkCount(
      p.hyperparameters.count, NNMFormat.maxMetadataEntries, path + ".hyperparameters",
      "number of entries")
    for (key, value) in sortedEntries(p.hyperparameters) {
      let keyPath = path + ".hyperparameters" + pathKey(key)
      if key.isEmpty {
        throw .invalidField(
          offset: nil, path: path + ".hyperparameters", problem: "keys must not be empty")
      }
      try checkString(key, keyPath)
      if !value.isFinite {
        throw .invalidField(offset: nil, path: keyPath, problem: "must be finite")
      }
    }
    try checkCount(
      p.lossHistory.count, NNMFormat.maxListEntries, path + ".loss_history", "number of entries")
    if let bad = firstNonFinite(p.lossHistory) {
      throw .invalidField(
        offset: nil, path: path + ".loss_history[\(bad)]", problem: "must be finite")
    }
    try checkCount(
      p.validationLossHistory.count, NNMFormat.maxListEntries, path + ".validation_loss_history",
      "number of entries")
    if let bad = firstNonFinite(p.validationLossHistory) {
      throw .invalidModel(
        path: path + ".validation_loss_history[\(bad)]", problem: "must be finite")
    }
  }
}

private func checkString(_ text: String?, _ path: @autoclosure () -> String) throws(ModelFileError)
{
  if let text, text.utf8.count > NNMFormat.maxStringBytes {
    throw .limitExceeded(
      offset: nil, path: path(), what: "string length in bytes",
      limit: UInt64(NNMFormat.maxStringBytes),
      found: UInt64(text.utf8.count))
  }
}

private func checkCount(
  _ count: Int, _ limit: Int, _ path: @autoclosure () -> String, _ what: String
)
  throws(ModelFileError)
{
  if count > limit {
    throw .limitExceeded(
      offset: nil, path: path(), what: what, limit: UInt64(limit), found: UInt64(count))
  }
}

private func checkList(_ values: [String], _ path: @autoclosure () -> String, distinct: Bool)
  throws(ModelFileError)
{
  try checkCount(values.count, NNMFormat.maxListEntries, path(), "number of entries")
  var seen = Set<String>()
  for (k, value) in values.enumerated() {
    if value.isEmpty {
      throw .invalidField(offset: nil, path: path() + "[\(k)]", problem: "must not be empty")
    }
    try checkString(value, path() + "[\(k)]")
    if distinct && !seen.insert(value).inserted {
      throw .invalidModel(
        path: path() + "[\(k)]", problem: "duplicate label \"\(escapedForTerminal(value))\"")
    }
  }
}
