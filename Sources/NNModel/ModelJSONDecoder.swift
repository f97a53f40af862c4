/// A tensor as META describes it: its dtype, its shape and the index of the section that holds
/// its elements. (The JSON encoding carries the elements themselves and needs no description.)
struct TensorDescription {
  var scalarType: ScalarType
  var shape: [Int]
  var count: Int
  var section: Int
  var path: String
}

/// Maps a parsed JSON document onto a ``Model``: the one field mapping both encodings share.
struct ModelJSONDecoder {
  let source: UnsafeBufferPointer<UInt8>
  let target: JSONTarget
  /// When the file's minor version is newer than this reader's, unknown keys are skipped.
  var ignoreUnknownKeys = false
  /// The format version the reader implements (older only in tests of older readers).
  var readerVersion = FormatVersion.supported
  /// Whether `extra_sections` began with the `v1.1` gate (JSON encoding, 1.1 reader).
  var sawGateSection = false
  var tensors: [TensorDescription] = []
  var parameterTotal = 0

  /// The file offset of `source[0]`.
  let baseOffset: Int

  init(source: UnsafeBufferPointer<UInt8>, base: Int, target: JSONTarget) {
    self.source = source
    self.baseOffset = base
    self.target = target
  }

  // MARK: Generic field access

  struct Object {
    var members: [JSONMember]
    let source: UnsafeBufferPointer<UInt8>
    /// Which members were taken: a bit mask for the first 64, an array beyond.
    var usedMask: UInt64 = 0
    var usedBeyond: [Bool] = []
    let offset: Int
    /// Where to look first: canonical documents have their keys in the order they are taken.
    var cursor = 0

    init(members: [JSONMember], source: UnsafeBufferPointer<UInt8>, offset: Int) {
      self.members = members
      self.source = source
      self.offset = offset
      if members.count > 64 { usedBeyond = Array(repeating: false, count: members.count - 64) }
    }

    func isUsed(_ k: Int) -> Bool { k < 64 ? usedMask & (1 << UInt64(k)) != 0 : usedBeyond[k - 64] }

    mutating func markUsed(_ k: Int) {
      if k < 64 { usedMask |= 1 << UInt64(k) } else { usedBeyond[k - 64] = true }
    }

    mutating func take(_ key: StaticString) -> JSONMember? {
      if cursor < members.count && !isUsed(cursor) && members[cursor].hasKey(key, in: source) {
        markUsed(cursor)
        cursor += 1
        return members[cursor - 1]
      }
      for k in members.indices where !isUsed(k) && members[k].hasKey(key, in: source) {
        markUsed(k)
        cursor = k + 1
        return members[k]
      }
      return nil
    }

    mutating func require(
      _ key: StaticString, _ path: @autoclosure () -> String
    ) throws(ModelFileError) -> JSONMember {
      guard let member = take(key) else {
        throw .invalidField(offset: offset, path: path(), problem: "missing key \"\(key)\"")
      }
      return member
    }

    func finish(ignoringUnknown: Bool, _ path: @autoclosure () -> String) throws(ModelFileError) {
      if ignoringUnknown { return }
      for k in members.indices where !isUsed(k) {
        throw .invalidField(
          offset: members[k].offset, path: path(),
          problem: "unknown key \"\(escapedForTerminal(members[k].key))\"")
      }
    }
  }

  func object(_ node: JSONNode, _ path: @autoclosure () -> String) throws(ModelFileError) -> Object
  {
    guard case .object(let members) = node.value else {
      throw .invalidField(
        offset: node.offset, path: path(),
        problem: "expected an object, found \(node.value.typeName)"
      )
    }
    return Object(members: members, source: source, offset: node.offset)
  }

  func string(
    _ node: JSONNode, _ path: @autoclosure () -> String, nonEmpty: Bool = false,
    limit: Int = NNMFormat.maxStringBytes
  ) throws(ModelFileError) -> String {
    guard case .string(let text) = node.value else {
      throw .invalidField(
        offset: node.offset, path: path(),
        problem: "expected a string, found \(node.value.typeName)")
    }
    if text.utf8.count > limit {
      throw .limitExceeded(
        offset: node.offset, path: path(), what: "string length in bytes", limit: UInt64(limit),
        found: UInt64(text.utf8.count))
    }
    if nonEmpty && text.isEmpty {
      throw .invalidField(offset: node.offset, path: path(), problem: "must not be empty")
    }
    return text
  }

