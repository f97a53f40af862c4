import NNCommandLine
import NNModel

extension Session {
  /// How a target is shown: its label (control characters escaped) when it is exactly one of
  /// the model's classes, otherwise its numbers.
  func describe(target: [Double]) -> String {
    let numbers = target.map(compact).joined(separator: " ")
    switch layout.output.task {
    case .regression:
      return numbers
    case .binary(_, let negative, let positive):
      if target == [1] { return escapedForTerminal(positive) }
      if target == [0] { return escapedForTerminal(negative) }
      return numbers
    case .multiclass(let labels):
      if target.filter({ $0 == 1 }).count == 1, target.allSatisfy({ $0 == 0 || $0 == 1 }),
        let index = target.firstIndex(of: 1), index < labels.count
      {
        return escapedForTerminal(labels[index])
      }
      return numbers
    }
  }
}
