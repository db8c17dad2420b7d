public import DriftModel

extension SecretDigester {
  /// `value` as a secret not yet bound to its place: `.sensitive` with the unbound digest of its
  /// compact JSON, as `JSONWriter()` writes it with the members of every object sorted by key.
  ///
  /// Sorting makes the digest depend on the data alone: Terraform writes object attributes in
  /// key order, HCL in source order, and equal values must give equal digests. The resource
  /// that holds it must pass through ``binding(_:address:)`` before it is compared or stored.
  public func sensitive(_ value: Value) -> Value {
    .sensitive(digest: unboundDigest(Self.canonicalBytes(value)))
  }

  /// `value` as a secret at `path` (a JSON Pointer) of the resource at `address`.
  public func sensitive(_ value: Value, address: String, path: String) -> Value {
    .sensitive(digest: digest(Self.canonicalBytes(value), address: address, path: path))
  }

  /// `body` of the resource at `address` with every unbound digest bound to its path.
  public func binding(_ body: Value, address: String) -> Value {
    binding(body, address: address, path: "")
  }

  private func binding(_ value: Value, address: String, path: String) -> Value {
    switch value {
    case .sensitive(let digest):
      return .sensitive(digest: bound(digest, address: address, path: path))
    case .object(let members):
      guard Self.holdsUnbound(value) else { return value }
      return .object(
        members.map { member in
          let inner = path + "/" + FieldPath.escape(member.key)
          return Member(
            member.key, binding(member.value, address: address, path: inner),
            at: member.position)
        })
    case .array(let elements):
      guard Self.holdsUnbound(value) else { return value }
      return .array(
        elements.enumerated().map { binding($1, address: address, path: path + "/\($0)") })
    default:
      return value
    }
  }

  /// `body` of a resource that now has another address (a Terraform `moved` block renamed
  /// it) with each digest marked as bound to the old one, so that its secrets count as not
  /// comparable instead of changed.
  public static func movingDigests(_ value: Value) -> Value {
    switch value {
    case .sensitive(let digest) where !digest.hasPrefix(DigestScheme.movedPrefix):
      return .sensitive(digest: DigestScheme.movedPrefix + digest)
    case .object(let members):
      return .object(
        members.map { Member($0.key, movingDigests($0.value), at: $0.position) })
    case .array(let elements):
      return .array(elements.map(movingDigests))
    default:
      return value
    }
  }

  /// Whether an unbound digest is anywhere in `value`: most bodies hold none, and are kept as
  /// they are rather than copied.
  private static func holdsUnbound(_ value: Value) -> Bool {
    switch value {
    case .sensitive(let digest): return digest.hasPrefix(DigestScheme.unboundPrefix)
    case .object(let members): return members.contains { holdsUnbound($0.value) }
    case .array(let elements): return elements.contains(where: holdsUnbound)
    default: return false
    }
  }

  private static func canonicalBytes(_ value: Value) -> [UInt8] {
    Array(JSONWriter().string(canonical(value)).utf8)
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
