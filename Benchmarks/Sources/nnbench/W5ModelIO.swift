import NNModel

#if canImport(Glibc)
  import Glibc
#endif

/// The shapes shared with the Python peers (peers/python/w5_io.py): one dense layer of
/// `units x inputs` weights plus `units` biases, so that 1M / 10M / 100M are exact.
func shape(for count: Int) -> (units: Int, inputs: Int) {
  switch count {
  case 1_000_000: (1000, 999)
  case 10_000_000: (10000, 999)
  case 100_000_000: (100_000, 999)
  default: (100, count / 100 - 1)
  }
}

func label(_ count: Int) -> String {
  count >= 1_000_000 ? "\(count / 1_000_000)M" : "\(count / 1000)k"
}

/// A one-layer f32 model of `count` parameters with random weights.
func ioModel(count: Int) -> Model {
  let (units, inputs) = shape(for: count)
  var random = BenchRandom(state: 5)
  let weights = (0..<units * inputs).map { _ in Float(random.uniform() * 2 - 1) }
  let biases = (0..<units).map { _ in Float(random.uniform() * 2 - 1) }
  return Model(
    name: "w5", features: (0..<inputs).map { Feature(name: "x\($0)") },
    layers: [
      DenseLayer(
        activation: .identity, weights: Tensor(shape: [units, inputs], storage: .float32(weights)),
        biases: Tensor(shape: [units], storage: .float32(biases)))
    ])
}

/// W5: save (atomic: temp file, fsync, rename), eager load with every checksum verified, mapped
/// open (header, section table and metadata only), and mapped open + verify; warm page cache.
func runW5(directory: String, reps: Int, sizes: [Int]) throws {
  mkdir(directory, 0o755)
  // NNBENCH_ONLY=load|open|save: write each file once, untimed, then time only the eager load,
  // the mapped open or the save (profiling).
  if let only = getenv("NNBENCH_ONLY").map({ String(cString: $0) }),
    ["load", "open", "save"].contains(only)
  {
    for count in sizes {
      let path = "\(directory)/w5-\(label(count)).nnm"
      let model = ioModel(count: count)
      try model.write(to: FilePath(path))
      let seconds = try medianSeconds(reps: reps) {
        ()
      } _: { _ in
        switch only {
        case "load": blackHole(try Model(contentsOf: FilePath(path)))
        case "open": blackHole(try MappedModel(contentsOf: FilePath(path)))
        default: try model.write(to: FilePath(path))
        }
      }
      emit(
        "W5", "\(only) \(label(count))", value: seconds * 1e3, unit: "ms", better: "lower",
        reps: reps)
      unlink(path)
    }
    return
  }
  for count in sizes {
    let model = ioModel(count: count)
    let path = "\(directory)/w5-\(label(count)).nnm"
    let bytes = Double(count * 4)
    func report(
      _ name: String, _ seconds: Double, _ note: String, impl: String = "nnkit",
      runs: Int = reps
    ) {
      let rate = name.hasPrefix("open") ? "" : "\(short(bytes / seconds / 1e9)) GB/s; "
      emit(
        "W5", "\(name) \(label(count))", impl: impl, value: seconds * 1e3, unit: "ms",
        better: "lower", reps: runs, note: rate + note)
    }
    report(
      "save",
      try medianSeconds(reps: reps) {
        ()
      } _: { _ in
        try model.write(to: FilePath(path))
      },
      "Model.write(to:): encode + CRC-32C, temp file, fsync, rename, fsync dir")
    report(
      "save",
      try medianSeconds(reps: reps) {
        ()
      } _: { _ in
        blackHole(try model.binaryEncoded())
      },
      "Model.binaryEncoded() in memory (no file)", impl: "nnkit-encode-only")
    // The previous repetition's model is freed before the clock starts (as the peers do).
    var loaded: Model?
    report(
      "load",
      try medianSeconds(reps: reps) {
        loaded = nil
      } _: { _ in
        loaded = try Model(contentsOf: FilePath(path))
      },
      "Model(contentsOf:), eager, every CRC-32C verified")
    precondition(loaded == model, "nnbench: the loaded model differs from the saved one")
    loaded = nil
    // Each open is timed alone: the mappings are kept until all are done, so that no munmap of
    // an earlier one lands in a timed region.
    let openReps = max(reps, 21)
    var opened: [MappedModel] = []
    opened.reserveCapacity(openReps)
    report(
      "open",
      try medianSeconds(reps: openReps) {
        ()
      } _: { _ in
        opened.append(try MappedModel(contentsOf: FilePath(path)))
      },
      "MappedModel(contentsOf:): header, section table, META; tensors unchecked", runs: openReps)
    precondition(opened.allSatisfy { $0.parameterCount == count })
    opened.removeAll()
    report(
      "load",
      try medianSeconds(reps: reps) {
        ()
      } _: { _ in
        try MappedModel(contentsOf: FilePath(path)).verify()
      },
      "MappedModel(contentsOf:) + verify(): mapped, every CRC-32C checked",
      impl: "nnkit-mapped-verify")
    unlink(path)
  }
}

/// W5j: the canonical JSON encoding (shortest round-trip numbers) of a model holding the 1M
/// float64 weights of `weightsPath` (1000 x 999 weights + 1000 biases), and decoding it back.
func runW5j(weightsPath: String, reps: Int) throws {
  let values = readDoubles(weightsPath)
  precondition(values.count == 1_000_000, "nnbench: expected 1,000,000 float64 values")
  let model = Model(
    name: "w5j", features: (0..<999).map { Feature(name: "x\($0)") },
    layers: [
      DenseLayer(
        activation: .identity,
        weights: Tensor(shape: [1000, 999], storage: .float64(Array(values[0..<999_000]))),
        biases: Tensor(shape: [1000], storage: .float64(Array(values[999_000...]))))
    ])
  var text = ""
  let encode = try medianSeconds(reps: reps) {
    ()
  } _: { _ in
    text = try model.jsonEncoded()
  }
  let document = Array(text.utf8)
  let megabytes = Double(document.count) / 1e6
  var decoded: Model?
  let decode = try medianSeconds(reps: reps) {
    ()
  } _: { _ in
    decoded = try Model(bytes: document)
  }
  precondition(decoded == model, "nnbench: JSON round trip changed the model")
  let note = "\(short(megabytes)) MB model document (canonical nnm JSON)"
  emit(
    "W5j", "JSON encode 1M f64", value: megabytes / encode, unit: "MB/s", better: "higher",
    reps: reps, note: "Model.jsonEncoded(); " + note)
  emit(
    "W5j", "JSON decode 1M f64", value: megabytes / decode, unit: "MB/s", better: "higher",
    reps: reps, note: "Model(bytes:), validated; " + note)
}
