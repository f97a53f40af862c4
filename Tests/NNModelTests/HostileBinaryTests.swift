import NNTestSupport
import Testing

@testable import NNModel

private let valid = Fixtures.binary(Fixtures.gender(.float32))

@Test func everyTruncationIsATypedError() {
  #expect(decodeError(Array(valid[0..<0])) == .empty)
  for length in 1..<valid.count {
    let error = decodeError(Array(valid[0..<length]))
    let code = error?.code
    #expect(
      code == "truncated" || code == "file-length", "length \(length): \(String(describing: error))"
    )
    if case .fileLengthMismatch(let declared, let actual) = error {
      #expect(declared == UInt64(valid.count) && actual == length)
      #expect(error!.description.contains("file is truncated"))
    }
  }
}

@Test func everySingleBitFlipIsDetectedAndNamesTheDamagedPart() {
  let spans = sectionSpans(valid)
  let tableEnd = 32 + 32 * spans.count
  for offset in 0..<valid.count {
    for bit in 0..<8 {
      var damaged = valid
      damaged[offset] ^= UInt8(1 << bit)
      guard let error = decodeError(damaged) else {
        Issue.record("flip of bit \(bit) at byte \(offset) went unnoticed")
        continue
      }
      if offset < 8 {
        #expect(
          error.code == "bad-magic" || error.code == "unrecognized-encoding"
            || error.code == "json-syntax", "\(offset): \(error)")
      } else if offset < 10 {
        #expect(error.code == "unsupported-version", "\(offset): \(error)")
      } else if offset < tableEnd {
        #expect(
          ["header-checksum", "truncated", "limit-exceeded", "unexpected-section"].contains(
            error.code),
          "\(offset): \(error)")
      } else if let k = spans.firstIndex(where: {
        offset >= $0.offset && offset < $0.offset + $0.length
      }) {
        #expect(error.code == "section-checksum", "\(offset): \(error)")
        if case .sectionChecksumMismatch(let section, let type, _, _, _) = error {
          #expect(section == k)
          #expect(type == (k == 0 ? "META" : "TNSR"))
        }
      } else {
        let next = spans.firstIndex { $0.offset > offset }!
        #expect(
          error == .nonZeroPadding(section: next, type: next == 0 ? "META" : "TNSR", offset: offset)
        )
      }
    }
  }
}

@Test func lengthsSetToAllOnesAreRefused() {
  var bytes = valid
  put(&bytes, 32 + 32 + 16, .max, width: 8)  // section 1 length
  refreshHeaderChecksum(&bytes)
  #expect(
    decodeError(bytes)
      == .sectionOutOfBounds(
        section: 1, type: "TNSR", offset: 80, end: .max, fileLength: valid.count))

  bytes = valid
  put(&bytes, 16, .max, width: 8)  // file length
  refreshHeaderChecksum(&bytes)
  #expect(decodeError(bytes) == .fileLengthMismatch(declared: .max, actual: valid.count))

  bytes = valid
  put(&bytes, 12, UInt64(UInt32.max), width: 4)  // section count
  #expect(
    decodeError(bytes)
      == .limitExceeded(
        offset: 12, path: nil, what: "section count", limit: 1024, found: UInt64(UInt32.max)))

  bytes = valid
  put(&bytes, 32 + 8, .max, width: 8)  // section 0 offset
  refreshHeaderChecksum(&bytes)
  #expect(
    decodeError(bytes)
      == .sectionMisplaced(section: 0, type: "META", offset: 40, expected: 192, found: .max))
}

