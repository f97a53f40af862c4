/// Every way reading or writing a model file can fail.
///
/// Each case carries where (a byte offset from the start of the file, a JSON path such as
/// `$.layers[1].weights.data[3]`, or both), what was expected and what was found.
/// ``description`` is one line for a tool to print after the file name:
/// `print("\(path): \(error)")` gives `model.nnm: byte 128: section 1 (TNSR) checksum …`.
/// ``code`` is a stable identifier for tests and scripts (`"section-checksum"`, …).
public enum ModelFileError: Error, Sendable, Equatable, CustomStringConvertible {
  /// An operating-system call failed: `operation` (`"open"`, `"read"`, `"write"`, `"fsync"`,
  /// `"rename"`, `"mmap"`, …) on `path`, with `errno`.
  case io(path: String, operation: String, errno: Int32)
  /// The input is empty.
  case empty
  /// The input starts neither with the binary magic's first byte `0x89` nor with `{` (after
  /// JSON white space). The message adds a hint when the bytes look like a damaged magic.
  case unrecognizedEncoding(firstBytes: [UInt8])
  /// The file starts with the magic's first byte (`0x89`) but the magic differs;
  /// `textModeDamage` when the difference looks like newline translation.
  case badMagic(found: [UInt8], textModeDamage: Bool)
  /// The input ends before `needed` bytes at `offset` could be read.
  case truncated(offset: Int, needed: UInt64, available: Int)
  /// The file's major version is not one this reader knows (binary: the header, byte 8).
  case unsupportedVersion(found: FormatVersion, supported: FormatVersion)
  /// A JSON file's `"version"` names a major version this reader does not know; `offset` is
  /// that of the version string.
  case unsupportedJSONVersion(offset: Int, found: FormatVersion, supported: FormatVersion)
  /// The header's total length is not the input's length.
  case fileLengthMismatch(declared: UInt64, actual: Int)
  /// The CRC-32C over the header and section table does not match the stored one.
  case headerChecksumMismatch(stored: UInt32, computed: UInt32)
  /// A field the specification reserves (must be zero) is not zero.
  case reservedNotZero(offset: Int, field: String, found: UInt64)
  /// A count or size exceeds the specification's limit.
  case limitExceeded(offset: Int?, path: String?, what: String, limit: UInt64, found: UInt64)
  /// A section type that is not four printable ASCII characters.
  case invalidSectionType(section: Int, offset: Int, found: UInt32)
  /// A section does not start where the layout rule puts it (contiguous, 64-byte aligned).
  case sectionMisplaced(section: Int, type: String, offset: Int, expected: UInt64, found: UInt64)
  /// A section's end lies beyond the end of the file.
  case sectionOutOfBounds(section: Int, type: String, offset: Int, end: UInt64, fileLength: Int)
  /// A padding byte before `section` (at `offset`) is not zero.
  case nonZeroPadding(section: Int, type: String, offset: Int)
  /// The last section ends at `layoutEnd`, but the file is `fileLength` bytes long.
  case layoutEndMismatch(layoutEnd: UInt64, fileLength: Int)
  /// A section's payload does not match its stored CRC-32C.
  case sectionChecksumMismatch(
    section: Int, type: String, offset: Int, stored: UInt32, computed: UInt32)
  /// A section of a type this reader does not know, flagged as required.
  case unknownRequiredSection(section: Int, type: String, offset: Int)
  /// A JSON file's extra section marked `"required": true` (at `offset`, JSON path `path`): the
  /// reader does not know its type, so it must refuse the file.
  case requiredExtraSection(offset: Int, path: String, type: String)
  /// A section where another was expected (section order: META, tensors, extras).
  case unexpectedSection(section: Int, type: String, offset: Int, expected: String)
  /// A known section type without the required flag.
  case sectionNotRequired(section: Int, type: String, offset: Int)
  /// A tensor's section length is not its element count times the element size.
  case tensorSizeMismatch(section: Int, offset: Int, path: String, expected: UInt64, found: UInt64)
  /// The META section is valid JSON but not byte-for-byte the canonical encoding.
  case nonCanonicalMetadata(offset: Int)
  /// The JSON text is not well-formed (or outside the strict subset of the specification).
  case jsonSyntax(offset: Int, path: String, problem: String)
  /// An object has the same key twice.
  case duplicateKey(offset: Int, path: String, key: String)
  /// Arrays and objects nest deeper than ``NNMFormat/maxJSONDepth``.
  case nestingTooDeep(offset: Int, path: String, limit: Int)
  /// A field is missing, unknown, of the wrong JSON type, or has a value outside its domain.
  case invalidField(offset: Int?, path: String, problem: String)
  /// A tensor element is infinite or NaN (format v1 refuses non-finite numbers).
  case nonFiniteValue(offset: Int?, path: String)
  /// A tensor's shape does not fit the model's architecture.
  case shapeMismatch(path: String, expected: [Int], found: [Int])
  /// The model breaks a rule of the specification that is not about bytes.
  case invalidModel(path: String, problem: String)

