public import DriftModel

/// Parses HCL2 native syntax (`.tf`, `.tfvars`) into a body with exact source ranges.
public enum HCLParser {
  /// The body of the file at `file` whose contents are `bytes`.
  ///
  /// A syntax error is thrown as `file:line:column: message`, with the message HCL gives.
  public static func parse(_ bytes: [UInt8], file: String) throws(DriftError) -> HCLBody {
    throw DriftError("HCL parser not written yet", at: SourceLocation(file: file))
  }
}
