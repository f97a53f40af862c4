/// The name and version the tools report and record in the models they write.
public enum ToolInfo {
  /// The toolkit's version, recorded in a trained model's provenance.
  public static let version = "0.1.0"
}
