// swift-tools-version:6.1
// An example program that uses NNInterop: export a model to ONNX and safetensors and import it
// back unchanged, then import a PyTorch-style state dict and run it.
// `swift run InteropModel MODEL.nnm STATE_DICT.safetensors`.
import PackageDescription

let package = Package(
  name: "InteropModel",
  dependencies: [
    // Your own package would say `.package(url: "<nnkit's repository>", from: "…")`.
    .package(name: "nnkit", path: "../..")
  ],
  targets: [
    .executableTarget(
      name: "InteropModel",
      dependencies: [
        .product(name: "NNModel", package: "nnkit"),  // the format
        .product(name: "NNInterop", package: "nnkit"),  // ONNX and safetensors
        .product(name: "NNEngine", package: "nnkit"),  // to run the imported network
      ]
    )
  ]
)