  /// A stable identifier of the case, such as `"section-checksum"`.
  public var code: String {
    switch self {
    case .io: "io"
    case .empty: "empty"
    case .unrecognizedEncoding: "unrecognized-encoding"
    case .badMagic: "bad-magic"
    case .truncated: "truncated"
    case .unsupportedVersion, .unsupportedJSONVersion: "unsupported-version"
    case .fileLengthMismatch: "file-length"
    case .headerChecksumMismatch: "header-checksum"
    case .reservedNotZero: "reserved-not-zero"
    case .limitExceeded: "limit-exceeded"
    case .invalidSectionType: "invalid-section-type"
    case .sectionMisplaced: "section-misplaced"
    case .sectionOutOfBounds: "section-out-of-bounds"
    case .nonZeroPadding: "nonzero-padding"
    case .layoutEndMismatch: "layout-end"
    case .sectionChecksumMismatch: "section-checksum"
    case .unknownRequiredSection, .requiredExtraSection: "unknown-required-section"
    case .unexpectedSection: "unexpected-section"
    case .sectionNotRequired: "section-not-required"
    case .tensorSizeMismatch: "tensor-size"
    case .nonCanonicalMetadata: "noncanonical-metadata"
    case .jsonSyntax: "json-syntax"
    case .duplicateKey: "duplicate-key"
    case .nestingTooDeep: "nesting-too-deep"
    case .invalidField: "invalid-field"
    case .nonFiniteValue: "non-finite"
    case .shapeMismatch: "shape-mismatch"
    case .invalidModel: "invalid-model"
    }
  }

  /// The byte offset the error refers to, if any.
  public var offset: Int? {
    switch self {
    case .io, .empty, .shapeMismatch, .invalidModel: nil
    case .unrecognizedEncoding, .badMagic: 0
    case .truncated(let offset, _, _): offset
    case .unsupportedVersion: 8
    case .fileLengthMismatch: 16
    case .headerChecksumMismatch: 28
    case .layoutEndMismatch(let end, _): Int(clamping: end)
    case .reservedNotZero(let offset, _, _), .invalidSectionType(_, let offset, _),
      .sectionMisplaced(_, _, let offset, _, _), .sectionOutOfBounds(_, _, let offset, _, _),
      .nonZeroPadding(_, _, let offset), .sectionChecksumMismatch(_, _, let offset, _, _),
      .unknownRequiredSection(_, _, let offset), .unexpectedSection(_, _, let offset, _),
      .sectionNotRequired(_, _, let offset), .tensorSizeMismatch(_, let offset, _, _, _),
      .nonCanonicalMetadata(let offset), .jsonSyntax(let offset, _, _),
      .duplicateKey(let offset, _, _), .nestingTooDeep(let offset, _, _),
      .unsupportedJSONVersion(let offset, _, _), .requiredExtraSection(let offset, _, _):
      offset
    case .limitExceeded(let offset, _, _, _, _), .invalidField(let offset, _, _),
      .nonFiniteValue(let offset, _):
      offset
    }
  }

  /// The JSON path the error refers to, if any.
  public var path: String? {
    switch self {
    case .tensorSizeMismatch(_, _, let path, _, _), .jsonSyntax(_, let path, _),
      .duplicateKey(_, let path, _), .nestingTooDeep(_, let path, _),
      .invalidField(_, let path, _), .nonFiniteValue(_, let path),
      .shapeMismatch(let path, _, _), .invalidModel(let path, _),
      .requiredExtraSection(_, let path, _):
      path
    case .unsupportedJSONVersion: "$.version"
    case .limitExceeded(_, let path, _, _, _): path
    default: nil
    }
  }

  /// One line: the place (`byte N`, a JSON path, or both), what is wrong, and the ``code`` in
  /// brackets at the end: `byte 28: header checksum mismatch: … [header-checksum]`.
  public var description: String {
    var place: [String] = []
    if let offset { place.append("byte \(offset)") }
    if let path { place.append(path) }
    let prefix = place.isEmpty ? "" : place.joined(separator: ": ") + ": "
    return prefix + problem + " [\(code)]"
  }

  /// ``description`` prefixed with a file name, as a tool prints it:
  /// `model.nnm: byte 28: header checksum mismatch: … [header-checksum]`, or
  /// `model.nnm: cannot open: No such file or directory (errno 2) [io]` for an I/O error on that
  /// same file.
  public func message(file: String) -> String {
    if case .io(let path, let operation, let code) = self, path == file {
      return "\(escapedForTerminal(file)): cannot \(operation): \(errnoDescription(code)) [io]"
    }
    return "\(escapedForTerminal(file)): \(description)"
  }

