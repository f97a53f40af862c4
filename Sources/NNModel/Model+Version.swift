// What format 1.1 adds, and how a file that uses it stays safe from 1.0 readers.
//
// Output normalization changes what a regression model's outputs mean, so a reader that
// skipped it would answer in standardized units without a word. Format 1.1 therefore pairs it
// with a required, empty section of type `v1.1` right after the tensors (in the JSON encoding,
// the first entry of `extra_sections`, with `"required": true`): a 1.0 reader does not know the
// type and refuses the file with `unknown-required-section`, and the type it names is the
// version the file needs. The validation-loss history is safe to skip and needs no gate.

extension Model {
  /// The lowest format version that can represent this model: 1.1 when it has output
  /// normalization or a validation-loss history, else 1.0.
  public var formatVersion: FormatVersion {
    if !output.normalization.isEmpty { return .v1point1 }
    if let provenance, !provenance.validationLossHistory.isEmpty { return .v1point1 }
    return .v1
  }

  /// Whether a file of this model carries the `v1.1` gate section.
  var needsGateSection: Bool { !output.normalization.isEmpty }

  /// The sections a writer puts after the tensors: the `v1.1` gate when the model needs it,
  /// then the uninterpreted sections carried through.
  var writtenExtraSections: [OpaqueSection] {
    guard needsGateSection else { return extraSections }
    return [OpaqueSection(type: NNMFormat.gateSectionType, isRequired: true, payload: [])]
      + extraSections
  }

  /// Checks that the `v1.1` gate is present exactly when the model needs it.
  func checkGateSection(present: Bool) throws(ModelFileError) {
    if needsGateSection && !present {
      throw .invalidModel(
        path: "$.output.normalization",
        problem: "output normalization needs the required v1.1 section right after the "
          + "tensors, so that 1.0 readers refuse the file")
    }
    if present && !needsGateSection {
      throw .invalidModel(
        path: "$.extra_sections",
        problem: "a v1.1 section in a model without output normalization")
    }
  }
}

extension Model {
  /// Checks that a file stamped `version` does not use what a later version added: a file
  /// stamped 1.0 with output normalization or a validation-loss history is refused (a 1.0
  /// reader would refuse its keys), so every file a reader accepts is stamped at least as
  /// high as what it uses, and rewriting it gives the same bytes.
  func checkStamp(_ version: FormatVersion, offset: Int?) throws(ModelFileError) {
    let needed = formatVersion
    guard version < needed else { return }
    throw .invalidField(
      offset: offset, path: "$.version",
      problem: "the file is stamped \(version) but uses format \(needed) "
        + "(output normalization or a validation-loss history)")
  }
}

extension FormatVersion {
  /// Whether a reader of this version knows format 1.1's additions.
  var knowsFormat1point1: Bool { self >= .v1point1 }
}