@Test func aFileClaimingTwoToTheFortyParametersIsRefusedBeforeAllocating() {
  let meta = """
    {
      "features": [
        {
          "name": "x",
          "normalization": {
            "shift": 0.0,
            "scale": 1.0
          }
        }
      ],
      "layers": [
        {
          "activation": "identity",
          "weights": {
            "dtype": "f32",
            "shape": [1048576, 1048576],
            "section": 1
          },
          "biases": {
            "dtype": "f32",
            "shape": [1048576],
            "section": 2
          }
        }
      ],
      "output": {
        "task": "regression",
        "names": []
      },
      "metadata": {}
    }

    """
  let bytes = assemble([
    RawSection(type: "META", required: true, payload: Array(meta.utf8)),
    RawSection(type: "TNSR", required: true, payload: [0, 0, 0, 0]),
    RawSection(type: "TNSR", required: true, payload: [0, 0, 0, 0]),
  ])
  let error = decodeError(bytes)
  #expect(error?.code == "limit-exceeded")
  #expect(error?.path == "$.layers[0].weights.shape")
  #expect(
    error?.description.contains(
      "number of parameters is 1099511627776, more than the limit 17179869184") == true)
}

@Test func tensorSectionOfTheWrongLengthIsRefused() {
  var bytes = valid
  let entry = 32 + 32 * 1
  put(&bytes, entry + 16, get(bytes, entry + 16, width: 8) - 4, width: 8)
  // Shorten the tensor by 4 bytes: the following sections move; rebuild from spans instead.
  let spans = sectionSpans(valid)
  var sections: [RawSection] = []
  for (k, span) in spans.enumerated() {
    let type = String(decoding: valid[32 + 32 * k..<32 + 32 * k + 4], as: UTF8.self)
    var payload = Array(valid[span.offset..<span.offset + span.length])
    if k == 1 { payload.removeLast(4) }
    sections.append(RawSection(type: type, required: true, payload: payload))
  }
  bytes = assemble(sections)
  #expect(
    decodeError(bytes)
      == .tensorSizeMismatch(
        section: 1, offset: 80, path: "$.layers[0].weights", expected: 16, found: 12))
}

@Test func nonFiniteTensorElementIsRefusedWithItsPlace() {
  var bytes = valid
  let span = sectionSpans(valid)[3]  // layer 1 weights
  put(&bytes, span.offset + 4, UInt64(Float.nan.bitPattern), width: 4)
  refreshChecksums(&bytes)
  #expect(
    decodeError(bytes)
      == .nonFiniteValue(offset: span.offset + 4, path: "$.layers[1].weights.data[1]"))
}

@Test func newerMajorVersionNamesBothVersions() {
  var bytes = valid
  put(&bytes, 8, 2, width: 2)
  let error = decodeError(bytes)
  #expect(
    error == .unsupportedVersion(found: FormatVersion(major: 2, minor: 0), supported: .v1point1))
  #expect(
    error?.description
      == "byte 8: made with format 2.0; this reader supports up to 1.1 [unsupported-version]")
}

@Test func newerMinorVersionIsReadAndRewrittenAsLowest() throws {
  var bytes = valid
  put(&bytes, 10, 3, width: 2)
  refreshChecksums(&bytes)
  let file = try ModelReader().read(bytes: bytes)
  #expect(file.version == FormatVersion(major: 1, minor: 3))
  #expect(file.model == Fixtures.gender(.float32))
  #expect(try file.model.binaryEncoded() == valid)
}

@Test func unknownSectionsOptionalKeptRequiredRefused() throws {
  var model = Fixtures.gender(.float32)
  let meta = encodeModelJSON(model, target: .meta)
  func sections(extraRequired: Bool) -> [RawSection] {
    var list = [RawSection(type: "META", required: true, payload: meta)]
    for layer in model.layers {
      for tensor in [layer.weights, layer.biases] {
        guard case .float32(let values) = tensor.storage else { fatalError() }
        list.append(
          RawSection(
            type: "TNSR", required: true,
            payload: values.flatMap { v in
              (0..<4).map { UInt8(truncatingIfNeeded: v.bitPattern >> UInt32(8 * $0)) }
            }))
      }
    }
    list.append(RawSection(type: "XTRA", required: extraRequired, payload: Array("hello".utf8)))
    return list
  }
  let optional = assemble(sections(extraRequired: false))
  let decoded = try Model(bytes: optional)
  model.extraSections = [
    OpaqueSection(type: NNMFormat.fourCC("XTRA"), isRequired: false, payload: Array("hello".utf8))
  ]
  #expect(decoded == model)
  #expect(try decoded.binaryEncoded() == optional)
  #expect(
    decodeError(assemble(sections(extraRequired: true)))
      == .unknownRequiredSection(section: 5, type: "XTRA", offset: 192))
}

