public import DriftModel

extension Value {
  /// The value as JSON-like text with object keys sorted: equal for equal values whatever the
  /// order their keys were read in, for comparing with what another tool (PyYAML, `terraform
  /// console`) printed.
  public var canonicalText: String {
    switch self {
    case .object(let members):
      return "{"
        + members.sorted { $0.key < $1.key }
        .map { $0.key.debugDescription + ":" + $0.value.canonicalText }.joined(separator: ",")
        + "}"
    case .array(let elements):
      return "[" + elements.map(\.canonicalText).joined(separator: ",") + "]"
    case .string(let text): return text.debugDescription
    default: return "\(self)"
    }
  }
}
