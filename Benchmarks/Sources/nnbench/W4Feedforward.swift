import NNEngine
import NNModel

/// W4: feedforward latency (one sample) and throughput (a batch of 1,024) for the tutorial's
/// 2-2-1 network and a 784-256-128-10 ReLU/softmax network.
func runW4(reps: Int) throws {
  // 2-2-1: the engine's allocation-free single-sample call, in f64 and f32, and the
  // dtype-erased tool-level call (normalization + Double boundary + allocation).
  for scalarType in [ScalarType.float32, .float64] {
    let model = tutorialModel(scalarType)
    let seconds: Double
    if scalarType == .float32 {
      seconds = try tinyLatency(Network<Float>(model: model), reps: reps)
    } else {
      seconds = try tinyLatency(Network<Double>(model: model), reps: reps)
    }
    emit(
      "W4", "2-2-1 one sample", impl: scalarType == .float32 ? "nnkit" : "nnkit-f64",
      value: seconds * 1e9, unit: "ns", better: "lower", reps: reps,
      note: "Network.forward(_:into:), no allocation")
  }
  let tiny = try Network<Float>(model: tutorialModel(.float32))
  var probe: Float = -7
  let arraySeconds = perCallSeconds(reps: reps) {
    probe = probe == -7 ? -6 : -7
    // The row is right by construction; the check is the one comparison users pay too.
    do { blackHole(try tiny.forward([probe, -3])) } catch { preconditionFailure("\(error)") }
  }
  emit(
    "W4", "2-2-1 one sample", impl: "nnkit-array", value: arraySeconds * 1e9, unit: "ns",
    better: "lower", reps: reps, note: "Network<Float>.forward([Float]) -> [Float] (allocates)")

  // 784-256-128-10, f32.
  let big = try Network<Float>(
    model: denseModel(
      sizes: [784, 256, 128, 10], hidden: .relu, output: .softmax, scalarType: .float32, seed: 2))
  var random = BenchRandom(state: 7)
  let batchRows = 1024
  let inputs = (0..<batchRows * 784).map { _ in Float(random.uniform()) }
  var output = [Float](repeating: 0, count: 10)
  let one = inputs.withUnsafeBufferPointer { input in
    output.withUnsafeMutableBufferPointer { output in
      perCallSeconds(reps: reps) {
        big.forward(UnsafeBufferPointer(rebasing: input[0..<784]), into: output)
      }
    }
  }
  blackHole(output)
  emit(
    "W4", "784 net one sample", value: one * 1e6, unit: "us", better: "lower", reps: reps,
    note: "f32, Network.forward(_:into:)")
  let workspace = big.makeWorkspace(batchCapacity: batchRows)
  let batch = inputs.withUnsafeBufferPointer { input in
    guard let first = input.baseAddress else { fatalError("W4: the batch is empty") }
    return perCallSeconds(reps: reps) {
      big.forward(batch: first, rows: batchRows, workspace: workspace)
    }
  }
  emit(
    "W4", "784 net batch 1024", value: Double(batchRows) / batch, unit: "samples/s",
    better: "higher", reps: reps, note: "f32, Network.forward(batch:rows:workspace:)")
}

private func tinyLatency<Scalar: NetworkScalar>(_ network: Network<Scalar>, reps: Int) -> Double {
  var input: [Scalar] = [-7, -3]
  var output: [Scalar] = [0]
  var sink: Scalar = 0
  var counter = 0
  let seconds = input.withUnsafeMutableBufferPointer { input in
    output.withUnsafeMutableBufferPointer { output in
      perCallSeconds(reps: reps) {
        // A varying input (as in the FANN peer), so nothing can be hoisted out of the loop.
        counter &+= 1
        input[0] = Scalar(counter & 7) - 7
        network.forward(UnsafeBufferPointer(input), into: output)
        sink += output[0]
      }
    }
  }
  blackHole(sink)
  return seconds
}
