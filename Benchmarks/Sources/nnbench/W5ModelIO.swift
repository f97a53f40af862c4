import NNModel

/// W5: model file save, eager verified load and mapped open (filled in against the codec API).
func runW5(directory: String, reps: Int, sizes: [Int]) throws {
  fputs("nnbench: w5 needs the format codec (not merged yet)\n", stderr)
}

/// W5j: JSON encode and decode of 1M float64 weights.
func runW5j(weightsPath: String, reps: Int) throws {
  fputs("nnbench: w5j needs the format codec (not merged yet)\n", stderr)
}

#if canImport(Glibc)
  import Glibc
#endif
