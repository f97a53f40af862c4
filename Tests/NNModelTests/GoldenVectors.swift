import NNTestSupport

@testable import NNModel

/// The golden vectors of `formats/vectors/`, built in code. `VectorTests` compares them with
/// the committed files and rewrites the files when `NNM_WRITE_VECTORS=1`.
enum GoldenVectors {
  /// Valid models, by file stem; each is committed as `valid/<stem>.nnm` and `valid/<stem>.json`.
  static let valid: [(name: String, model: Model)] = [
    ("tiny", tiny),
    ("f32", Fixtures.gender(.float32)),
    ("f64", Fixtures.gender(.float64)),
    ("multiclass", Fixtures.multiclass()),
    ("metadata", withMetadata),
    ("unknown-optional-section", withExtraSection),
    ("output-normalization", withOutputNormalization),
  ]

  /// Format 1.1: a two-output regression whose answers are `output × scale + shift`, with the
  /// validation-loss history; its files carry the required `v1.1` gate section.
  static var withOutputNormalization: Model {
    Model(
      name: "two outputs",
      features: [Feature(name: "x", normalization: Normalization(shift: 5, scale: 2))],
      layers: [
        DenseLayer(activation: .identity, inputs: 1, units: 2, weights: [1, -1], biases: [0, 0.5])
      ],
      output: OutputSpec(
        task: .regression, names: ["a", "b"],
        normalization: [Normalization(shift: 300, scale: 40), Normalization(shift: -2, scale: 0.5)]
      ),
      provenance: Provenance(
        loss: "mse", optimizer: "adam", epochs: 2, lossHistory: [0.5, 0.25],
        validationLossHistory: [0.75, 0.5]))
  }

  static var tiny: Model {
    Model(
      features: [Feature(name: "x")],
      layers: [DenseLayer(activation: .identity, inputs: 1, units: 1, weights: [2], biases: [0.5])])
  }

  static var withMetadata: Model {
    var model = tiny
    model.name = "metadata"
    model.description = "every optional field set"
    model.features[0].unit = "°C"
    model.features[0].normalization = Normalization(shift: 20.5, scale: 7.25)
    model.output.names = ["y"]
    model.provenance = Provenance(
      tool: "nntool", toolVersion: "0.1.0", dataFile: "data.csv", dataRows: 1000,
      dataSHA256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      loss: "mse", optimizer: "adam",
      hyperparameters: ["beta1": 0.9, "beta2": 0.999, "epsilon": 1e-08, "learning_rate": 0.001],
      seed: 42, rng: "splitmix64", epochs: 3, lossHistory: [0.5, 0.25, 0.125],
      createdAt: "2026-01-01T00:00:00Z")
    model.metadata = ["author": "nnkit tests", "control": "a\u{1}b", "emoji": "😀", "empty": ""]
    return model
  }

  static var withExtraSection: Model {
    var model = Fixtures.gender(.float32)
    model.extraSections = [
      OpaqueSection(
        type: NNMFormat.fourCC("xNOT"), isRequired: false, payload: Array("kept as is".utf8))
    ]
    return model
  }

  /// The raw sections of `model` (META and tensors, plus extras), without validation, so that
  /// invalid models can be assembled.
  static func rawSections(_ model: Model) -> [RawSection] {
    var sections = [
      RawSection(type: "META", required: true, payload: encodeModelJSON(model, target: .meta))
    ]
    for layer in model.layers {
      for tensor in [layer.weights, layer.biases] {
        var payload: [UInt8] = []
        switch tensor.storage {
        case .float32(let values):
          for value in values {
            payload += (0..<4).map { UInt8(truncatingIfNeeded: value.bitPattern >> UInt32(8 * $0)) }
          }
        case .float64(let values):
          for value in values {
            payload += (0..<8).map { UInt8(truncatingIfNeeded: value.bitPattern >> UInt64(8 * $0)) }
          }
        }
        sections.append(RawSection(type: "TNSR", required: true, payload: payload))
      }
    }
    for extra in model.extraSections {
      sections.append(
        RawSection(
          type: NNMFormat.typeName(extra.type), required: extra.isRequired, payload: extra.payload))
    }
    return sections
  }

