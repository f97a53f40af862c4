/// A `.nnm` format version, `major.minor`.
///
/// A reader of version `M.m` reads every file of major version `M`. A file with a newer minor
/// version is read as long as it has no unknown required section; a file with another major
/// version is refused with an error naming both versions.
public struct FormatVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// Incompatible changes increment the major version.
  public var major: UInt16
  /// Compatible additions (new optional sections, new optional fields) increment the minor.
  public var minor: UInt16

  /// Creates a version.
  public init(major: UInt16, minor: UInt16) {
    self.major = major
    self.minor = minor
  }

  /// Format 1.0, the first version.
  public static let v1 = FormatVersion(major: 1, minor: 0)

  /// Format 1.1: output normalization (regression outputs in their own units) and the
  /// validation-loss history.
  public static let v1point1 = FormatVersion(major: 1, minor: 1)

  /// The newest version this library reads and writes.
  public static let supported = v1point1

  /// Orders versions by major, then minor.
  public static func < (lhs: FormatVersion, rhs: FormatVersion) -> Bool {
    (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
  }

  /// `"major.minor"`, such as `"1.0"`.
  public var description: String { "\(major).\(minor)" }

  /// Parses `"major.minor"` (decimal, no leading zeros, each at most 65535).
  public init?(_ text: String) {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 2, let major = Self.component(parts[0]),
      let minor = Self.component(parts[1])
    else { return nil }
    self.init(major: major, minor: minor)
  }

  private static func component(_ text: Substring) -> UInt16? {
    guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
      text == "0" || text.first != "0"
    else { return nil }
    return UInt16(text)
  }
}

/// The encodings of a model file. Readers tell them apart by the first bytes.
public enum ModelEncoding: String, Sendable, Hashable, CaseIterable {
  /// The binary encoding: magic, header, section table, 64-byte aligned sections.
  case binary
  /// The JSON encoding: one canonical, human-editable JSON document.
  case json
}

/// The constants of format v1 in one place: magic, sizes, section types and limits.
///
/// Every limit is part of the specification (`formats/nnm-v1.md`); readers refuse files beyond
/// them and writers refuse to write such models.
public enum NNMFormat {
  /// The first 8 bytes of a binary file: `89 4E 4E 4D 0D 0A 1A 0A` (`\x89NNM\r\n\x1A\n`).
  ///
  /// The non-ASCII first byte catches 7-bit transfers, the CR LF pair and the lone LF catch
  /// newline translation, and 0x1A stops a `type` command on DOS-like systems.
  public static let magic: [UInt8] = [0x89, 0x4E, 0x4E, 0x4D, 0x0D, 0x0A, 0x1A, 0x0A]
  /// The size of the fixed header in bytes.
  public static let headerSize = 32
  /// The size of one section table entry in bytes.
  public static let sectionEntrySize = 32
  /// Every section starts at a multiple of this many bytes from the start of the file.
  public static let alignment = 64
  /// Bit 0 of a section's flags: a reader that does not know the section's type must refuse
  /// the file.
  public static let requiredFlag: UInt32 = 1

  /// The type of section 0: the model description as canonical JSON.
  public static let metaSectionType = fourCC("META")
  /// The type of a tensor's section: its elements, raw little-endian.
  public static let tensorSectionType = fourCC("TNSR")
  /// The type of the empty, required section that a file with output normalization carries
  /// right after its tensors (format 1.1): a 1.0 reader does not know it and so refuses the
  /// file, naming the type, and so the version, instead of answering in standardized units.
  public static let gateSectionType = fourCC("v1.1")

  /// The most layers a model may have.
  public static let maxLayers = 256
  /// The most units a layer may have, and the most features a model may have.
  public static let maxUnits = 1 << 20
  /// The most parameters (weights and biases) a model may have.
  public static let maxParameters = 1 << 34
  /// The most sections a binary file may have (META, two per layer, and extras).
  public static let maxSections = 1024
  /// The most sections a file may carry that the reader does not interpret.
  public static let maxExtraSections = 64
  /// The largest payload of an uninterpreted section, in bytes.
  public static let maxExtraSectionBytes = 1 << 30
  /// The largest META section, in bytes.
  public static let maxMetaBytes = 16 << 20
  /// The longest string (name, unit, label, metadata key or value), in UTF-8 bytes.
  public static let maxStringBytes = 65_536
  /// The most metadata entries and the most hyper-parameters.
  public static let maxMetadataEntries = 4096
  /// The most entries of a loss history, and the most output names or labels.
  public static let maxListEntries = 1 << 20
  /// The deepest nesting of arrays and objects in a JSON document.
  public static let maxJSONDepth = 32
  /// The largest `data_rows` and `epochs`: 2^53 − 1, the largest integer every JSON reader
  /// (including those that read numbers as `f64`) holds exactly.
  public static let maxCounter = (1 << 53) - 1

  /// The 32-bit code of a four-character section type: its ASCII bytes read as a little-endian
  /// `UInt32`, so the bytes appear in the file in reading order.
  public static func fourCC(_ text: StaticString) -> UInt32 {
    precondition(text.utf8CodeUnitCount == 4)
    let p = text.utf8Start
    return UInt32(p[0]) | UInt32(p[1]) << 8 | UInt32(p[2]) << 16 | UInt32(p[3]) << 24
  }

  /// The four characters of a section type code, with bytes outside printable ASCII shown as
  /// `\xNN`.
  public static func typeName(_ code: UInt32) -> String {
    var text = ""
    for shift in stride(from: 0, to: 32, by: 8) {
      let byte = UInt8(truncatingIfNeeded: code >> UInt32(shift))
      if byte >= 0x21 && byte <= 0x7E {
        text.unicodeScalars.append(Unicode.Scalar(byte))
      } else {
        text += "\\x" + hex(UInt64(byte), digits: 2)
      }
    }
    return text
  }

  /// The code of a type name of exactly four printable ASCII characters (0x21–0x7E), else nil.
  public static func typeCode(_ name: String) -> UInt32? {
    let bytes = Array(name.utf8)
    guard bytes.count == 4, bytes.allSatisfy(isTypeByte) else { return nil }
    return UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16
      | UInt32(bytes[3]) << 24
  }

  /// Whether every byte of `code` is printable ASCII other than space.
  public static func isValidTypeCode(_ code: UInt32) -> Bool {
    (0..<4).allSatisfy { isTypeByte(UInt8(truncatingIfNeeded: code >> UInt32($0 * 8))) }
  }

  static func isTypeByte(_ byte: UInt8) -> Bool { byte >= 0x21 && byte <= 0x7E }
}

/// Upper-case hexadecimal with at least `digits` digits.
func hex(_ value: UInt64, digits: Int) -> String {
  let text = String(value, radix: 16, uppercase: true)
  return String(repeating: "0", count: max(0, digits - text.count)) + text
}
