import Foundation
import Testing

/// `nntool inspect` prints every string read from a model file through one escaping
/// (`escapedForTerminal`), in its tables as on its other lines: a literal backslash is doubled,
/// so a name holding `\` then `n` never prints like a name holding a line break, and control
/// characters never reach the terminal raw.
@Suite struct InspectEscapingTests {
  /// A handcrafted JSON model. In the JSON text, `\\` is one literal backslash and `\n`,
  /// `\u001b`, `\u0007` are real control characters: feature 1 is `a\nb` with a literal
  /// backslash, feature 2 is `a`, line feed, `b`; the unit, the labels and the provenance mix
  /// both kinds.
  static let model = #"""
    {
      "format": "nnm",
      "version": "1.0",
      "features": [
        {"name": "a\\nb", "unit": "lb\u001b[31m", "normalization": {"shift": 0.0, "scale": 1.0}},
        {"name": "a\nb", "unit": "in\\t", "normalization": {"shift": 0.0, "scale": 1.0}}
      ],
      "layers": [
        {
          "activation": "sigmoid",
          "weights": {"dtype": "f64", "shape": [1, 2], "data": [0.5, -0.25]},
          "biases": {"dtype": "f64", "shape": [1], "data": [0.125]}
        }
      ],
      "output": {
        "task": "binary", "threshold": 0.5, "negative": "n\\o", "positive": "y\u0007es",
        "names": ["out\\n"]
      },
      "provenance": {
        "tool": "tool\u0007", "data_file": "C:\\new\\data.csv", "loss": "mse\\n",
        "optimizer": "sgd", "hyperparameters": {"rate\\n": 0.5}, "rng": "r\u001bng", "seed": 1,
        "loss_history": [0.5, 0.25]
      },
      "metadata": {"k\\n": "v\u0001"},
      "extra_sections": []
    }
    """#

  @Test func namesFromTheFilePrintOneWayInTablesAndLines() throws {
    let dir = try Harness.scratchDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try Harness.write(Self.model, to: "names.json", in: dir)
    let inspect = try Harness.nntool(["inspect", "names.json", "--weights"], in: dir)
    #expect(inspect.status == 0, "\(inspect.stderr)")
    let out = inspect.stdout
    // No control character but the line breaks between lines reaches the terminal.
    #expect(!out.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || $0.value == 0x7F })
    let lines = out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    // The features table: the literal backslash doubled, the real line feed as \n, the
    // escape character as \u{1B}, each feature on its own line.
    let first = try #require(lines.first { $0.hasPrefix("1 ") && $0.contains("a\\") })
    #expect(first.contains(#"a\\nb"#) && first.contains(#"lb\u{1B}[31m"#))
    let second = try #require(lines.first { $0.hasPrefix("2 ") && $0.contains("a\\") })
    #expect(second.contains(#" a\nb "#) && second.contains(#"in\\t"#))
    // The weights table's header names the inputs the same way.
    #expect(out.contains(#"← a\\nb"#) && out.contains(#"← a\nb"#))
    // Labels, output names, provenance and metadata, in lines and in the training table.
    #expect(out.contains(#"n\\o = 0"#) && out.contains(#"y\u{7}es = 1"#))
    #expect(out.contains(#"output names: out\\n"#))
    #expect(out.contains(#"tool\u{7}"#))
    #expect(out.contains(#"C:\\new\\data.csv"#))
    #expect(out.contains(#"mse\\n"#) && out.contains(#"rate\\n 0.5"#))
    #expect(out.contains(#"(r\u{1B}ng)"#))
    #expect(out.contains(#"k\\n = v\u{1}"#))
  }
}
