import NNCommandLine
import NNEngine
import NNModel

/// A change that `:undo` reverts and `:redo` re-applies.
///
/// A change to the parameters (`:set`, `:train`, `:fit`) keeps only the parameters it changed,
/// with their values before and after, so the history grows with what changed rather than with
/// the model: 200 `:set`s on a 784-256-128-10 model keep 200 numbers each way. Only `:load`,
/// which replaces the whole model, keeps the previous network.
struct Change {
  /// What made it, such as `":set w1 0.5"`.
  var description: String
  /// The revision before and after the change.
  var revisions: (before: Int, after: Int)
  /// What changed.
  var kind: Kind

  enum Kind {
    /// Parameters changed in place.
    case parameters(ParameterEdits)
    /// `:load` replaced the model, its file and encoding.
    case file(before: OpenedState, after: OpenedState)
  }

  /// How many numbers the change keeps (parameter values, and the parameters of a kept network).
  var storedElementCount: Int {
    switch kind {
    case .parameters(let edits): 2 * edits.ids.count
    case .file(let before, let after):
      before.network.parameterIDs.count + after.network.parameterIDs.count
    }
  }
}

/// Parameters that changed, with their values before and after (exact: a float32 parameter
/// round-trips through `Double` bit for bit).
struct ParameterEdits {
  var ids: [ParameterID]
  var old: [Double]
  var new: [Double]

  /// The parameters whose bits differ between `before` and `after` (the same architecture;
  /// otherwise `EngineError.unknownParameter`).
  init(from before: AnyNetwork, to after: AnyNetwork) throws(EngineError) {
    ids = []
    old = []
    new = []
    for id in before.parameterIDs {
      let oldValue = try before.parameter(id)
      let newValue = try after.parameter(id)
      if oldValue.bitPattern != newValue.bitPattern {
        ids.append(id)
        old.append(oldValue)
        new.append(newValue)
      }
    }
  }

  init(ids: [ParameterID], old: [Double], new: [Double]) {
    self.ids = ids
    self.old = old
    self.new = new
  }
}

/// Everything `:load` replaces.
struct OpenedState {
  var network: AnyNetwork
  var layout: Model
  var path: String?
  var encoding: ModelEncoding
  var file: LoadedModel?
  var savedRevision: Int
}

extension Session {
  /// The model, its file and encoding as they are now (for `:load`'s undo).
  func openedState() -> OpenedState {
    OpenedState(
      network: network, layout: layout, path: modelPath, encoding: modelEncoding, file: file,
      savedRevision: savedRevision)
  }

  /// Records a change to the parameters (already applied to ``network``).
  func recordChange(_ description: String, edits: ParameterEdits) {
    guard !edits.ids.isEmpty else { return }
    record(
      Change(
        description: description, revisions: (revision, nextRevision), kind: .parameters(edits)))
  }

  /// Records that `:load` replaced the model that was `before`.
  func recordLoad(_ description: String, before: OpenedState) {
    savedRevision = nextRevision
    record(
      Change(
        description: description, revisions: (revision, nextRevision),
        kind: .file(before: before, after: openedState())))
  }

  private func record(_ change: Change) {
    revision = nextRevision
    nextRevision += 1
    undoStack.append(change)
    if undoStack.count > Self.undoLimit { undoStack.removeFirst(undoStack.count - Self.undoLimit) }
    redoStack = []
  }

  /// How many numbers the undo and redo histories keep.
  var undoStoredElementCount: Int {
    (undoStack + redoStack).reduce(0) { $0 + $1.storedElementCount }
  }

  /// Applies `change` to the session, or throws before changing anything.
  private func apply(_ change: Change, undoing: Bool) throws(ReplError) {
    switch change.kind {
    case .parameters(let edits):
      var updated = network
      try engine { () throws(EngineError) in
        for (index, id) in edits.ids.enumerated() {
          try updated.setParameter(id, to: undoing ? edits.old[index] : edits.new[index])
        }
      }
      network = updated
    case .file(let before, let after):
      let state = undoing ? before : after
      network = state.network
      layout = state.layout
      modelPath = state.path
      modelEncoding = state.encoding
      file = state.file
      savedRevision = state.savedRevision
    }
    revision = undoing ? change.revisions.before : change.revisions.after
  }

  /// `:undo`: reverts the last change.
  func undo(_ words: [String]) throws(ReplError) {
    try noArguments(words, command: "undo")
    guard let change = undoStack.last else { throw ReplError("nothing to undo") }
    try apply(change, undoing: true)
    undoStack.removeLast()
    redoStack.append(change)
    output.printLine("undid \(change.description)")
  }

  /// `:redo`: re-applies the last undone change.
  func redo(_ words: [String]) throws(ReplError) {
    try noArguments(words, command: "redo")
    guard let change = redoStack.last else { throw ReplError("nothing to redo") }
    try apply(change, undoing: false)
    redoStack.removeLast()
    undoStack.append(change)
    output.printLine("redid \(change.description)")
  }
}
