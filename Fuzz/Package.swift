// swift-tools-version:5.4
// libFuzzer targets for the .nnm codecs (NNModel). Tools version 5.4 on purpose: with newer
// ones SwiftPM renames an executable's entry point and the libFuzzer link fails with an
// undefined `<Target>_main`. Build and run with `bash run.sh [seconds]`; see README.md.
import PackageDescription

let package = Package(
  name: "nnkit-fuzz",
  dependencies: [
    .package(name: "nnkit", path: "..")
  ],
  targets: [
    // The invariants both targets check: decode, re-encode, compare.
    .target(
      name: "FuzzSupport",
      dependencies: [.product(name: "NNModel", package: "nnkit")]
    ),
    .executableTarget(name: "FuzzBinary", dependencies: ["FuzzSupport"]),
    .executableTarget(name: "FuzzJSON", dependencies: ["FuzzSupport"]),
    // The CSV reader of the tools (NNCommandLine): caps, quoting, write-and-read-back.
    .executableTarget(
      name: "FuzzCSV", dependencies: [.product(name: "NNCommandLine", package: "nnkit")]),
    // The ONNX and safetensors importers (NNInterop): import, then export → import again.
    .target(
      name: "FuzzInteropSupport",
      dependencies: [.product(name: "NNInterop", package: "nnkit")]
    ),
    .executableTarget(name: "FuzzONNX", dependencies: ["FuzzInteropSupport"]),
    .executableTarget(name: "FuzzSafetensors", dependencies: ["FuzzInteropSupport"]),
    // The REPL's line parser (tokenizer and sample syntax), parsing only: nothing runs.
    .executableTarget(
      name: "FuzzReplLine",
      dependencies: [
        .product(name: "NNModel", package: "nnkit"), .product(name: "NNRepl", package: "nnkit"),
      ]
    ),
  ]
)