  func bool(_ node: JSONNode, _ path: @autoclosure () -> String) throws(ModelFileError) -> Bool {
    guard case .bool(let value) = node.value else {
      throw .invalidField(
        offset: node.offset, path: path(),
        problem: "expected true or false, found \(node.value.typeName)")
    }
    return value
  }

  func text(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(rebasing: source[start..<end])
  }

  func double(_ node: JSONNode, _ path: @autoclosure () -> String) throws(ModelFileError) -> Double
  {
    guard case .number(let start, let end) = node.value else {
      throw .invalidField(
        offset: node.offset, path: path(),
        problem: "expected a number, found \(node.value.typeName)")
    }
    let value = NumberText.double(text(start, end))
    guard value.isFinite else {
      throw .invalidField(
        offset: node.offset, path: path(), problem: "number out of the range of f64")
    }
    return value
  }

  func unsigned(_ node: JSONNode, _ path: @autoclosure () -> String, max: UInt64)
    throws(ModelFileError) -> UInt64
  {
    guard case .number(let start, let end) = node.value else {
      throw .invalidField(
        offset: node.offset, path: path(),
        problem: "expected an integer, found \(node.value.typeName)")
    }
    let digits = text(start, end)
    guard let value = NumberText.unsigned(digits) else {
      if digits.allSatisfy(isDigit) {
        // Digits only, but beyond 2^64 − 1: a limit, not a spelling problem.
        throw .limitExceeded(
          offset: node.offset, path: path(),
          what: "value " + String(decoding: digits, as: UTF8.self), limit: max, found: max &+ 1)
      }
      throw .invalidField(
        offset: node.offset, path: path(),
        problem: "expected a non-negative integer without fraction or exponent")
    }
    if value > max {
      throw .limitExceeded(
        offset: node.offset, path: path(), what: "value", limit: max, found: value)
    }
    return value
  }

  func int(_ node: JSONNode, _ path: @autoclosure () -> String, max: Int = Int.max)
    throws(ModelFileError) -> Int
  {
    Int(try unsigned(node, path(), max: UInt64(max)))
  }

  func array(_ node: JSONNode, _ path: @autoclosure () -> String, limit: Int) throws(ModelFileError)
    -> [JSONNode]
  {
    let elements: [JSONNode]
    switch node.value {
    case .array(let nodes): elements = nodes
    case .numberArray(let start, let end, let count):
      if count > limit {
        throw .limitExceeded(
          offset: node.offset, path: path(), what: "number of entries", limit: UInt64(limit),
          found: UInt64(count))
      }
      elements = numberNodes(start: start, end: end, count: count)
    default:
      throw .invalidField(
        offset: node.offset, path: path(),
        problem: "expected an array, found \(node.value.typeName)")
    }
    if elements.count > limit {
      throw .limitExceeded(
        offset: node.offset, path: path(), what: "number of entries", limit: UInt64(limit),
        found: UInt64(elements.count))
    }
    return elements
  }

  /// Splits the text of a number-only array into nodes (the grammar was checked by the parser).
  func numberNodes(start: Int, end: Int, count: Int) -> [JSONNode] {
    var nodes: [JSONNode] = []
    nodes.reserveCapacity(count)
    try? forEachNumber(start: start, end: end) { s, e in
      nodes.append(JSONNode(offset: baseOffset + s, value: .number(start: s, end: e)))
    }
    return nodes
  }

  /// Calls `body` with the text range of each number in `source[start..<end]` (`[` … `]`).
  func forEachNumber(
    start: Int, end: Int, _ body: (Int, Int) throws(ModelFileError) -> Void
  ) throws(ModelFileError) {
    var i = start + 1
    while i < end - 1 {
      let byte = source[i]
      if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x2C {
        i += 1
        continue
      }
      let s = i
      while i < end - 1 {
        let b = source[i]
        if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0x2C { break }
        i += 1
      }
      try body(s, i)
    }
  }

  func stringArray(_ node: JSONNode, _ path: @autoclosure () -> String, nonEmpty: Bool)
    throws(ModelFileError)
    -> [String]
  {
    var result: [String] = []
    for (k, element) in try array(node, path(), limit: NNMFormat.maxListEntries).enumerated() {
      result.append(try string(element, path() + "[\(k)]", nonEmpty: nonEmpty))
    }
    return result
  }

  // MARK: The model

