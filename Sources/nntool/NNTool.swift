import ArgumentParser
import NNCommandLine

/// The `nntool` command: subcommands for shell scripts and Makefiles.
struct NNTool: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nntool",
    abstract: "Train, inspect, run and convert nnkit model files (.nnm).",
    discussion: """
      Data goes to standard output, diagnostics and progress to standard error. Exit status: \
      0 success; 1 verify found an invalid file or diff found a difference; 64 usage error; \
      65 bad input data; 66 missing input file; 70 internal error (training diverged); \
      73 cannot write output; 130 interrupted with nothing saved.

      Example (the tutorial's network, trained on raw pounds and inches):
        nntool train --data people.csv --target gender --hidden 2 --loss mse \\
          --normalize shift=135,66 --positive F --out gender.nnm
        nntool predict gender.nnm --input 128,63
      """,
    version: ToolInfo.version,
    subcommands: [
      Train.self, Inspect.self, Predict.self, Eval.self, Convert.self, Verify.self, Diff.self,
      Meta.self, Export.self, Import.self, Draw.self, Plot.self, Report.self, Completion.self,
    ]
  )
}
