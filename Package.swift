// swift-tools-version:6.1
// The nnkit package: the model format (NNModel), the engine (NNEngine), and the two tools.
// Dependencies point one way: executables -> NNRepl/NNCommandLine -> NNEngine -> NNModel.
import PackageDescription

let package = Package(
  name: "nnkit",
  products: [
    .library(name: "NNModel", targets: ["NNModel"]),
    .library(name: "NNEngine", targets: ["NNEngine"]),
    .library(name: "NNPlot", targets: ["NNPlot"]),
    .library(name: "NNInterop", targets: ["NNInterop"]),
    // The tools' shared code, as a product only so that Fuzz/ can fuzz its CSV reader.
    .library(name: "NNCommandLine", targets: ["NNCommandLine"]),
    // The REPL's session and line parsing, for Fuzz/ (FuzzReplLine) and embedders.
    .library(name: "NNRepl", targets: ["NNRepl"]),
    .executable(name: "nntool", targets: ["nntool"]),
    .executable(name: "nnrepl", targets: ["nnrepl"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    // FilePath, the one spelling of file paths in the libraries' API (no Foundation).
    .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
  ],
  targets: [
    // CRC-32C with the SSE4.2 instruction where the CPU has it; portable tables elsewhere.
    .target(name: "CChecksum"),
    // Locale-independent decimal parsing: JSON numbers' slow path, the CSV reader's cells.
    .target(name: "CNumbers"),
    .target(
      name: "NNModel",
      dependencies: [
        "CChecksum", "CNumbers", .product(name: "SystemPackage", package: "swift-system"),
      ]),
    // Single-precision matrix kernels for AVX2 + FMA, chosen at run time by NNEngine.
    .target(name: "CKernels"),
    .target(name: "NNEngine", dependencies: ["NNModel", "CKernels"]),
    // Pictures: SVG and terminal drawings of networks, loss curves and decision maps.
    .target(name: "NNPlot", dependencies: ["NNModel", "NNEngine"]),
    // ONNX and safetensors import and export, over NNModel only (no Foundation).
    .target(name: "NNInterop", dependencies: ["NNModel"]),
    .target(
      name: "NNCommandLine",
      dependencies: ["NNModel", "NNEngine", "NNPlot", "NNInterop"]
    ),
    .target(
      name: "NNRepl",
      dependencies: ["NNModel", "NNEngine", "NNCommandLine", "NNPlot", "NNInterop"]),
    .systemLibrary(
      name: "CReadline",
      providers: [.apt(["libreadline-dev"]), .brew(["readline"])]
    ),
    // The command-line options both executables take (the import options, the library enums
    // as option values): one definition, one help text.
    .target(
      name: "NNToolOptions",
      dependencies: [
        "NNModel", "NNEngine", "NNCommandLine", "NNInterop",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(
      name: "nntool",
      dependencies: [
        "NNModel", "NNEngine", "NNCommandLine", "NNPlot", "NNInterop", "NNToolOptions",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(
      name: "nnrepl",
      dependencies: [
        "NNRepl", "NNCommandLine", "NNPlot", "NNInterop", "NNToolOptions", "CReadline",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // The models the NNModel and NNInterop tests share (`Fixtures`), in one place.
    .target(name: "NNTestSupport", dependencies: ["NNModel"], path: "Tests/NNTestSupport"),
    .testTarget(name: "NNModelTests", dependencies: ["NNModel", "NNTestSupport"]),
    .testTarget(name: "NNEngineTests", dependencies: ["NNEngine"]),
    .testTarget(name: "NNInteropTests", dependencies: ["NNInterop", "NNEngine", "NNTestSupport"]),
    .testTarget(name: "NNCommandLineTests", dependencies: ["NNCommandLine", "NNPlot"]),
    .testTarget(name: "NNPlotTests", dependencies: ["NNPlot"]),
    .testTarget(name: "NNReplTests", dependencies: ["NNRepl"]),
    // Runs the built nntool and nnrepl binaries and checks stdout, stderr and exit status.
    .testTarget(name: "EndToEndTests", dependencies: ["nntool", "nnrepl"]),
  ]
)

// API documentation (DocC) is built by .ci/docs.sh, which sets NNKIT_DOCC: only then does the
// package depend on swift-docc-plugin, so ordinary builds neither resolve nor build it.
if Context.environment["NNKIT_DOCC"] != nil {
  package.dependencies.append(
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"))
}

// `make install` (scripts/install.sh) sets NNKIT_STATIC_EXECUTABLE when it links nntool (with
// --static-swift-stdlib): a fully static executable starts without the dynamic loader, libstdc++
// and 40,000 relocations, half the CPU time of a whole `nntool predict` (docs/benchmarks.md,
// W6). Linker flags only: the compiled modules stay those of the ordinary release build.
if Context.environment["NNKIT_STATIC_EXECUTABLE"] != nil {
  for target in package.targets where target.name == "nntool" {
    target.linkerSettings = [.unsafeFlags(["-Xclang-linker", "-static"])]
  }
}
