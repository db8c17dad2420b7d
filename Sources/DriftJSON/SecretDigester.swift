import Crypto
import DriftModel

/// Replaces secret values by salted SHA-256 digests, so that they compare but never show.
///
/// Kubernetes `Secret` objects: `stringData` is folded into `data` as the API server does, every
/// `data` value becomes `.sensitive(digest:)` of its decoded bytes, and the
/// last-applied-configuration annotation (which repeats the data in clear) is digested whole.
public struct SecretDigester: Sendable {
  private let salt: [UInt8]

  /// Creates a digester; desired and live state must be digested with the same salt.
  public init(salt: [UInt8]) {
    self.salt = salt
  }

  /// A digester with a fresh random salt, for comparisons that store nothing.
  public static func random() -> SecretDigester {
    var generator = SystemRandomNumberGenerator()
    return SecretDigester(
      salt: (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
  }

  /// The salted digest of `bytes`, as lowercase hexadecimal.
  public func digest(_ bytes: some Sequence<UInt8>) -> String {
    var hasher = SHA256()
    hasher.update(data: salt)
    hasher.update(data: Array(bytes))
    return hasher.finalize().map { byte in
      let digits = String(byte, radix: 16)
      return byte < 16 ? "0" + digits : digits
    }.joined()
  }
}
