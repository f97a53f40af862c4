import NNEngine
import NNModel
import NNRepl

/// Discards what the REPL prints: the benchmark times the session's work, not a terminal.
final class DiscardedOutput: ReplOutput {
  func printLine(_ line: String) { blackHole(line) }
  func printError(_ line: String) { blackHole(line) }
  func progress(_ line: String?) {}
}

/// REPL: a typed query (784 numbers) and a `:set` (with its undo entry) on the
/// 784-256-128-10 model (f32), in-process through `Session.execute`, as a user's line runs.
/// Only `Session(model:output:)` and `execute` are used, so the same file times older versions
/// of the REPL (docs/benchmarks.md gives the figures before the network became the session's
/// source of truth).
func runREPL(reps: Int) throws {
  let model = denseModel(
    sizes: [784, 256, 128, 10], hidden: .relu, output: .softmax, scalarType: .float32, seed: 7)
  let session = try Session(model: model, output: DiscardedOutput())
  var random = BenchRandom(state: 11)
  let query = (0..<784).map { _ in typedText(random.uniform()) }.joined(separator: " ")
  let queryTime = perCallSeconds(reps: reps) { _ = session.execute(query) }
  var value = 0
  let setTime = perCallSeconds(reps: reps) {
    value += 1
    _ = session.execute(":set w1000 0.\(value % 1000)")
  }
  let name = "784-256-128-10 f32"
  emit(
    "REPL", "\(name), typed query", value: queryTime * 1e6, unit: "µs", better: "lower",
    reps: reps, note: "Session.execute of 784 typed numbers")
  emit(
    "REPL", "\(name), :set", value: setTime * 1e6, unit: "µs", better: "lower", reps: reps,
    note: "Session.execute(\":set w1000 …\"), with its undo entry")
}

/// A short decimal text for a typed input.
private func typedText(_ value: Double) -> String {
  String(Double(Int(value * 1000)) / 1000)
}
