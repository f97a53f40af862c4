import NNModel

/// A JSON document for `--json` output, built in code and written without Foundation.
///
/// Object keys keep the order they were given in, so output is stable; numbers use the
/// shortest text that round-trips (``NumberFormatting/json(_:)``), so a program reading the
/// output gets the exact `Double` values back.
public indirect enum JSONValue: Sendable, Equatable {
  /// `null`.
  case null
  /// `true` or `false`.
  case bool(Bool)
  /// A number (non-finite values are written as `null`).
  case number(Double)
  /// An integer, written without a fraction.
  case integer(Int)
  /// A string.
  case string(String)
  /// An array.
  case array([JSONValue])
  /// An object with keys in the given order.
  case object([(String, JSONValue)])

  /// A string, or `null` for nil.
  public static func optional(_ text: String?) -> JSONValue {
    text.map { .string($0) } ?? .null
  }

  /// An array of numbers.
  public static func numbers(_ values: [Double]) -> JSONValue {
    .array(values.map { .number($0) })
  }

  /// The document as text: indented by two spaces per level when `pretty`, else on one line.
  /// Ends without a line break.
  public func render(pretty: Bool = true) -> String {
    var output = ""
    write(into: &output, indent: pretty ? 0 : nil)
    return output
  }

  private func write(into output: inout String, indent: Int?) {
    switch self {
    case .null: output += "null"
    case .bool(let value): output += value ? "true" : "false"
    case .number(let value): output += NumberFormatting.json(value)
    case .integer(let value): output += String(value)
    case .string(let value): output += jsonStringLiteral(value, terminalSafe: true)
    case .array(let values):
      // Arrays of scalars stay on one line, which keeps weight vectors readable.
      let flat = values.allSatisfy { !$0.isContainer }
      writeContainer(
        into: &output, open: "[", close: "]", count: values.count, indent: flat ? nil : indent,
        inlineSeparator: indent != nil && flat ? ", " : ","
      ) { index, output, inner in
        values[index].write(into: &output, indent: inner)
      }
    case .object(let members):
      writeContainer(
        into: &output, open: "{", close: "}", count: members.count, indent: indent,
        inlineSeparator: ","
      ) {
        index, output, inner in
        output += jsonStringLiteral(members[index].0, terminalSafe: true)
        output += indent == nil ? ":" : ": "
        members[index].1.write(into: &output, indent: inner)
      }
    }
  }

  private var isContainer: Bool {
    switch self {
    case .array, .object: true
    default: false
    }
  }

  private func writeContainer(
    into output: inout String, open: String, close: String, count: Int, indent: Int?,
    inlineSeparator: String, element: (Int, inout String, Int?) -> Void
  ) {
    output += open
    guard count > 0 else {
      output += close
      return
    }
    for index in 0..<count {
      if index > 0 {
        output += indent == nil ? inlineSeparator : ",\n"
      } else if indent != nil {
        output += "\n"
      }
      if let indent {
        output += String(repeating: "  ", count: indent + 1)
        element(index, &output, indent + 1)
      } else {
        element(index, &output, nil)
      }
    }
    if let indent { output += "\n" + String(repeating: "  ", count: indent) }
    output += close
  }

  /// Equality; objects compare member by member in order.
  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): true
    case (.bool(let a), .bool(let b)): a == b
    case (.number(let a), .number(let b)): a == b || (a.isNaN && b.isNaN)
    case (.integer(let a), .integer(let b)): a == b
    case (.string(let a), .string(let b)): a == b
    case (.array(let a), .array(let b)): a == b
    case (.object(let a), .object(let b)):
      a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: false
    }
  }
}
