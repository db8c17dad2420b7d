import DriftJSON
import DriftModel

/// Secrets as snapshot blobs hold them: digest markers, turned back into sensitive values.
enum StoredDigests {
  /// Turns stored digest markers back into secrets.
  static func restoringDigests(_ value: Value) -> Value {
    switch value {
    case .string(let text):
      guard let digest = JSONWriter.digest(inMarker: text) else { return value }
      return .sensitive(digest: digest)
    case .array(let elements):
      return .array(elements.map(restoringDigests))
    case .object(let members):
      return .object(members.map { Member($0.key, restoringDigests($0.value), at: $0.position) })
    default:
      return value
    }
  }
}
