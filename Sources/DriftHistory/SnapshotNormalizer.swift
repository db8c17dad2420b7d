import DriftModel

/// What of a live object a snapshot keeps: everything but what changes on every read without
/// meaning, so that a resource nobody touched is the same blob in every snapshot.
enum SnapshotNormalizer {
  /// The body to store.
  ///
  /// A Kubernetes object loses its status, resourceVersion and
  /// status-subresource field ownership; Terraform attribute values are stored as read (their
  /// sensitive values already digests), since `status` or `metadata` are ordinary attributes
  /// of some resource types.
  static func storable(_ body: Value, format: SourceFormat) -> Value {
    format == .kubernetes ? kubernetes(body) : body
  }

  private static func kubernetes(_ body: Value) -> Value {
    var body = body.removing("status")
    guard let metadata = body["metadata"] else { return body }
    var kept = metadata.removing("resourceVersion").removing("selfLink")
    if let managed = metadata["managedFields"]?.elements {
      let lasting = managed.filter { $0["subresource"]?.stringValue != "status" }
      kept = kept.setting("managedFields", to: .array(lasting))
    }
    body = body.setting("metadata", to: kept)
    return body
  }

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
