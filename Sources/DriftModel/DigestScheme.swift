/// How a secret digest was made, read from the digest itself, so that digests made in
/// different ways are never taken for different secrets.
///
/// A keyed digest is `hmac-sha256:<fingerprint>:<64 hex digits>`: HMAC-SHA256 with a key that
/// never travels with `refs/drift`, bound to the resource address and the path of the value,
/// and the fingerprint (16 hex digits, an HMAC of a fixed label, never the key) of that key.
/// A digest of 64 hex digits alone is the salted SHA-256 that git-drift wrote before keyed
/// digests. Two digests of different schemes, or of different keys, cannot say whether their
/// secrets are equal: a comparison counts them as not comparable rather than as drift.
public enum DigestScheme: Hashable, Sendable {
  /// HMAC-SHA256 with the key of `fingerprint`, bound to the place of the value.
  case keyed(fingerprint: String)
  /// HMAC-SHA256 with the key of `fingerprint`, not yet bound to a place: only in memory,
  /// while an adapter reads a resource (see `SecretDigester.binding(_:address:)`).
  case unbound(fingerprint: String)
  /// A keyed digest bound to the address a resource had before a Terraform `moved` block
  /// renamed it: it cannot match a digest bound to the new address.
  case moved
  /// SHA-256 of the salt `refs/drift/salt` and the value, as git-drift wrote before keyed
  /// digests; the salt travels with the snapshots, so these digests can be brute-forced.
  case salted

  /// The prefix of a keyed digest.
  public static let keyedPrefix = "hmac-sha256:"
  /// The prefix of an unbound digest.
  public static let unboundPrefix = "unbound:"
  /// The prefix of a digest bound to an address a `moved` block renamed (only in memory).
  public static let movedPrefix = "moved:"

  /// The scheme of `digest`.
  public init(of digest: String) {
    for (prefix, keyed) in [(Self.keyedPrefix, true), (Self.unboundPrefix, false)]
    where digest.hasPrefix(prefix) {
      let fingerprint = String(digest.dropFirst(prefix.count).prefix { $0 != ":" })
      self = keyed ? .keyed(fingerprint: fingerprint) : .unbound(fingerprint: fingerprint)
      return
    }
    self = digest.hasPrefix(Self.movedPrefix) ? .moved : .salted
  }

  /// Whether equal secrets give equal digests in both schemes.
  public static func comparable(_ first: String, _ second: String) -> Bool {
    DigestScheme(of: first) == DigestScheme(of: second)
  }

  /// The scheme in a few words, for a report line.
  public var description: String {
    switch self {
    case .keyed(let fingerprint): return "digest key \(fingerprint)"
    case .unbound(let fingerprint): return "unbound digests of key \(fingerprint)"
    case .moved: return "the address before a moved block"
    case .salted: return "the salted SHA-256 of git-drift before keyed digests"
    }
  }

  /// Why digests of `live` cannot be compared with digests of `desired`, and what makes them
  /// comparable, for a report line.
  public static func reason(live: DigestScheme, desired: DigestScheme) -> String {
    let made =
      "the digests were made with \(live.description) in live state and "
      + "\(desired.description) in desired state"
    switch live {
    case .moved: return made + "; they compare once the move is applied and recorded"
    case .salted: return made + "; the next snapshot recorded stores keyed digests"
    case .keyed, .unbound:
      return made
        + "; use the same digest key on every machine (GIT_DRIFT_KEY or drift.keyFile, see "
        + "README 'Security')"
    }
  }
}
