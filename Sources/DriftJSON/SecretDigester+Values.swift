public import DriftModel

extension SecretDigester {
  /// `value` as a secret: `.sensitive` with the digest of its compact JSON, as `JSONWriter()`
  /// writes it with the members of every object sorted by key.
  ///
  /// Sorting makes the digest depend on the data alone: Terraform writes object attributes in
  /// key order, HCL in source order, and equal values must give equal digests.
  public func sensitive(_ value: Value) -> Value {
    .sensitive(digest: digest(Array(JSONWriter().string(Self.canonical(value)).utf8)))
  }

  private static func canonical(_ value: Value) -> Value {
    switch value {
    case .object(let members):
      return .object(
        members.sorted { $0.key < $1.key }.map { Member($0.key, canonical($0.value)) })
    case .array(let elements):
      return .array(elements.map(canonical))
    default:
      return value
    }
  }
}