  mutating func decodeModel(_ root: JSONNode) throws(ModelFileError) -> Model {
    var top = try object(root, "$")
    if case .document = target {
      let format = try top.require("format", "$")
      guard try string(format.value, "$.format") == "nnm" else {
        throw .invalidField(
          offset: format.value.offset, path: "$.format", problem: "expected \"nnm\"")
      }
      let versionMember = try top.require("version", "$")
      let versionText = try string(versionMember.value, "$.version")
      guard let version = FormatVersion(versionText) else {
        throw .invalidField(
          offset: versionMember.value.offset, path: "$.version",
          problem: "expected \"major.minor\", such as \"1.0\"")
      }
      if version.major != readerVersion.major {
        throw .unsupportedJSONVersion(
          offset: versionMember.value.offset, found: version, supported: readerVersion)
      }
      ignoreUnknownKeys = version > readerVersion
    }
    var model = Model(features: [], layers: [])
    if let member = top.take("name") { model.name = try string(member.value, "$.name") }
    if let member = top.take("description") {
      model.description = try string(member.value, "$.description")
    }
    let featureNodes = try array(
      try top.require("features", "$").value, "$.features", limit: NNMFormat.maxUnits)
    for (k, node) in featureNodes.enumerated() {
      model.features.append(try decodeFeature(node, "$.features[\(k)]"))
    }
    let layerNodes = try array(
      try top.require("layers", "$").value, "$.layers", limit: NNMFormat.maxLayers)
    for (k, node) in layerNodes.enumerated() {
      model.layers.append(try decodeLayer(node, "$.layers[\(k)]", index: k))
    }
    model.output = try decodeOutput(try top.require("output", "$").value, "$.output")
    if let member = top.take("provenance") {
      model.provenance = try decodeProvenance(member.value, "$.provenance")
    }
    model.metadata = try stringMap(try top.require("metadata", "$").value, "$.metadata")
    if case .document = target {
      let nodes = try array(
        try top.require("extra_sections", "$").value, "$.extra_sections",
        limit: NNMFormat.maxExtraSections + 1)  // the v1.1 gate does not count
      for (k, node) in nodes.enumerated() {
        let section = try decodeExtra(
          node, "$.extra_sections[\(k)]", section: 1 + 2 * model.layers.count + k, first: k == 0)
        if let section { model.extraSections.append(section) }
      }
    }
    try top.finish(ignoringUnknown: ignoreUnknownKeys, "$")
    return model
  }

  mutating func decodeFeature(_ node: JSONNode, _ path: @autoclosure () -> String)
    throws(ModelFileError) -> Feature
  {
    var object = try object(node, path())
    var feature = Feature(
      name: try string(try object.require("name", path()).value, path() + ".name", nonEmpty: true))
    if let member = object.take("unit") {
      feature.unit = try string(member.value, path() + ".unit")
    }
    feature.normalization = try decodeNormalization(
      try object.require("normalization", path()).value, path() + ".normalization")
    try object.finish(ignoringUnknown: ignoreUnknownKeys, path())
    return feature
  }

  /// `{"shift": number, "scale": number}` with a non-zero scale.
  func decodeNormalization(_ node: JSONNode, _ path: @autoclosure () -> String)
    throws(ModelFileError) -> Normalization
  {
    var normalization = try self.object(node, path())
    var result = Normalization()
    result.shift = try double(
      try normalization.require("shift", path()).value, path() + ".shift")
    let scaleNode = try normalization.require("scale", path()).value
    result.scale = try double(scaleNode, path() + ".scale")
    if result.scale == 0 {
      throw .invalidField(
        offset: scaleNode.offset, path: path() + ".scale", problem: "scale must not be zero")
    }
    try normalization.finish(ignoringUnknown: ignoreUnknownKeys, path())
    return result
  }

  mutating func decodeLayer(_ node: JSONNode, _ path: @autoclosure () -> String, index: Int)
    throws(ModelFileError)
    -> DenseLayer
  {
    var object = try object(node, path())
    let activationNode = try object.require("activation", path()).value
    let name = try string(activationNode, path() + ".activation")
    guard let activation = Activation(rawValue: name) else {
      let names = Activation.allCases.map(\.rawValue).joined(separator: ", ")
      throw .invalidField(
        offset: activationNode.offset, path: path() + ".activation",
        problem: "unknown activation \"\(escapedForTerminal(name))\" (one of: \(names))")
    }
    let weights = try decodeTensor(
      try object.require("weights", path()).value, path() + ".weights", rank: 2,
      section: weightsSection(layer: index))
    let biases = try decodeTensor(
      try object.require("biases", path()).value, path() + ".biases", rank: 1,
      section: weightsSection(layer: index) + 1)
    try object.finish(ignoringUnknown: ignoreUnknownKeys, path())
    return DenseLayer(activation: activation, weights: weights, biases: biases)
  }

