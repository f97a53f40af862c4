// swift-tools-version:6.1
// An example program that uses nnkit's model library: it reads a .nnm model, runs it, edits
// its metadata, and writes it back as binary and as JSON. `swift run ReadWriteModel [model.nnm]`.
import PackageDescription

let package = Package(
  name: "ReadWriteModel",
  dependencies: [
    // Your own package would say `.package(url: "<nnkit's repository>", from: "…")`.
    .package(name: "nnkit", path: "../..")
  ],
  targets: [
    .executableTarget(
      name: "ReadWriteModel",
      dependencies: [
        .product(name: "NNModel", package: "nnkit"),  // the format: read, validate, write
        .product(name: "NNEngine", package: "nnkit"),  // the maths: run the network
      ]
    )
  ]
)
