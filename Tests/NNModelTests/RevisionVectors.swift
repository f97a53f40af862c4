import NNTestSupport

@testable import NNModel

/// The vectors of the spec revision that settled issue 12's twelve points (`formats/nnm-v1.md`
/// "Changes in 1.1"), kept apart from the original list. Binary where possible, so that
/// `formats/nnm_read.py` checks their codes too.
extension GoldenVectors {
  /// Valid models added by the revision (point in the comment).
  static var revisionValid: [(name: String, model: Model)] {
    // 7: the canonical text of the largest f32 (numerically above it) reads back; subnormals
    // and negative zero are kept.
    var extremes = Fixtures.gender(.float32)
    extremes.name = "f32-extremes"
    extremes.layers[0].weights = Tensor(
      shape: [2, 2],
      storage: .float32([
        Float.greatestFiniteMagnitude, -Float.greatestFiniteMagnitude, .leastNonzeroMagnitude, -0.0,
      ])
    )
    // 8: a zero-length last section: the file ends where that section starts, after padding.
    var emptyLast = Fixtures.gender(.float32)
    emptyLast.extraSections = [
      OpaqueSection(type: NNMFormat.fourCC("xNUL"), isRequired: false, payload: [])
    ]
    // 12: compatibility forms are different names ("ﬁle" with the ligature U+FB01, "file").
    var ligature = tiny
    ligature.features = [Feature(name: "\u{FB01}le"), Feature(name: "file")]
    ligature.layers = [
      DenseLayer(activation: .identity, inputs: 2, units: 1, weights: [1, 1], biases: [0])
    ]
    return [
      ("f32-extremes", extremes), ("empty-last-section", emptyLast),
      ("compatibility-forms", ligature),
    ]
  }

  /// Invalid files added by the revision; each has a sidecar `<stem>.error`.
  static var revisionInvalid: [(name: String, bytes: [UInt8])] {
    let gender = Fixtures.gender(.float32)
    func binary(_ edit: (inout Model) -> Void) -> [UInt8] {
      var model = gender
      edit(&model)
      return assemble(rawSections(model))
    }
    /// The file of `model` with its META text edited.
    func metaEdited(_ model: Model, _ target: String, _ replacement: String) -> [UInt8] {
      var sections = rawSections(model)
      let text = String(decoding: sections[0].payload, as: UTF8.self)
      precondition(text.contains(target), target)
      sections[0].payload = Array(text.replacing(target, with: replacement).utf8)
      return assemble(sections)
    }
    func provenance(_ edit: (inout Provenance) -> Void) -> [UInt8] {
      binary { model in
        guard var p = withMetadata.provenance else {
          preconditionFailure("GoldenVectors.withMetadata has a provenance")
        }
        edit(&p)
        model.provenance = p
      }
    }
    let text = Fixtures.json(gender)
    let documented = Fixtures.json(withMetadata)
    func json(_ base: String, _ target: String, _ replacement: String) -> [UInt8] {
      precondition(base.contains(target), target)
      return Array(base.replacing(target, with: replacement).utf8)
    }
    var withExtra = gender
    withExtra.extraSections = [
      OpaqueSection(type: NNMFormat.fourCC("xNEW"), isRequired: false, payload: [1])
    ]
    let extraText = Fixtures.json(withExtra)
    let nfc = "caf\u{E9}"
    let nfd = "cafe\u{301}"
    return [
      // 1: field-domain rules are invalid-field (§7.1).
      ("empty-feature-name.nnm", binary { $0.features[0].name = "" }),
      ("sha256-upper-case.nnm", provenance { $0.dataSHA256 = $0.dataSHA256?.uppercased() }),
      ("empty-hyperparameter-key.nnm", provenance { $0.hyperparameters[""] = 1 }),
      ("zero-extent.nnm", metaEdited(tiny, "\"shape\": [1, 1]", "\"shape\": [0, 1]")),
      // 2: created_at is RFC 3339 in UTC, written with Z.
      ("created-at-not-rfc3339.nnm", provenance { $0.createdAt = "yesterday" }),
      ("created-at-offset.nnm", provenance { $0.createdAt = "2026-01-01T00:00:00+00:00" }),
      ("created-at-february-30.nnm", provenance { $0.createdAt = "2026-02-30T00:00:00Z" }),
      // 3: bounds of data_rows and epochs, and 2^64 as a limit rather than a spelling.
      ("epochs-too-large.nnm", provenance { $0.epochs = 1 << 53 }),
      (
        "data-rows-2-64.nnm",
        metaEdited(
          {
            var m = gender
            m.provenance = withMetadata.provenance
            return m
          }(),
          "\"data_rows\": 1000", "\"data_rows\": 18446744073709551616")
      ),
      // 4: a missing tensor section; a required extra section in JSON names no section index.
      ("missing-tensor-section.nnm", assemble(Array(rawSections(gender).dropLast()))),
      ("required-extra-section.json", json(extraText, "\"required\": false", "\"required\": true")),
      // 5: a first byte of 0x09 (0x89 with the high bit cleared) is not the binary encoding.
      (
        "high-bit-cleared.nnm",
        {
          var b = Fixtures.binary(gender)
          b[0] = 0x09
          return b
        }()
      ),
      // 7: "beyond f32" means rounding to infinity.
      (
        "f32-rounds-to-infinity.json",
        json(text, "\"data\": [1.0, 2.0]", "\"data\": [1.0, 3.4028236e+38]")
      ),
      // 10: the version error points at the version string (sidecar: byte 34).
      ("newer-major-offset.json", json(text, "\"version\": \"1.0\"", "\"version\": \"3.0\"")),
      // 11: integers are digits only; a string's limit is in UTF-8 bytes.
      ("integer-fraction.json", json(documented, "\"epochs\": 3", "\"epochs\": 3.0")),
      ("integer-exponent.json", json(documented, "\"epochs\": 3", "\"epochs\": 3e0")),
      ("integer-negative-zero.json", json(documented, "\"epochs\": 3", "\"epochs\": -0")),
      (
        "data-rows-too-large.json",
        json(documented, "\"data_rows\": 1000", "\"data_rows\": 9007199254740992")
      ),
      (
        "string-utf8-bytes.json",
        json(
          documented, "\"nnkit tests\"", "\"" + String(repeating: "\u{E9}", count: 40_000) + "\"")
      ),
      // 12: canonically equivalent names and keys are duplicates.
      (
        "nfd-duplicate-feature.nnm",
        binary {
          $0.features[0].name = nfc
          $0.features[1].name = nfd
        }
      ),
      (
        "nfd-duplicate-label.nnm",
        binary { model in
          model.output.task = .binary(threshold: 0.5, negative: nfc, positive: nfd)
        }
      ),
      (
        "nfd-duplicate-metadata-key.nnm",
        metaEdited(
          {
            var m = gender
            m.metadata = [nfc: "1", "z": "2"]
            return m
          }(), "\"z\": \"2\"",
          "\"\(nfd)\": \"2\"")
      ),
    ]
  }
}