  mutating func decodeTensor(
    _ node: JSONNode, _ path: @autoclosure () -> String, rank: Int, section: Int
  )
    throws(ModelFileError) -> Tensor
  {
    var object = try object(node, path())
    let dtypeNode = try object.require("dtype", path()).value
    let dtypeName = try string(dtypeNode, path() + ".dtype")
    guard let scalarType = ScalarType(rawValue: dtypeName) else {
      throw .invalidField(
        offset: dtypeNode.offset, path: path() + ".dtype",
        problem: "unknown dtype \"\(escapedForTerminal(dtypeName))\" (f32 or f64)")
    }
    let shapeNode = try object.require("shape", path()).value
    let dims = try array(shapeNode, path() + ".shape", limit: 8)
    guard dims.count == rank else {
      throw .invalidField(
        offset: shapeNode.offset, path: path() + ".shape",
        problem: "expected \(rank) dimensions, found \(dims.count)")
    }
    var shape: [Int] = []
    var count = 1
    for (k, dim) in dims.enumerated() {
      let extent = try int(dim, path() + ".shape[\(k)]", max: NNMFormat.maxUnits)
      if extent == 0 {
        throw .invalidField(
          offset: dim.offset, path: path() + ".shape[\(k)]", problem: "must be at least 1")
      }
      shape.append(extent)
      count *= extent  // at most (2^20)^2, no overflow
    }
    let (total, overflow) = parameterTotal.addingReportingOverflow(count)
    if overflow || total > NNMFormat.maxParameters {
      throw .limitExceeded(
        offset: shapeNode.offset, path: path() + ".shape", what: "number of parameters",
        limit: UInt64(NNMFormat.maxParameters), found: UInt64(total))
    }
    parameterTotal = total
    switch target {
    case .meta:
      let sectionNode = try object.require("section", path()).value
      let index = try int(sectionNode, path() + ".section", max: NNMFormat.maxSections)
      guard index == section else {
        throw .invalidField(
          offset: sectionNode.offset, path: path() + ".section",
          problem: "expected section \(section) (tensors are stored in order), found \(index)")
      }
      tensors.append(
        TensorDescription(
          scalarType: scalarType, shape: shape, count: count, section: index, path: path()))
      try object.finish(ignoringUnknown: ignoreUnknownKeys, path())
      return Tensor(shape: shape, storage: scalarType == .float32 ? .float32([]) : .float64([]))
    case .document:
      let dataNode = try object.require("data", path()).value
      let storage = try decodeData(dataNode, path() + ".data", scalarType: scalarType, count: count)
      try object.finish(ignoringUnknown: ignoreUnknownKeys, path())
      return Tensor(shape: shape, storage: storage)
    }
  }

  func decodeData(
    _ node: JSONNode, _ path: @autoclosure () -> String, scalarType: ScalarType, count: Int
  )
    throws(ModelFileError) -> TensorStorage
  {
    let start: Int
    let end: Int
    let found: Int
    switch node.value {
    case .numberArray(let s, let e, let n):
      (start, end, found) = (s, e, n)
    case .array(let elements):
      if let first = elements.first {
        throw .invalidField(
          offset: first.offset, path: path() + "[0]",
          problem: "expected a number, found \(first.value.typeName)")
      }
      (start, end, found) = (0, 0, 0)
    default:
      throw .invalidField(
        offset: node.offset, path: path(),
        problem: "expected an array of numbers, found \(node.value.typeName)")
    }
    guard found == count else {
      throw .invalidField(
        offset: node.offset, path: path(),
        problem: "expected \(count) numbers for the shape, found \(found)")
    }
    if count == 0 { return scalarType == .float32 ? .float32([]) : .float64([]) }
    var k = 0
    switch scalarType {
    case .float32:
      var values: [Float] = []
      values.reserveCapacity(count)
      try forEachNumber(start: start, end: end) { s, e throws(ModelFileError) in
        let value = NumberText.float(text(s, e))
        guard value.isFinite else {
          throw .invalidField(
            offset: baseOffset + s, path: path() + "[\(k)]",
            problem: "number out of the range of f32"
          )
        }
        values.append(value)
        k += 1
      }
      return .float32(values)
    case .float64:
      return .float64(try decodeDoubles(start: start, end: end, count: count, path()))
    }
  }

