#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The clock every figure is timed on: the monotonic clock, or with `BENCH_CLOCK=cpu` the
/// process's CPU time (user + system), which a machine shared with other work disturbs less;
/// meaningful for single-threaded workloads only (`docs/benchmarks.md`, W5j).
let benchClock =
  getenv("BENCH_CLOCK").map { String(cString: $0) } == "cpu"
  ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC

/// Seconds on `benchClock`.
func now() -> Double {
  var spec = timespec()
  clock_gettime(benchClock, &spec)
  return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
}

/// The median of `values` (the mean of the two middle values for an even count).
func median(_ values: [Double]) -> Double {
  let sorted = values.sorted()
  let middle = sorted.count / 2
  return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// Runs `body` `reps` times after an untimed `setup` each time, and returns the median seconds.
func medianSeconds<State>(
  reps: Int, setup: () throws -> State, _ body: (inout State) throws -> Void
) rethrows -> Double {
  var times: [Double] = []
  for _ in 0..<reps {
    var state = try setup()
    let start = now()
    try body(&state)
    times.append(now() - start)
  }
  return median(times)
}

/// The median over `reps` loops of the mean seconds per call of `body`; each loop runs long
/// enough (at least `minimumSeconds`) for the clock's resolution not to matter.
func perCallSeconds(reps: Int, minimumSeconds: Double = 0.05, _ body: () -> Void) -> Double {
  body()
  var count = 1
  while true {
    let start = now()
    for _ in 0..<count { body() }
    if now() - start >= minimumSeconds { break }
    count *= 2
  }
  var times: [Double] = []
  for _ in 0..<reps {
    let start = now()
    for _ in 0..<count { body() }
    times.append((now() - start) / Double(count))
  }
  return median(times)
}

/// Keeps a value alive so the optimizer cannot drop the work that produced it.
@inline(never) func blackHole<T>(_ value: T) {
  withExtendedLifetime(value) {}
}

/// Appended to every implementation name: BENCH_IMPL_SUFFIX, e.g. "-1t" for a run with
/// NNKIT_THREADS=1.
let implSuffix = getenv("BENCH_IMPL_SUFFIX").map { String(cString: $0) } ?? ""

/// Prints one result as a JSON object on its own line, in the format every peer shares.
func emit(
  _ workload: String, _ name: String, impl: String = "nnkit", value: Double, unit: String,
  better: String, reps: Int, note: String = ""
) {
  func quoted(_ text: String) -> String {
    var out = "\""
    for character in text.unicodeScalars {
      switch character {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      default: out.unicodeScalars.append(character)
      }
    }
    return out + "\""
  }
  let fields = [
    ("workload", quoted(workload)), ("case", quoted(name)), ("impl", quoted(impl + implSuffix)),
    ("value", value.isFinite ? "\(value)" : "null"), ("unit", quoted(unit)),
    ("better", quoted(better)), ("reps", "\(reps)"), ("note", quoted(note)),
  ]
  print("{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}")
  fflush(stdout)
}

/// Formats a number with a few significant digits, for notes.
func short(_ value: Double) -> String {
  let scaled = (value * 1000).rounded() / 1000
  return "\(scaled)"
}

/// Reads a whole file into memory, or exits with a one-line error naming it.
func readFile(_ path: String) -> [UInt8] {
  guard let file = fopen(path, "rb") else {
    fatalError("nnbench: cannot open \(path)")
  }
  defer { fclose(file) }
  fseek(file, 0, SEEK_END)
  let size = ftell(file)
  fseek(file, 0, SEEK_SET)
  var bytes = [UInt8](repeating: 0, count: size)
  let read = bytes.withUnsafeMutableBytes { fread($0.baseAddress, 1, size, file) }
  precondition(read == size, "nnbench: short read of \(path)")
  return bytes
}

/// Reads a file of little-endian float32 values.
func readFloats(_ path: String) -> [Float] {
  let bytes = readFile(path)
  return bytes.withUnsafeBytes { raw in
    (0..<bytes.count / 4).map {
      Float(bitPattern: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self).littleEndian)
    }
  }
}

/// Reads a file of little-endian float64 values.
func readDoubles(_ path: String) -> [Double] {
  let bytes = readFile(path)
  return bytes.withUnsafeBytes { raw in
    (0..<bytes.count / 8).map {
      Double(bitPattern: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self).littleEndian)
    }
  }
}