  /// Invalid files by name (with extension); each has a sidecar `<stem>.error`.
  static var invalid: [(name: String, bytes: [UInt8])] {
    let base = Fixtures.binary(Fixtures.gender(.float32))
    let spans = sectionSpans(base)
    let text = Fixtures.json(Fixtures.gender(.float32))
    func edited(_ edit: (inout [UInt8]) -> Void) -> [UInt8] {
      var bytes = base
      edit(&bytes)
      return bytes
    }
    func json(_ target: String, _ replacement: String) -> [UInt8] {
      precondition(text.contains(target), target)
      return Array(text.replacing(target, with: replacement).utf8)
    }
    var list: [(String, [UInt8])] = [
      ("bad-magic.nnm", edited { $0[3] = UInt8(ascii: "X") }),
      ("text-mode-damage.nnm", edited { $0.remove(at: 4) }),
      ("truncated-header.nnm", Array(base[0..<100])),
      ("truncated-data.nnm", Array(base.dropLast(10))),
      ("newer-major.nnm", edited { put(&$0, 8, 2, width: 2) }),
      ("header-checksum.nnm", edited { $0[32 + 2 * 32 + 16] ^= 0x04 }),
      ("meta-checksum.nnm", edited { $0[spans[0].offset + 10] ^= 0x01 }),
      ("section-checksum.nnm", edited { $0[spans[3].offset + 2] ^= 0x80 }),
      (
        "nonzero-padding.nnm",
        edited {
          $0[spans[1].offset - 1] = 0x20
          refreshChecksums(&$0)
        }
      ),
      (
        "section-misplaced.nnm",
        edited {
          put(&$0, 32 + 2 * 32 + 8, UInt64(spans[2].offset + 64), width: 8)
          refreshHeaderChecksum(&$0)
        }
      ),
      (
        "section-out-of-bounds.nnm",
        edited {
          put(&$0, 32 + 1 * 32 + 16, .max, width: 8)
          refreshHeaderChecksum(&$0)
        }
      ),
      ("too-many-sections.nnm", edited { put(&$0, 12, UInt64(UInt32.max), width: 4) }),
      ("trailing-bytes.nnm", base + [0, 0, 0, 0]),
      (
        "layout-end.nnm",
        edited {
          $0 += [UInt8](repeating: 0, count: 64)
          put(&$0, 16, UInt64($0.count), width: 8)
          refreshHeaderChecksum(&$0)
        }
      ),
      (
        "reserved-flags.nnm",
        edited {
          put(&$0, 32 + 1 * 32 + 4, 3, width: 4)
          refreshHeaderChecksum(&$0)
        }
      ),
      (
        "non-finite.nnm",
        edited {
          put(&$0, spans[1].offset + 8, UInt64(Float.infinity.bitPattern), width: 4)
          refreshChecksums(&$0)
        }
      ),
    ]
    var required = Fixtures.gender(.float32)
    required.extraSections = [
      OpaqueSection(type: NNMFormat.fourCC("xNEW"), isRequired: true, payload: [1])
    ]
    list.append(("unknown-required-section.nnm", assemble(rawSections(required))))
    var short = rawSections(Fixtures.gender(.float32))
    short[2].payload.removeLast(4)
    list.append(("tensor-size.nnm", assemble(short)))
    var swapped = rawSections(Fixtures.gender(.float32))
    swapped.swapAt(0, 1)
    list.append(("meta-not-first.nnm", assemble(swapped)))
    var spaced = rawSections(Fixtures.gender(.float32))
    spaced[0].payload = Array(
      String(decoding: spaced[0].payload, as: UTF8.self).replacing(
        "\"shift\": 135.0", with: "\"shift\": 135"
      ).utf8)
    list.append(("noncanonical-meta.nnm", assemble(spaced)))
    var huge = rawSections(tiny)
    huge[0].payload = Array(
      String(decoding: huge[0].payload, as: UTF8.self)
        .replacing("\"shape\": [1, 1]", with: "\"shape\": [1048576, 1048576]").utf8)
    list.append(("too-many-parameters.nnm", assemble(huge)))
    var hidden = Fixtures.gender(.float32)
    hidden.layers[0].activation = .softmax
    list.append(("softmax-hidden.nnm", assemble(rawSections(hidden))))
    var mismatched = Fixtures.gender(.float32)
    mismatched.layers[1] = DenseLayer(
      activation: .sigmoid, inputs: 3, units: 1, weights: [1, 2, 3], biases: [0],
      scalarType: .float32)
    list.append(("shape-mismatch.nnm", assemble(rawSections(mismatched))))
    // Output normalization without the v1.1 gate would be misread by a 1.0 reader.
    list.append(
      ("output-normalization-ungated.nnm", assemble(rawSections(withOutputNormalization), minor: 1))
    )
    // A validation-loss history is format 1.1: a file stamped 1.0 must not carry it.
    var history = Fixtures.gender(.float32)
    history.provenance?.validationLossHistory = [0.5]
    list.append(("stamped-below-its-fields.nnm", assemble(rawSections(history), minor: 0)))
    list += [
      (
        "duplicate-key.json",
        json("\"name\": \"gender\",", "\"name\": \"gender\",\n  \"name\": \"twice\",")
      ),
      (
        "deep-nesting.json",
        Array(
          ("{\"name\": " + String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000)
            + "}").utf8)
      ),
      ("truncated.json", Array(text.utf8.prefix(300))),
      ("newer-major-json.json", json("\"version\": \"1.0\"", "\"version\": \"2.1\"")),
      (
        "unknown-key.json",
        json("\"name\": \"gender\",", "\"name\": \"gender\",\n  \"author\": \"x\",")
      ),
      ("f32-out-of-range.json", json("\"data\": [1.0, 2.0]", "\"data\": [1.0, 3.5e38]")),
      ("nan-literal.json", json("\"data\": [1.0, 2.0]", "\"data\": [1.0, NaN]")),
      ("unknown-activation.json", json("\"activation\": \"sigmoid\"", "\"activation\": \"gelu\"")),
      ("data-count.json", json("\"data\": [1.0, 2.0]", "\"data\": [1.0, 2.0, 3.0]")),
      ("zero-scale.json", json("\"scale\": 1.0", "\"scale\": 0.0")),
      ("invalid-utf8.json", Array(text.utf8).map { $0 == UInt8(ascii: "M") ? 0xFF : $0 }),
      ("trailing-comma.json", json("\"names\": []\n  }", "\"names\": [],\n  }")),
    ]
    var classes = Array(Fixtures.json(Fixtures.multiclass()).utf8)
    classes = Array(
      String(decoding: classes, as: UTF8.self).replacing(
        "\"labels\": [\"setosa\", \"versicolor\", \"virginica\"]",
        with: "\"labels\": [\"setosa\", \"versicolor\"]"
      ).utf8)
    list.append(("labels-count.json", classes))
    return list
  }
}
