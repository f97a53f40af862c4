import ArgumentParser

/// The nntool command.
struct NNTool: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nntool",
    abstract: "Train, inspect, run and convert nnkit model files."
  )
}

NNTool.main()
