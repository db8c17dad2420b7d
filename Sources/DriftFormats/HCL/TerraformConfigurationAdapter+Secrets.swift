import DriftJSON
import DriftModel

extension TerraformConfigurationAdapter {
  /// `desired` with each value digested where the live resource holds a digest and the
  /// configuration a clear value, so the two compare as digests.
  ///
  /// A state hides every unmarked copy of a secret in the same resource (`user = "api"` beside
  /// a sensitive `"api"`), so a configured clear value compared with such a copy was a change
  /// although terraform plans none. Digested at its own place, it is equal to the copy exactly
  /// when it is the same value; a value the configuration marks sensitive is already a digest.
  static func digestingLikeLive(
    _ desired: Value, live: Value, address: String, path: String, secrets: SecretDigester
  ) -> Value {
    switch (desired, live) {
    case (.sensitive, _), (.null, _):
      return desired
    case (_, .sensitive):
      return desired.isEmpty ? desired : secrets.sensitive(desired, address: address, path: path)
    case (.object(let members), .object):
      return .object(
        members.map { member in
          guard let liveValue = live[member.key] else { return member }
          let value = digestingLikeLive(
            member.value, live: liveValue, address: address,
            path: path + "/" + FieldPath.escape(member.key), secrets: secrets)
          return Member(member.key, value, at: member.position)
        })
    case (.array(let elements), .array(let liveElements)):
      return .array(
        elements.enumerated().map { index, element in
          guard index < liveElements.count else { return element }
          return digestingLikeLive(
            element, live: liveElements[index], address: address, path: path + "/\(index)",
            secrets: secrets)
        })
    default:
      return desired
    }
  }

  /// Whether `value` holds a digest anywhere.
  static func holdsDigest(_ value: Value) -> Bool {
    switch value {
    case .sensitive: return true
    case .object(let members): return members.contains { holdsDigest($0.value) }
    case .array(let elements): return elements.contains(where: holdsDigest)
    default: return false
    }
  }
}
