// nnbench: nnkit's side of the benchmark workloads (docs/benchmarks.md). Each result is one
// JSON object per line on stdout, in the same format as the peers in ../../peers.
//
// usage: nnbench WORKLOAD [--reps N] [--epochs N] [--samples N] [--sizes a,b,c] [--data PATH]
//          [--dir PATH]
//   w1          tutorial 2-2-1 training        (--reps, --epochs)
//   w2          digits 64-32-10, batch 1 and 32 (--data digits.f32, --reps, --epochs)
//   w3          784-256-128-10 training         (--reps, --samples)
//   w4          feedforward latency/throughput  (--reps)
//   w5          model file save/load/open        (--dir, --reps, --sizes)
//   w5j         JSON encode/decode of 1M f64     (--data w5j_f64.bin, --reps)
//   w8          ONNX/safetensors export/import    (--dir, --reps, --sizes)
//   w9          read a CSV file with CSVTable    (--data FILE.csv, --reps)
//   repl        nnrepl query and :set, 784-256-128-10 (--reps)
//   save-tutorial  train W1 and write the model for W6 (--out PATH)
// NNBENCH_ONLY=<impl> runs only that implementation of W1 (for profiling).
#if canImport(Glibc)
  import Glibc
#endif

var options: [String: String] = [:]
let arguments = Array(CommandLine.arguments.dropFirst())
var index = 1
while index + 1 < arguments.count {
  options[arguments[index]] = arguments[index + 1]
  index += 2
}

func option(_ name: String, _ fallback: Int) -> Int {
  options[name].flatMap { Int($0) } ?? fallback
}

func option(_ name: String) -> String {
  guard let value = options[name] else {
    fputs("nnbench: \(arguments.first ?? "") needs \(name)\n", stderr)
    exit(2)
  }
  return value
}

do {
  switch arguments.first {
  case "w1": try runW1(reps: option("--reps", 21), epochs: option("--epochs", 1000))
  case "w2":
    try runW2(
      digitsPath: option("--data"), reps: option("--reps", 3), epochs: option("--epochs", 20))
  case "w3": try runW3(reps: option("--reps", 3), samples: option("--samples", 10_000))
  case "w4": try runW4(reps: option("--reps", 7))
  case "w5":
    let sizes = option("--sizes").split(separator: ",").compactMap { Int($0) }
    try runW5(directory: option("--dir"), reps: option("--reps", 5), sizes: sizes)
  case "w5j": try runW5j(weightsPath: option("--data"), reps: option("--reps", 5))
  case "w8":
    let sizes = option("--sizes").split(separator: ",").compactMap { Int($0) }
    try runW8(directory: option("--dir"), reps: option("--reps", 5), sizes: sizes)
  case "w9": try runW9(path: option("--data"), reps: option("--reps", 3))
  case "repl": try runREPL(reps: option("--reps", 5))
  case "save-tutorial": try saveTutorial(path: option("--out"))
  default:
    fputs("usage: nnbench w1|w2|w3|w4|w5|w5j|w8|w9|repl [--reps N] ...\n", stderr)
    exit(2)
  }
} catch {
  fputs("nnbench: \(error)\n", stderr)
  exit(1)
}
