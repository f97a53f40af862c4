// swift-tools-version:6.1
// nnkit's benchmark harness: a separate package so that the main package stays light.
// `nnbench` runs the workloads W1-W5 and W9 of docs/benchmarks.md in-process and prints one JSON
// object per result; Benchmarks/run.sh runs it beside the peers (FANN, numpy, onnxruntime,
// safetensors, orjson) and builds the report.
import PackageDescription

let package = Package(
  name: "nnkit-benchmarks",
  dependencies: [
    .package(name: "nnkit", path: "..")
  ],
  targets: [
    .executableTarget(
      name: "nnbench",
      dependencies: [
        .product(name: "NNModel", package: "nnkit"),
        .product(name: "NNEngine", package: "nnkit"),
        .product(name: "NNInterop", package: "nnkit"),
        .product(name: "NNCommandLine", package: "nnkit"),
        .product(name: "NNRepl", package: "nnkit"),
      ],
      swiftSettings: [.swiftLanguageMode(.v5)]
    ),
    // The start-up baseline for whole-process timings (W6): a Swift hello world.
    .executableTarget(name: "swifthello"),
  ]
)