  /// The `count` numbers of the validated number array `source[start..<end]` (brackets
  /// included), each converted in the same pass that finds its end.
  func decodeDoubles(start: Int, end: Int, count: Int, _ path: @autoclosure () -> String)
    throws(ModelFileError) -> [Double]
  {
    var failure: ModelFileError?
    let values = [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
      var i = start + 1
      var k = 0
      while i < end - 1 && k < count {
        let byte = source[i]
        if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x2C {
          i += 1
          continue
        }
        let (value, next) = NumberText.double(in: source, from: i)
        guard value.isFinite else {
          failure = .invalidField(
            offset: baseOffset + i, path: path() + "[\(k)]",
            problem: "number out of the range of f64")
          break
        }
        buffer[k] = value
        k += 1
        i = next
      }
      initialized = k
    }
    if let failure { throw failure }
    guard values.count == count else {  // the parser counted them; a second opinion is cheap
      throw .invalidField(
        offset: baseOffset + start, path: path(),
        problem: "expected \(count) numbers for the shape, found \(values.count)")
    }
    return values
  }

  func decodeOutput(_ node: JSONNode, _ path: @autoclosure () -> String) throws(ModelFileError)
    -> OutputSpec
  {
    var object = try object(node, path())
    let taskNode = try object.require("task", path()).value
    var output = OutputSpec()
    switch try string(taskNode, path() + ".task") {
    case "regression":
      output.task = .regression
    case "binary":
      let threshold = try double(
        try object.require("threshold", path()).value, path() + ".threshold")
      let negative = try string(
        try object.require("negative", path()).value, path() + ".negative", nonEmpty: true)
      let positive = try string(
        try object.require("positive", path()).value, path() + ".positive", nonEmpty: true)
      output.task = .binary(threshold: threshold, negative: negative, positive: positive)
    case "multiclass":
      output.task = .multiclass(
        labels: try stringArray(
          try object.require("labels", path()).value, path() + ".labels", nonEmpty: true))
    case let other:
      throw .invalidField(
        offset: taskNode.offset, path: path() + ".task",
        problem: "unknown task \"\(escapedForTerminal(other))\" (regression, binary or multiclass)")
    }
    output.names = try stringArray(
      try object.require("names", path()).value, path() + ".names", nonEmpty: true)
    if readerVersion.knowsFormat1point1, let member = object.take("normalization") {
      let nodes = try array(
        member.value, path() + ".normalization", limit: NNMFormat.maxUnits)
      for (k, node) in nodes.enumerated() {
        output.normalization.append(
          try decodeNormalization(node, path() + ".normalization[\(k)]"))
      }
    }
    try object.finish(ignoringUnknown: ignoreUnknownKeys, path())
    return output
  }

