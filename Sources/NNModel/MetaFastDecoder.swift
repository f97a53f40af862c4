#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A one-pass decoder of the META document for the form writers produce: the keys of every
/// object in the canonical order, strings without escapes, map keys in ASCII and sorted. It
/// reads the bytes straight into the ``Model`` — no tree of nodes, no `String` per key — so
/// that opening a mapped model with a thousand features costs microseconds
/// (`docs/benchmarks.md`, W5).
///
/// It never reports an error: on anything else (another key order, an escape, a limit
/// reached, a value out of range, a syntax error) it gives up, and the caller decodes the
/// document again with ``JSONParser`` and ``ModelJSONDecoder``, which report every error with
/// its byte offset and JSON path. So it must accept only documents the general decoder
/// accepts, and decode them to the same model and tensors: `MetaDecodersTests` and the fuzz
/// targets compare the two.
struct MetaFastDecoder {
  /// The decoder met something it leaves to the general decoder.
  struct Fallback: Error {}

  let bytes: UnsafeBufferPointer<UInt8>
  let readerVersion: FormatVersion
  var index = 0
  var tensors: [TensorDescription] = []
  var parameterTotal = 0

  /// The model (tensors with shapes, no elements) and its tensor descriptions, or nil when
  /// the general decoder must decide.
  static func decode(_ bytes: UnsafeBufferPointer<UInt8>, readerVersion: FormatVersion)
    -> (Model, [TensorDescription])?
  {
    var decoder = MetaFastDecoder(bytes: bytes, readerVersion: readerVersion)
    do throws(Fallback) {
      let model = try decoder.decodeDocument()
      return (model, decoder.tensors)
    } catch {
      return nil
    }
  }

  // MARK: Tokens

