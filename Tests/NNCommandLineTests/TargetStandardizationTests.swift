import NNEngine
import NNModel
import Testing

@testable import NNCommandLine

@Suite struct TargetStandardizationTests {
  let table: CSVTable

  init() throws {
    table = try CSVTable(
      bytes: Array("x,y,z\n1,10,0.5\n2,20,0.25\n3,30,0\n4,40,0.25\n".utf8), source: "t.csv")
  }

  @Test func regressionTargetsAreStandardizedAndTheMapIsStored() throws {
    var request = TrainingRequest()
    request.targets = ["y", "z"]
    request.features = ["x"]
    let plan = try TrainingPlan(request: request, table: table)
    let maps = plan.initialModel.output.normalization
    #expect(maps.count == 2)
    #expect(maps[0].shift == 25)
    #expect(maps[0].scale == 125.0.squareRoot())  // population σ of 10, 20, 30, 40
    #expect(plan.initialModel.output.names == ["y", "z"])
    #expect(plan.initialModel.metadata["target"] == nil)
    // The engine sees standardized targets; the model maps its outputs back.
    let first = plan.training.targets[0]
    #expect(first[0] == (10 - 25) / 125.0.squareRoot())
    #expect(abs(plan.initialModel.output.denormalized(first)[0] - 10) < 1e-12)
    var raw = request
    raw.standardizeTargets = false
    let unscaled = try TrainingPlan(request: raw, table: table)
    #expect(unscaled.initialModel.output.normalization.isEmpty)
    #expect(unscaled.training.targets[0] == [10, 0.5])
  }

  @Test func classifiersAreNotStandardized() throws {
    var request = TrainingRequest()
    request.target = "y"
    request.task = .multiclass
    let plan = try TrainingPlan(request: request, table: table)
    #expect(plan.initialModel.output.normalization.isEmpty)
  }

  @Test func validationHistoryIsRecorded() throws {
    var request = TrainingRequest()
    request.target = "y"
    request.features = ["x"]
    request.epochs = 3
    request.validationFraction = 0.25
    let plan = try TrainingPlan(request: request, table: table)
    let outcome = try TrainingSession.run(plan: plan, progressEvery: 0, terminal: nil)
    #expect(outcome.model.provenance?.validationLossHistory.count == 3)
    #expect(outcome.model.provenance?.validationLossHistory == outcome.report.validationLossHistory)
  }

  @Test func diffNamesTheOutputNormalization() throws {
    var request = TrainingRequest()
    request.target = "y"
    request.features = ["x"]
    let scaled = try TrainingPlan(request: request, table: table).initialModel
    request.standardizeTargets = false
    let raw = try TrainingPlan(request: request, table: table).initialModel
    let diff = ModelDiff(raw, scaled)
    #expect(diff.changes.map(\.path).contains("output.normalization"))
    #expect(diff.changes.first { $0.path == "output.normalization" }?.old == nil)
  }
}