  func decodeProvenance(_ node: JSONNode, _ path: @autoclosure () -> String) throws(ModelFileError)
    -> Provenance
  {
    var object = try object(node, path())
    var p = Provenance()
    func optionalString(_ key: StaticString, _ object: inout Object) throws(ModelFileError)
      -> String?
    {
      guard let member = object.take(key) else { return nil }
      return try string(member.value, path() + "." + key.description)
    }
    p.tool = try optionalString("tool", &object)
    p.toolVersion = try optionalString("tool_version", &object)
    p.dataFile = try optionalString("data_file", &object)
    if let member = object.take("data_rows") {
      p.dataRows = try int(member.value, path() + ".data_rows", max: NNMFormat.maxCounter)
    }
    p.dataSHA256 = try optionalString("data_sha256", &object)
    p.loss = try optionalString("loss", &object)
    p.optimizer = try optionalString("optimizer", &object)
    let hyperNode = try object.require("hyperparameters", path()).value
    var hyper = try self.object(hyperNode, path() + ".hyperparameters")
    if hyper.members.count > NNMFormat.maxMetadataEntries {
      throw .limitExceeded(
        offset: hyperNode.offset, path: path() + ".hyperparameters", what: "number of entries",
        limit: UInt64(NNMFormat.maxMetadataEntries), found: UInt64(hyper.members.count))
    }
    for k in hyper.members.indices {
      let member = hyper.members[k]
      hyper.markUsed(k)
      let keyPath = path() + ".hyperparameters" + pathKey(member.key)
      if p.hyperparameters.updateValue(try double(member.value, keyPath), forKey: member.key) != nil
      {
        throw .duplicateKey(
          offset: member.offset, path: path() + ".hyperparameters", key: member.key)
      }
    }
    if let member = object.take("seed") {
      p.seed = try unsigned(member.value, path() + ".seed", max: .max)
    }
    p.rng = try optionalString("rng", &object)
    if let member = object.take("epochs") {
      p.epochs = try int(member.value, path() + ".epochs", max: NNMFormat.maxCounter)
    }
    let historyNode = try object.require("loss_history", path()).value
    for (k, element) in try array(
      historyNode, path() + ".loss_history", limit: NNMFormat.maxListEntries
    ).enumerated() {
      p.lossHistory.append(try double(element, path() + ".loss_history[\(k)]"))
    }
    if readerVersion.knowsFormat1point1, let member = object.take("validation_loss_history") {
      for (k, element) in try array(
        member.value, path() + ".validation_loss_history", limit: NNMFormat.maxListEntries
      ).enumerated() {
        p.validationLossHistory.append(
          try double(element, path() + ".validation_loss_history[\(k)]"))
      }
    }
    p.createdAt = try optionalString("created_at", &object)
    try object.finish(ignoringUnknown: ignoreUnknownKeys, path())
    return p
  }

  func stringMap(_ node: JSONNode, _ path: @autoclosure () -> String) throws(ModelFileError)
    -> [String: String]
  {
    let object = try object(node, path())
    if object.members.count > NNMFormat.maxMetadataEntries {
      throw .limitExceeded(
        offset: node.offset, path: path(), what: "number of entries",
        limit: UInt64(NNMFormat.maxMetadataEntries), found: UInt64(object.members.count))
    }
    var map: [String: String] = [:]
    for member in object.members {
      if member.key.isEmpty {
        throw .invalidField(offset: member.offset, path: path(), problem: "keys must not be empty")
      }
      // Swift compares strings by canonical equivalence; two keys that differ only in Unicode
      // normalization would collapse into one entry, so they count as duplicates.
      if map.updateValue(try string(member.value, path() + pathKey(member.key)), forKey: member.key)
        != nil
      {
        throw .duplicateKey(offset: member.offset, path: path(), key: member.key)
      }
    }
    return map
  }

  mutating func decodeExtra(
    _ node: JSONNode, _ path: @autoclosure () -> String, section: Int, first: Bool
  ) throws(ModelFileError) -> OpaqueSection? {
    var object = try object(node, path())
    let typeNode = try object.require("type", path()).value
    let typeName = try string(typeNode, path() + ".type")
    guard let type = NNMFormat.typeCode(typeName) else {
      throw .invalidField(
        offset: typeNode.offset, path: path() + ".type",
        problem: "expected four printable ASCII characters")
    }
    if type == NNMFormat.metaSectionType || type == NNMFormat.tensorSectionType {
      throw .invalidField(
        offset: typeNode.offset, path: path() + ".type",
        problem: "\(typeName) is not an extra section type")
    }
    let requiredNode = try object.require("required", path()).value
    let required = try bool(requiredNode, path() + ".required")
    let payloadNode = try object.require("payload", path()).value
    let encoded = try string(payloadNode, path() + ".payload", limit: Int.max)
    guard let payload = Base64.decode(encoded) else {
      throw .invalidField(
        offset: payloadNode.offset, path: path() + ".payload",
        problem: "invalid base64 (RFC 4648, padded, canonical)")
    }
    if first && type == NNMFormat.gateSectionType && readerVersion.knowsFormat1point1 {
      guard required, payload.isEmpty else {
        throw .invalidField(
          offset: typeNode.offset, path: path(),
          problem: "the v1.1 section must be required and empty")
      }
      try object.finish(ignoringUnknown: ignoreUnknownKeys, path())
      sawGateSection = true
      return nil
    }
    if required {
      throw .requiredExtraSection(
        offset: requiredNode.offset, path: path() + ".required", type: typeName)
    }
    try object.finish(ignoringUnknown: ignoreUnknownKeys, path())
    return OpaqueSection(type: type, isRequired: required, payload: payload)
  }
}