  /// What is wrong, without the place.
  public var problem: String {
    switch self {
    case .io(let path, let operation, let errno):
      return "cannot \(operation) \(escapedForTerminal(path)): \(errnoDescription(errno))"
    case .empty:
      return "the input is empty"
    case .unrecognizedEncoding(let bytes):
      return "not a model file: starts with \(hexBytes(bytes)), neither the .nnm magic "
        + "89 4E 4E 4D 0D 0A 1A 0A nor a JSON object" + (damagedFirstByteHint(bytes) ?? "")
    case .badMagic(let found, let damage):
      return "bad magic: expected 89 4E 4E 4D 0D 0A 1A 0A, found \(hexBytes(found))"
        + (damage ? " (the file looks damaged by a text-mode transfer)" : "")
    case .truncated(let offset, let needed, let available):
      return "file is truncated: needs \(needed) bytes at byte \(offset), only "
        + "\(max(0, available - offset)) remain"
    case .unsupportedVersion(let found, let supported),
      .unsupportedJSONVersion(_, let found, let supported):
      return "made with format \(found); this reader supports up to \(supported)"
    case .fileLengthMismatch(let declared, let actual):
      return declared > UInt64(actual)
        ? "file is truncated: the header says \(declared) bytes, the file has \(actual)"
        : "the header says \(declared) bytes, the file has \(actual) (trailing bytes)"
    case .headerChecksumMismatch(let stored, let computed):
      return "header checksum mismatch: stored \(hex32(stored)), computed \(hex32(computed)) "
        + "(the header or section table is damaged)"
    case .reservedNotZero(_, let field, let found):
      return "reserved field \(field) must be 0, found \(found)"
    case .limitExceeded(_, _, let what, let limit, let found):
      // Limit + 1 also stands for "more than the limit" where reading stopped (a stream).
      return found == limit &+ 1
        ? "\(what) is more than the limit \(limit)"
        : "\(what) is \(found), more than the limit \(limit)"
    case .invalidSectionType(let section, _, let found):
      return "section \(section) has an invalid type \(NNMFormat.typeName(found)) "
        + "(four printable ASCII characters expected)"
    case .sectionMisplaced(let section, let type, _, let expected, let found):
      return "section \(section) (\(type)) starts at byte \(found), expected \(expected) "
        + "(sections are contiguous and 64-byte aligned)"
    case .sectionOutOfBounds(let section, let type, _, let end, let fileLength):
      return "section \(section) (\(type)) ends at byte \(end), beyond the end of the file "
        + "(\(fileLength) bytes)"
    case .nonZeroPadding(let section, let type, _):
      return "padding byte before section \(section) (\(type)) is not zero"
    case .layoutEndMismatch(let end, let length):
      return "the last section ends at byte \(end) but the file has \(length) bytes"
    case .sectionChecksumMismatch(let section, let type, _, let stored, let computed):
      return "section \(section) (\(type)) checksum mismatch: stored \(hex32(stored)), "
        + "computed \(hex32(computed)) (the section is damaged)"
    case .unknownRequiredSection(let section, let type, _):
      return "section \(section) has type \(type), which this reader does not know, "
        + "and is marked required"
    case .requiredExtraSection(_, _, let type):
      return "the extra section of type \(type), which this reader does not know, is marked "
        + "required"
    case .unexpectedSection(let section, let type, _, let expected):
      return "section \(section) is \(type), expected \(expected)"
    case .sectionNotRequired(let section, let type, _):
      return "section \(section) (\(type)) must have the required flag set"
    case .tensorSizeMismatch(let section, _, _, let expected, let found):
      return "section \(section) (TNSR) has \(found) bytes, the tensor needs \(expected)"
    case .nonCanonicalMetadata:
      return "the META section is not in canonical form (first difference here)"
    case .jsonSyntax(_, _, let problem):
      return problem
    case .duplicateKey(_, _, let key):
      return "duplicate key \"\(escapedForTerminal(key))\""
    case .nestingTooDeep(_, _, let limit):
      return "arrays and objects nest deeper than \(limit) levels"
    case .invalidField(_, _, let problem):
      return problem
    case .nonFiniteValue:
      return "value is not finite (format v1 refuses infinities and NaN)"
    case .shapeMismatch(_, let expected, let found):
      return "shape \(found), expected \(expected)"
    case .invalidModel(_, let problem):
      return problem
    }
  }
}

private func hex32(_ value: UInt32) -> String { "0x" + hex(UInt64(value), digits: 8) }

private func hexBytes(_ bytes: [UInt8]) -> String {
  bytes.isEmpty ? "nothing" : bytes.map { hex(UInt64($0), digits: 2) }.joined(separator: " ")
}

/// `text` with control characters (C0, DEL, C1) and backslashes escaped, so that a name taken
/// from a file cannot move the cursor or change colours when a tool prints it.
public func escapedForTerminal(_ text: String) -> String {
  var out = ""
  for scalar in text.unicodeScalars {
    switch scalar.value {
    case 0x5C: out += "\\\\"
    case 0x0A: out += "\\n"
    case 0x09: out += "\\t"
    case 0x0D: out += "\\r"
    case 0..<0x20, 0x7F..<0xA0: out += "\\u{" + hex(UInt64(scalar.value), digits: 2) + "}"
    default: out.unicodeScalars.append(scalar)
    }
  }
  return out
}
