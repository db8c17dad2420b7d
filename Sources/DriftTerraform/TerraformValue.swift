/// A value of the Terraform language during offline evaluation.
///
/// `unknown` is what cannot be known without a provider or remote state (a computed id, an
/// unknown function): anything built from it is unknown, and it is never compared. A value
/// derived from a sensitive one is wrapped in `sensitive`.
public indirect enum TerraformValue: Sendable, Hashable {
  case null
  case unknown
  case bool(Bool)
  case number(TerraformNumber)
  case string(String)
  /// A list or a tuple.
  case list([TerraformValue])
  /// Distinct elements, in Terraform's order (strings sorted; numbers by value).
  case set([TerraformValue])
  /// A map or an object; Terraform iterates keys in lexical order.
  case object([String: TerraformValue])
  /// A value marked sensitive.
  case sensitive(TerraformValue)
}
