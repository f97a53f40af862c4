import Glibc
import NNCommandLine
import NNEngine
import NNPlot
import Testing

/// `samples/` of this checkout.
private let samplesDirectory: String = {
  // This file is Tests/<Target>/<File>.swift: three levels below the repository.
  let path = #filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(3)
    .joined(separator: "/")
  return path + "/samples"
}()

/// Set to 1 to rewrite `samples/pictures/` from the library instead of comparing with it:
/// `NNKIT_WRITE_PICTURES=1 swift test --filter PictureGoldenTests` (or run
/// `bash samples/build.sh`, which writes the same bytes through `nntool`).
private let regenerate = getenv("NNKIT_WRITE_PICTURES").map { String(cString: $0) } == "1"

/// The sample pictures, made through the same library calls `nntool draw`, `plot` and
/// `report` make, must match the committed files byte for byte.
@Suite(.serialized) struct PictureGoldenTests {
  /// A sample model, read as `nntool` reads it from inside `samples/`.
  private func sample(_ name: String) throws -> (LoadedModel, AnyNetwork) {
    var loaded = try ModelFiles.read(path: "\(samplesDirectory)/\(name)")
    loaded.path = name
    return (loaded, try EngineAdapter.network(for: loaded))
  }

  private func check(_ text: String, _ name: String) throws {
    let path = "\(samplesDirectory)/pictures/\(name)"
    if regenerate { try PictureFiles.write(text, to: path) }
    let committed = try FileAccess.readAll(path: path)
    #expect(
      committed == Array(text.utf8),
      "\(name) differs from what the library draws; see PictureGoldenTests to update it")
  }

  private func map(
    _ loaded: LoadedModel, _ network: AnyNetwork, data: String,
    options: DecisionMapSetup.Options = .init()
  ) throws -> DecisionMap {
    let table = try CSVTable.load(path: "\(samplesDirectory)/\(data)")
    return try DecisionMapSetup.map(
      model: loaded.model, network: network, table: table, options: options)
  }

  @Test func genderPictures() throws {
    let (loaded, network) = try sample("gender.nnm")
    try check(NetworkDiagram(model: loaded.model).svg().render(), "gender-network.svg")
    let emily = [128.0, 63]
    try check(
      NetworkDiagram(model: loaded.model, trace: (emily, network.trace(raw: emily))).svg()
        .render(), "gender-network-emily.svg")
    try check(
      PictureTitles.lossChart(loaded, logarithmic: false).svg().render(), "gender-loss.svg")
    let people = try map(loaded, network, data: "people.csv", options: .init(label: "name"))
    try check(
      people.svg(network: network, title: PictureTitles.decisionMap(loaded)).render(),
      "gender-map.svg")
  }

  @Test func xorAndIrisPictures() throws {
    let (xor, xorNetwork) = try sample("xor.nnm")
    try check(NetworkDiagram(model: xor.model).svg().render(), "xor-network.svg")
    try check(PictureTitles.lossChart(xor, logarithmic: true).svg().render(), "xor-loss.svg")
    try check(
      try map(xor, xorNetwork, data: "xor.csv")
        .svg(network: xorNetwork, title: PictureTitles.decisionMap(xor)).render(),
      "xor-map.svg")
    let (iris, irisNetwork) = try sample("iris.nnm")
    try check(NetworkDiagram(model: iris.model).svg().render(), "iris-network.svg")
    try check(PictureTitles.lossChart(iris, logarithmic: false).svg().render(), "iris-loss.svg")
    let irisMap = try map(
      iris, irisNetwork, data: "iris.csv",
      options: .init(x: "petal_length_cm", y: "petal_width_cm"))
    try check(
      irisMap.svg(network: irisNetwork, title: PictureTitles.decisionMap(iris)).render(),
      "iris-map.svg")
  }

  @Test func genderReport() throws {
    let (loaded, network) = try sample("gender.nnm")
    let table = try CSVTable.load(path: "\(samplesDirectory)/people.csv")
    let inputs = try ModelDataBinding.inputs(table: table, model: loaded.model)
    let expected = try ModelDataBinding.targets(
      table: table, model: loaded.model, column: "gender")
    let evaluation = Evaluation(
      model: loaded.model, outputs: try network.predict(batch: inputs), expected: expected,
      loss: Evaluation.defaultLoss(for: loaded.model))
    let report = HTMLReport(
      loaded: loaded, evaluation: evaluation, dataName: "people.csv",
      decisionMap: try map(loaded, network, data: "people.csv", options: .init(label: "name")))
    try check(report.render(network: network), "gender-report.html")
  }
}
