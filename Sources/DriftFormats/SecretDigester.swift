import Crypto
public import DriftModel

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

  /// The Secret with its data digested.
  public func redact(secret: Value, isDesired: Bool) -> Value {
    var data: [Member] = secret["data"]?.members ?? []
    let dataPosition = secret.member("data")?.position ?? .unknown
    if let stringData = secret["stringData"]?.members {
      for member in stringData {
        let raw = Array((member.value.stringValue ?? "").utf8)
        let redacted = Member(member.key, .sensitive(digest: digest(raw)), at: member.position)
        if let index = data.firstIndex(where: { $0.key == member.key }) {
          data[index] = redacted
        } else {
          data.append(redacted)
        }
      }
    }
    data = data.map { member in
      if case .sensitive = member.value { return member }
      let text = member.value.stringValue ?? ""
      let raw = Base64.decode(text) ?? Array(text.utf8)
      return Member(member.key, .sensitive(digest: digest(raw)), at: member.position)
    }
    var result = secret.removing("stringData")
    if secret["data"] != nil || secret["stringData"] != nil {
      if case .object(var members) = result {
        if let index = members.firstIndex(where: { $0.key == "data" }) {
          members[index].value = .object(data)
        } else {
          members.append(Member("data", .object(data), at: dataPosition))
        }
        result = .object(members)
      }
    }
    let annotation = "kubectl.kubernetes.io/last-applied-configuration"
    if let metadata = result["metadata"], let annotations = metadata["annotations"],
      let applied = annotations[annotation]?.stringValue
    {
      let redacted = annotations.setting(
        annotation, to: .sensitive(digest: digest(Array(applied.utf8))))
      result = result.setting("metadata", to: metadata.setting("annotations", to: redacted))
    }
    return result
  }
}

/// Standard base64 decoding, as Kubernetes encodes Secret data.
enum Base64 {
  static func decode(_ text: String) -> [UInt8]? {
    var output: [UInt8] = []
    output.reserveCapacity(text.utf8.count * 3 / 4)
    var buffer: UInt32 = 0
    var bits = 0
    for byte in text.utf8 {
      let value: UInt8
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = byte - UInt8(ascii: "A")
      case UInt8(ascii: "a")...UInt8(ascii: "z"): value = byte - UInt8(ascii: "a") + 26
      case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0") + 52
      case UInt8(ascii: "+"): value = 62
      case UInt8(ascii: "/"): value = 63
      case UInt8(ascii: "="), 0x0A, 0x0D: continue
      default: return nil
      }
      buffer = buffer << 6 | UInt32(value)
      bits += 6
      if bits >= 8 {
        bits -= 8
        output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
      }
    }
    return output
  }
}
