import ArgumentParser
import NNCommandLine
import NNEngine
import NNInterop
import NNModel

// The closed sets of values that options take. The library's own enums are the option types
// (their raw values are the spellings); only choices that exist nowhere else are enums here.

/// An enum of the libraries used as an option value. Spelling out the value strings matters:
/// argument-parser's defaults go through String(describing:), whose dynamic casts scan every
/// protocol conformance in the binary at start-up.
public protocol OptionEnum: ExpressibleByArgument, CaseIterable, RawRepresentable<String> {}

extension OptionEnum {
  /// The raw values, for help and completion.
  public static var allValueStrings: [String] { allCases.map(\.rawValue) }
  /// The raw value, for help.
  public var defaultValueDescription: String { rawValue }
  /// The case whose raw value is `argument`.
  public init?(argument: String) { self.init(rawValue: argument) }
}

/// `--task`.
extension TargetKind: ExpressibleByArgument, OptionEnum {}
/// `--activation`, `--output-activation`.
extension Activation: ExpressibleByArgument, OptionEnum {}
/// `--optimizer`.
extension Optimizer.Kind: ExpressibleByArgument, OptionEnum {}
/// `--init`.
extension Initialization: ExpressibleByArgument, OptionEnum {}
/// `convert --to binary|json`.
extension ModelEncoding: ExpressibleByArgument, OptionEnum {}
/// `--dtype f32|f64`.
extension ScalarType: ExpressibleByArgument, OptionEnum {}
/// `--loss mse|bce|ce`.
extension Loss: ExpressibleByArgument, OptionEnum {}
/// `--missing`.
extension MissingValuePolicy: ExpressibleByArgument, OptionEnum {}
/// `export --to`, `import --from`.
extension InteropFormat: ExpressibleByArgument, OptionEnum {}