@Test func nonCanonicalMetaIsRefused() {
  let spans = sectionSpans(valid)
  var meta = Array(valid[spans[0].offset..<spans[0].offset + spans[0].length])
  meta.insert(0x20, at: 1)  // "{ \n" instead of "{\n"
  var sections = [RawSection(type: "META", required: true, payload: meta)]
  for span in spans.dropFirst() {
    sections.append(
      RawSection(
        type: "TNSR", required: true, payload: Array(valid[span.offset..<span.offset + span.length])
      ))
  }
  let bytes = assemble(sections)
  let metaOffset = sectionSpans(bytes)[0].offset
  #expect(decodeError(bytes) == .nonCanonicalMetadata(offset: metaOffset + 1))
}

@Test func textModeDamageIsRecognised() {
  var bytes = valid
  bytes.remove(at: 4)  // CR LF -> LF
  let error = decodeError(bytes)
  #expect(error?.code == "bad-magic")
  #expect(error?.description.contains("text-mode transfer") == true)
  bytes = valid
  bytes[0] = 0x09  // high bit stripped: not 0x89, so §2 says unrecognized-encoding
  let stripped = decodeError(bytes)
  #expect(
    stripped == .unrecognizedEncoding(firstBytes: [0x09] + Array(NNMFormat.magic.dropFirst())))
  #expect(stripped?.description.contains("high bit of its first byte cleared") == true)
  #expect(stripped?.description.contains("text-mode") == false)
  #expect(
    decodeError([0x50, 0x4B, 0x03, 0x04])
      == .unrecognizedEncoding(firstBytes: [0x50, 0x4B, 0x03, 0x04]))
}

@Test func errorMessagesAreOneLineWithPlace() {
  var bytes = valid
  bytes[bytes.count - 1] ^= 0x10
  let error = decodeError(bytes)!
  let message = error.message(file: "gender.nnm")
  #expect(
    message.hasPrefix(
      "gender.nnm: byte \(sectionSpans(valid)[4].offset): section 4 (TNSR) checksum mismatch: stored 0x"
    ))
  #expect(!message.contains("\n"))
}

@Test func mappedLoadEqualsEagerLoadAndDefersTensorChecks() throws {
  let directory = temporaryDirectory()
  let model = Fixtures.multiclass()
  try model.write(to: FilePath(directory + "/m.nnm"))
  let mapped = try MappedModel(contentsOf: FilePath(directory + "/m.nnm"))
  #expect(mapped.layers.count == 2)
  #expect(mapped.parameterCount == model.parameterCount)
  #expect(mapped.features == model.features)
  #expect(mapped.output == model.output)
  let weights = try mapped.withElements(of: mapped.layers[0].weights, as: Float.self) { Array($0) }
  guard case .float32(let expected) = model.layers[0].weights.storage else { fatalError() }
  #expect(weights == expected)
  #expect(mapped.layers.allSatisfy { $0.weights.offset % 64 == 0 && $0.biases.offset % 64 == 0 })
  try mapped.verify()
  #expect(try mapped.model() == model)
  #expect(try mapped.model() == Model(contentsOf: FilePath(directory + "/m.nnm")))

  // Damage a weight: the mapped open succeeds, verify() finds it.
  var bytes = try model.binaryEncoded()
  bytes[mapped.layers[1].weights.offset] ^= 1
  try AtomicFile.write(bytes, to: directory + "/bad.nnm")
  let damaged = try MappedModel(contentsOf: FilePath(directory + "/bad.nnm"))
  #expect(throws: ModelFileError.self) { try damaged.verify() }
  #expect { try damaged.model() } throws: { ($0 as? ModelFileError)?.code == "section-checksum" }
  #expect(decodeError(bytes)?.code == "section-checksum")
}
