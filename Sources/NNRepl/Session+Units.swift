import NNModel

// A regression model with output normalization (format 1.1) computes in standardized units:
// the network's outputs y′ and the loss are in those, the answers the user reads and the
// targets the user types are in the targets' own units, y = y′ · scale + shift. These two maps
// are the only places the REPL converts; for every other model they change nothing.

extension Session {
  /// The network's outputs as answers in the targets' units.
  func answer(_ outputs: [Double]) -> [Double] { layout.output.denormalized(outputs) }

  /// A target typed in the targets' units, as the network's loss compares it.
  func networkTarget(_ target: [Double]) -> [Double] { layout.output.normalized(target) }
}