  @inline(__always) mutating func skipWhitespace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x09, 0x0A, 0x0D: index += 1
      default: return
      }
    }
  }

  @inline(__always) mutating func expect(_ byte: UInt8) throws(Fallback) {
    skipWhitespace()
    guard index < bytes.count, bytes[index] == byte else { throw Fallback() }
    index += 1
  }

  /// Consumes `byte` (after white space) if it is next.
  @inline(__always) mutating func consume(_ byte: UInt8) -> Bool {
    skipWhitespace()
    guard index < bytes.count, bytes[index] == byte else { return false }
    index += 1
    return true
  }

  /// Consumes `"name":` — preceded by `,` unless `first` — if it is next; else consumes
  /// nothing.
  mutating func member(_ name: StaticString, first: inout Bool) -> Bool {
    let start = index
    if !first && !consume(UInt8(ascii: ",")) {
      index = start
      return false
    }
    skipWhitespace()
    let count = name.utf8CodeUnitCount
    guard index + count + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\""),
      bytes[index + count + 1] == UInt8(ascii: "\"")
    else {
      index = start
      return false
    }
    // Keys are short: a loop beats a call to memcmp.
    let key = name.utf8Start
    for k in 0..<count where bytes[index + 1 + k] != key[k] {
      index = start
      return false
    }
    index += count + 2
    guard consume(UInt8(ascii: ":")) else {
      index = start
      return false
    }
    first = false
    return true
  }

  mutating func require(_ name: StaticString, first: inout Bool) throws(Fallback) {
    guard member(name, first: &first) else { throw Fallback() }
  }

  /// The bytes of a string without escapes (between the quotes), and whether they are ASCII.
  mutating func rawString() throws(Fallback) -> (UnsafeBufferPointer<UInt8>, ascii: Bool) {
    skipWhitespace()
    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw Fallback() }
    let start = index + 1
    var end = start
    var high: UInt8 = 0
    while end < bytes.count {
      let byte = bytes[end]
      if byte == UInt8(ascii: "\"") { break }
      if byte == UInt8(ascii: "\\") || byte < 0x20 { throw Fallback() }
      high |= byte
      end += 1
    }
    guard end < bytes.count else { throw Fallback() }
    index = end + 1
    return (UnsafeBufferPointer(rebasing: bytes[start..<end]), high < 0x80)
  }

  /// A string value of at most `limit` bytes (the general decoder's `string`).
  mutating func string(nonEmpty: Bool = false, limit: Int = NNMFormat.maxStringBytes)
    throws(Fallback) -> String
  {
    let (text, ascii) = try rawString()
    guard text.count <= limit, !(nonEmpty && text.isEmpty) else { throw Fallback() }
    if ascii { return String(decoding: text, as: UTF8.self) }
    guard let validated = String(validating: text, as: UTF8.self) else { throw Fallback() }
    return validated
  }

  /// The text of a number, checked against the grammar and length the parser enforces.
  mutating func numberText() throws(Fallback) -> UnsafeBufferPointer<UInt8> {
    skipWhitespace()
    let start = index
    @inline(__always) func digit() -> Bool { index < bytes.count && isDigit(bytes[index]) }
    if index < bytes.count && bytes[index] == UInt8(ascii: "-") { index += 1 }
    guard digit() else { throw Fallback() }
    if bytes[index] == UInt8(ascii: "0") {
      index += 1
      if digit() { throw Fallback() }
    } else {
      while digit() { index += 1 }
    }
    if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
      index += 1
      guard digit() else { throw Fallback() }
      while digit() { index += 1 }
    }
    if index < bytes.count && (bytes[index] | 0x20) == UInt8(ascii: "e") {
      index += 1
      if index < bytes.count
        && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"))
      {
        index += 1
      }
      guard digit() else { throw Fallback() }
      while digit() { index += 1 }
    }
    guard index - start <= JSONParser.maxNumberLength else { throw Fallback() }
    return UnsafeBufferPointer(rebasing: bytes[start..<index])
  }

  /// A finite f64 (the general decoder's `double`).
  mutating func double() throws(Fallback) -> Double {
    let text = try numberText()
    // Whole numbers such as the identity normalization's 0.0 and 1.0: exact in a Double, as
    // NumberText.double would give them.
    var k = text[0] == UInt8(ascii: "-") ? 1 : 0
    var whole: Int64 = 0
    let digitsStart = k
    while k < text.count && k - digitsStart < 15, isDigit(text[k]) {
      whole = whole * 10 + Int64(text[k] &- 0x30)
      k += 1
    }
    if k < text.count && !isDigit(text[k]) && text[k] == UInt8(ascii: ".") {
      k += 1
      while k < text.count && text[k] == UInt8(ascii: "0") { k += 1 }
      if k == text.count {
        let value = Double(whole)
        return text[0] == UInt8(ascii: "-") ? -value : value
      }
    }
    let value = NumberText.double(text)
    guard value.isFinite else { throw Fallback() }
    return value
  }

  /// A plain non-negative integer of at most `max` (the general decoder's `unsigned`).
  mutating func unsigned(max: UInt64) throws(Fallback) -> UInt64 {
    guard let value = NumberText.unsigned(try numberText()), value <= max else {
      throw Fallback()
    }
    return value
  }

  mutating func int(max: Int) throws(Fallback) -> Int { Int(try unsigned(max: UInt64(max))) }

  /// Calls `element` for each element of an array of at most `limit` elements.
  mutating func array(limit: Int, _ element: (inout Self) throws(Fallback) -> Void)
    throws(Fallback)
  {
    try expect(UInt8(ascii: "["))
    if consume(UInt8(ascii: "]")) { return }
    var count = 0
    repeat {
      count += 1
      guard count <= limit else { throw Fallback() }
      try element(&self)
    } while consume(UInt8(ascii: ","))
    try expect(UInt8(ascii: "]"))
  }

  mutating func stringArray(nonEmpty: Bool) throws(Fallback) -> [String] {
    var strings: [String] = []
    try array(limit: NNMFormat.maxListEntries) { d throws(Fallback) in
      strings.append(try d.string(nonEmpty: nonEmpty))
    }
    return strings
  }

  mutating func doubleArray(limit: Int) throws(Fallback) -> [Double] {
    var values: [Double] = []
    try array(limit: limit) { d throws(Fallback) in values.append(try d.double()) }
    return values
  }

  /// An object whose keys are non-empty (if `nonEmptyKeys`) ASCII, in strictly increasing
  /// byte order (so no two are equal), at most ``NNMFormat/maxMetadataEntries`` of them.
  mutating func sortedMap<Value>(
    nonEmptyKeys: Bool, _ value: (inout Self) throws(Fallback) -> Value
  ) throws(Fallback) -> [String: Value] {
    try expect(UInt8(ascii: "{"))
    var map: [String: Value] = [:]
    if consume(UInt8(ascii: "}")) { return map }
    var previous: UnsafeBufferPointer<UInt8>?
    repeat {
      let (key, ascii) = try rawString()
      guard ascii, !(nonEmptyKeys && key.isEmpty), map.count < NNMFormat.maxMetadataEntries
      else { throw Fallback() }
      if let previous, !previous.lexicographicallyPrecedes(key) { throw Fallback() }
      previous = key
      try expect(UInt8(ascii: ":"))
      map[String(decoding: key, as: UTF8.self)] = try value(&self)
    } while consume(UInt8(ascii: ","))
    try expect(UInt8(ascii: "}"))
    return map
  }

  // MARK: The model (the order of ModelJSONEncoder's META target)

  mutating func decodeDocument() throws(Fallback) -> Model {
    try expect(UInt8(ascii: "{"))
    var first = true
    var model = Model(features: [], layers: [])
    if member("name", first: &first) { model.name = try string() }
    if member("description", first: &first) { model.description = try string() }
    try require("features", first: &first)
    try array(limit: NNMFormat.maxUnits) { d throws(Fallback) in
      model.features.append(try d.decodeFeature())
    }
    try require("layers", first: &first)
    try array(limit: NNMFormat.maxLayers) { d throws(Fallback) in
      model.layers.append(try d.decodeLayer(index: model.layers.count))
    }
    try require("output", first: &first)
    model.output = try decodeOutput()
    if member("provenance", first: &first) { model.provenance = try decodeProvenance() }
    try require("metadata", first: &first)
    model.metadata = try sortedMap(nonEmptyKeys: true) { d throws(Fallback) in try d.string() }
    try expect(UInt8(ascii: "}"))
    skipWhitespace()
    guard index == bytes.count else { throw Fallback() }
    return model
  }

  mutating func decodeFeature() throws(Fallback) -> Feature {
    try expect(UInt8(ascii: "{"))
    var first = true
    try require("name", first: &first)
    var feature = Feature(name: try string(nonEmpty: true))
    if member("unit", first: &first) { feature.unit = try string() }
    try require("normalization", first: &first)
    feature.normalization = try decodeNormalization()
    try expect(UInt8(ascii: "}"))
    return feature
  }

  mutating func decodeNormalization() throws(Fallback) -> Normalization {
    try expect(UInt8(ascii: "{"))
    var first = true
    try require("shift", first: &first)
    let shift = try double()
    try require("scale", first: &first)
    let scale = try double()
    guard scale != 0 else { throw Fallback() }
    try expect(UInt8(ascii: "}"))
    return Normalization(shift: shift, scale: scale)
  }

  mutating func decodeLayer(index: Int) throws(Fallback) -> DenseLayer {
    try expect(UInt8(ascii: "{"))
    var first = true
    try require("activation", first: &first)
    let (name, _) = try rawString()
    guard let activation = Activation(rawValue: String(decoding: name, as: UTF8.self)) else {
      throw Fallback()
    }
    try require("weights", first: &first)
    let weights = try decodeTensor(
      rank: 2, section: weightsSection(layer: index), path: "$.layers[\(index)].weights")
    try require("biases", first: &first)
    let biases = try decodeTensor(
      rank: 1, section: weightsSection(layer: index) + 1, path: "$.layers[\(index)].biases")
    try expect(UInt8(ascii: "}"))
    return DenseLayer(activation: activation, weights: weights, biases: biases)
  }

  mutating func decodeTensor(rank: Int, section: Int, path: String) throws(Fallback) -> Tensor {
    try expect(UInt8(ascii: "{"))
    var first = true
    try require("dtype", first: &first)
    let (dtype, _) = try rawString()
    let scalarType: ScalarType
    switch String(decoding: dtype, as: UTF8.self) {
    case ScalarType.float32.rawValue: scalarType = .float32
    case ScalarType.float64.rawValue: scalarType = .float64
    default: throw Fallback()
    }
    try require("shape", first: &first)
    var shape: [Int] = []
    var count = 1
    try array(limit: rank) { d throws(Fallback) in
      let extent = try d.int(max: NNMFormat.maxUnits)
      guard extent > 0 else { throw Fallback() }
      shape.append(extent)
      count *= extent  // at most (2^20)^2, no overflow
    }
    guard shape.count == rank else { throw Fallback() }
    let (total, overflow) = parameterTotal.addingReportingOverflow(count)
    guard !overflow, total <= NNMFormat.maxParameters else { throw Fallback() }
    parameterTotal = total
    try require("section", first: &first)
    guard try int(max: NNMFormat.maxSections) == section else { throw Fallback() }
    try expect(UInt8(ascii: "}"))
    tensors.append(
      TensorDescription(
        scalarType: scalarType, shape: shape, count: count, section: section, path: path))
    return Tensor(shape: shape, storage: scalarType == .float32 ? .float32([]) : .float64([]))
  }

  mutating func decodeOutput() throws(Fallback) -> OutputSpec {
    try expect(UInt8(ascii: "{"))
    var first = true
    var output = OutputSpec()
    try require("task", first: &first)
    let (task, _) = try rawString()
    switch String(decoding: task, as: UTF8.self) {
    case "regression":
      output.task = .regression
    case "binary":
      try require("threshold", first: &first)
      let threshold = try double()
      try require("negative", first: &first)
      let negative = try string(nonEmpty: true)
      try require("positive", first: &first)
      let positive = try string(nonEmpty: true)
      output.task = .binary(threshold: threshold, negative: negative, positive: positive)
    case "multiclass":
      try require("labels", first: &first)
      output.task = .multiclass(labels: try stringArray(nonEmpty: true))
    default:
      throw Fallback()
    }
    try require("names", first: &first)
    output.names = try stringArray(nonEmpty: true)
    if readerVersion.knowsFormat1point1 && member("normalization", first: &first) {
      try array(limit: NNMFormat.maxUnits) { d throws(Fallback) in
        output.normalization.append(try d.decodeNormalization())
      }
    }
    try expect(UInt8(ascii: "}"))
    return output
  }

  mutating func decodeProvenance() throws(Fallback) -> Provenance {
    try expect(UInt8(ascii: "{"))
    var first = true
    var p = Provenance()
    if member("tool", first: &first) { p.tool = try string() }
    if member("tool_version", first: &first) { p.toolVersion = try string() }
    if member("data_file", first: &first) { p.dataFile = try string() }
    if member("data_rows", first: &first) { p.dataRows = try int(max: NNMFormat.maxCounter) }
    if member("data_sha256", first: &first) { p.dataSHA256 = try string() }
    if member("loss", first: &first) { p.loss = try string() }
    if member("optimizer", first: &first) { p.optimizer = try string() }
    try require("hyperparameters", first: &first)
    p.hyperparameters = try sortedMap(nonEmptyKeys: false) { d throws(Fallback) in
      try d.double()
    }
    if member("seed", first: &first) { p.seed = try unsigned(max: .max) }
    if member("rng", first: &first) { p.rng = try string() }
    if member("epochs", first: &first) { p.epochs = try int(max: NNMFormat.maxCounter) }
    try require("loss_history", first: &first)
    p.lossHistory = try doubleArray(limit: NNMFormat.maxListEntries)
    if readerVersion.knowsFormat1point1 && member("validation_loss_history", first: &first) {
      p.validationLossHistory = try doubleArray(limit: NNMFormat.maxListEntries)
    }
    if member("created_at", first: &first) { p.createdAt = try string() }
    try expect(UInt8(ascii: "}"))
    return p
  }
}

/// For the fuzz targets: decodes `document` as a META document with both decoders, and says
/// how they disagree — nil when the fast decoder gives up or both give the same model and
/// tensors.
@_spi(Fuzzing) public func metaDecodersDisagreement(_ document: [UInt8]) -> String? {
  document.withUnsafeBufferPointer { text -> String? in
    guard let (fast, fastTensors) = MetaFastDecoder.decode(text, readerVersion: .supported)
    else { return nil }
    do throws(ModelFileError) {
      var parser = JSONParser(bytes: text)
      let root = try parser.parseDocument()
      var decoder = ModelJSONDecoder(source: text, base: 0, target: .meta)
      let general = try decoder.decodeModel(root)
      if general != fast { return "the META decoders decode different models" }
      let described = { (tensors: [TensorDescription]) in
        tensors.map { "\($0.scalarType) \($0.shape) \($0.count) \($0.section) \($0.path)" }
      }
      if described(decoder.tensors) != described(fastTensors) {
        return "the META decoders describe the tensors differently"
      }
      return nil
    } catch {
      return "the fast META decoder accepts what the general one refuses (\(error.code))"
    }
  }
}
