public import DriftJSON
public import DriftModel

/// Helm values as Helm combines them: maps merged key by key (later wins, lists replaced
/// whole), `--set`-style assignments at dotted paths, and the values kept secret.
public enum HelmValues {
  /// `overlay` merged into `base` as Helm merges values files: maps recursively, everything
  /// else replaced; a null in `overlay` deletes the key, as `--set key=null` does.
  public static func merge(_ base: Value, _ overlay: Value) -> Value {
    guard case .object(var members) = base, case .object(let overlayMembers) = overlay else {
      return overlay
    }
    for member in overlayMembers {
      if let index = members.firstIndex(where: { $0.key == member.key }) {
        if member.value == .null {
          members.remove(at: index)
        } else {
          members[index] = Member(
            member.key, merge(members[index].value, member.value), at: member.position)
        }
      } else if member.value != .null {
        members.append(member)
      }
    }
    return .object(members)
  }

  /// The values of `live` at the keys `declared` has, maps walked key by key: what is left to
  /// compare when the rest may come from values that cannot be read.
  public static func declaredOnly(_ live: Value, _ declared: Value) -> Value {
    guard case .object(let members) = live, let declaredMembers = declared.members else {
      return live
    }
    return .object(
      members.compactMap { member in
        guard let inner = declaredMembers.value(of: member.key) else { return nil }
        return Member(member.key, declaredOnly(member.value, inner), at: member.position)
      })
  }

  /// `values` with `value` set at a dotted path (`image.tag`, `a\.b` for a key with a dot),
  /// creating maps on the way, as `--set` and Flux's `targetPath` do.
  public static func setting(_ value: Value, at dotted: String, in values: Value) -> Value {
    let keys = path(dotted)
    guard !keys.isEmpty else { return values }
    return set(value, keys[...], in: values)
  }

  private static func set(_ value: Value, _ keys: ArraySlice<String>, in values: Value) -> Value {
    guard let key = keys.first else { return value }
    var members = values.members ?? []
    let rest = keys.dropFirst()
    if let index = members.firstIndex(where: { $0.key == key }) {
      members[index].value = set(value, rest, in: members[index].value)
    } else {
      members.append(Member(key, set(value, rest, in: .object([]))))
    }
    return .object(members)
  }

  /// The keys of a dotted path; `\.` is a dot inside a key.
  static func path(_ dotted: String) -> [String] {
    var keys: [String] = []
    var current = ""
    var escaped = false
    for character in dotted {
      if escaped {
        current.append(character)
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else if character == "." {
        keys.append(current)
        current = ""
      } else {
        current.append(character)
      }
    }
    keys.append(current)
    return keys.filter { !$0.isEmpty }
  }

  /// The value a `--set` (or `targetPath`) text stands for, typed as Helm's strvals types it:
  /// true, false, null, integers without a leading zero; anything else stays a string.
  public static func typed(_ text: String) -> Value {
    switch text.lowercased() {
    case "true": return .bool(true)
    case "false": return .bool(false)
    case "null": return .null
    default: break
    }
    if text == "0" { return .integer(0) }
    let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
    if !digits.isEmpty, digits.first != "0", digits.allSatisfy(\.isASCII),
      digits.allSatisfy(\.isNumber), let number = Int(text)
    {
      return .integer(number)
    }
    return .string(text)
  }

  // MARK: Secrets

  /// The words that make a key's value secret: a key whose words (split at case changes, `_`,
  /// `-` and `.`) include one is compared as a digest.
  public static let sensitiveWords: Set<String> = [
    "password", "passwd", "secret", "token", "key", "cert", "certificate", "credential",
    "credentials", "apikey", "privatekey", "passphrase", "pem",
  ]

  /// Whether the value under `key` is secret by its name (`adminPassword`, `api_key`,
  /// `tls.crt` is not, `tlsCert` is); `extra` are the source's own words.
  public static func isSensitive(key: String, extra: Set<String> = []) -> Bool {
    let lowered = key.lowercased()
    if extra.contains(lowered) { return true }
    for word in words(of: key) {
      if sensitiveWords.contains(word) || extra.contains(word) { return true }
    }
    return false
  }

  /// `adminPassword` → admin, password; `API_KEY` → api, key; `tls-cert` → tls, cert.
  static func words(of key: String) -> [String] {
    var words: [String] = []
    var current = ""
    var previousLower = false
    for character in key {
      if character == "_" || character == "-" || character == "." || character == " " {
        if !current.isEmpty { words.append(current) }
        current = ""
        previousLower = false
        continue
      }
      if character.isUppercase, previousLower, !current.isEmpty {
        words.append(current)
        current = ""
      }
      current += character.lowercased()
      previousLower = character.isLowercase || character.isNumber
    }
    if !current.isEmpty { words.append(current) }
    return words
  }

  /// `values` with every value under a secret key (by name, or at one of `paths`) replaced by
  /// its digest; a secret map or list is digested whole, so no part of it stays in clear.
  ///
  /// Each digest is bound to `address` and the value's pointer below `/values`, so equal
  /// values of different releases or keys differ.
  public static func redacting(
    _ values: Value, secrets: SecretDigester, address: String, extra: Set<String> = [],
    paths: Set<FieldPath> = [], at path: FieldPath = FieldPath()
  ) -> Value {
    func digest(_ value: Value, _ at: FieldPath) -> Value {
      Self.digest(value, secrets: secrets, address: address, path: "/values" + at.pointer)
    }
    // The root stands for every value (a Secret that gave them all is not readable): each
    // leaf is its own digest, so that values git declares still compare one by one.
    if path.tokens.isEmpty, paths.contains(path) {
      return HelmLiveRelease.leaves(of: values, at: path).reduce(values) { redacted, leaf in
        guard let value = redacted.value(at: leaf), !leaf.tokens.isEmpty else { return redacted }
        return set(digest(value, leaf), leaf.tokens[...], in: redacted)
      }
    }
    if paths.contains(path) { return digest(values, path) }
    switch values {
    case .object(let members):
      return .object(
        members.map { member in
          let inner = path.appending(member.key)
          if isSensitive(key: member.key, extra: extra) || paths.contains(inner) {
            return Member(member.key, digest(member.value, inner), at: member.position)
          }
          return Member(
            member.key,
            redacting(
              member.value, secrets: secrets, address: address, extra: extra, paths: paths,
              at: inner),
            at: member.position)
        })
    case .array(let elements):
      return .array(
        elements.enumerated().map { index, element in
          redacting(
            element, secrets: secrets, address: address, extra: extra, paths: paths,
            at: path.appending(String(index)))
        })
    default:
      return values
    }
  }

  /// One digest of a value, whatever its shape: a scalar's text, or a map's canonical JSON.
  static func digest(_ value: Value, secrets: SecretDigester, address: String, path: String)
    -> Value
  {
    switch value {
    case .sensitive: return value
    case .null: return value
    case .string(let text):
      return .sensitive(digest: secrets.digest(Array(text.utf8), address: address, path: path))
    default:
      return .sensitive(
        digest: secrets.digest(
          JSONWriter(keepsDigests: true).bytes(value), address: address, path: path))
    }
  }
}
