// swift-tools-version:6.1
// An example program that uses nnkit's libraries to do the tutorial in code: build the 2-2-1
// network, look at one gradient by the chain rule, train it on the four people, save it, read
// it back and ask about Emily and Frank. `swift run TrainModel [out.nnm]`.
import PackageDescription

let package = Package(
  name: "TrainModel",
  dependencies: [
    // Your own package would say `.package(url: "<nnkit's repository>", from: "…")`.
    .package(name: "nnkit", path: "../..")
  ],
  targets: [
    .executableTarget(
      name: "TrainModel",
      dependencies: [
        .product(name: "NNModel", package: "nnkit"),  // the format: read, validate, write
        .product(name: "NNEngine", package: "nnkit"),  // the maths: run, differentiate, train
      ]
    )
  ]
)
