import Crypto
import DriftModel

/// Replaces secret values by keyed digests, so that they compare but never show.
///
/// A digest is HMAC-SHA256 with a key that never travels with `refs/drift` (see
/// ``DigestScheme``), over the resource address, the path of the value inside the resource
/// and the value: without the key nobody can test guesses against a pushed snapshot, and equal
/// values in two places (two Secrets, two keys of one Secret) give different digests, so reuse
/// and rotation times do not show.
///
/// Kubernetes `Secret` objects: `stringData` is folded into `data` as the API server does, every
/// `data` value becomes `.sensitive(digest:)` of its decoded bytes, and the
/// last-applied-configuration annotation (which repeats the data in clear) is digested whole.
public struct SecretDigester: Sendable {
  /// The key's bytes: `SymmetricKey` is not `Sendable`, so one is made for each digest.
  private let keyBytes: [UInt8]
  /// The key's fingerprint: 16 hex digits of an HMAC of a fixed label, never the key itself,
  /// so that digests made with another key are told apart.
  public let fingerprint: String

  /// The label whose HMAC is the fingerprint.
  private static let fingerprintLabel = Array("git-drift digest key fingerprint v1".utf8)
  /// What the HMAC of a value starts with, apart from the HMAC that binds it to a place.
  private static let valueLabel = Array("git-drift secret value v1\u{0}".utf8)
  private static let placeLabel = Array("git-drift secret place v1\u{0}".utf8)

  /// Creates a digester; desired and live state must be digested with the same key.
  public init(key: some Sequence<UInt8>) {
    self.keyBytes = Array(key)
    let code = HMAC<SHA256>.authenticationCode(
      for: Self.fingerprintLabel, using: SymmetricKey(data: keyBytes))
    self.fingerprint = Self.hex(code.prefix(8))
  }

  /// A digester with a fresh random key, for comparisons that store nothing.
  public static func random() -> SecretDigester {
    var generator = SystemRandomNumberGenerator()
    return SecretDigester(
      key: (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
  }

  /// The digest of the secret `bytes` at `path` (a JSON Pointer such as `/data/password`) of
  /// the resource at `address` (such as `Secret/prod/db`): what snapshots store.
  public func digest(_ bytes: some Sequence<UInt8>, address: String, path: String) -> String {
    bind(valueCode(bytes), address: address, path: path)
  }

  /// The digest of `bytes` not yet bound to a place, for an adapter that learns the place
  /// later: ``binding(_:address:)`` turns it into what ``digest(_:address:path:)`` gives.
  ///
  /// Equal values give equal unbound digests, so an adapter can find copies of a secret; an
  /// unbound digest is keyed too, but never meant to be stored.
  public func unboundDigest(_ bytes: some Sequence<UInt8>) -> String {
    DigestScheme.unboundPrefix + fingerprint + ":" + Self.hex(valueCode(bytes))
  }

  /// `digest` bound to `path` of the resource at `address` when it is an unbound digest of
  /// this key; any other digest as it is.
  public func bound(_ digest: String, address: String, path: String) -> String {
    let prefix = DigestScheme.unboundPrefix + fingerprint + ":"
    guard digest.hasPrefix(prefix), let code = Self.bytes(hex: digest.dropFirst(prefix.count))
    else { return digest }
    return bind(code, address: address, path: path)
  }

  private func valueCode(_ bytes: some Sequence<UInt8>) -> [UInt8] {
    var hmac = HMAC<SHA256>(key: SymmetricKey(data: keyBytes))
    hmac.update(data: Self.valueLabel)
    hmac.update(data: Array(bytes))
    return Array(hmac.finalize())
  }

  /// The HMAC of the place and the value's own HMAC: lengths go first, so that no address and
  /// path pair can be read as another.
  private func bind(_ code: [UInt8], address: String, path: String) -> String {
    var hmac = HMAC<SHA256>(key: SymmetricKey(data: keyBytes))
    hmac.update(data: Self.placeLabel)
    for part in [Array(address.utf8), Array(path.utf8)] {
      hmac.update(
        data: (0..<8).map { UInt8(truncatingIfNeeded: UInt64(part.count) >> (56 - 8 * $0)) })
      hmac.update(data: part)
    }
    hmac.update(data: code)
    return DigestScheme.keyedPrefix + fingerprint + ":" + Self.hex(hmac.finalize())
  }

  private static func hex(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    for byte in bytes {
      text.append(digits[Int(byte >> 4)])
      text.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: text, as: UTF8.self)
  }

  private static func bytes(hex: Substring) -> [UInt8]? {
    let digits = Array(hex.utf8)
    guard digits.count == 64 else { return nil }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(32)
    for index in stride(from: 0, to: 64, by: 2) {
      guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else {
        return nil
      }
      bytes.append(high << 4 | low)
    }
    return bytes
  }

  private static func nibble(_ digit: UInt8) -> UInt8? {
    switch digit {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
    default: return nil
    }
  }
}
