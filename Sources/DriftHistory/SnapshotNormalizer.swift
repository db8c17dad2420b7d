import DriftJSON
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

  /// The body without `status`, its first `metadata` trimmed: each object is copied once,
  /// as one pass over its members.
  private static func kubernetes(_ body: Value) -> Value {
    guard case .object(let members) = body else { return body }
    var kept: [Member] = []
    kept.reserveCapacity(members.count)
    var metadataSeen = false
    for member in members where member.key != "status" {
      guard !metadataSeen, member.key == "metadata" else {
        kept.append(member)
        continue
      }
      metadataSeen = true
      kept.append(Member(member.key, metadata(member.value), at: member.position))
    }
    return .object(kept)
  }

  /// Metadata without resourceVersion and selfLink, and without the field ownership of the
  /// status subresource in its first `managedFields`.
  private static func metadata(_ metadata: Value) -> Value {
    guard case .object(let members) = metadata else { return metadata }
    var kept: [Member] = []
    kept.reserveCapacity(members.count)
    var managedFieldsSeen = false
    for member in members where member.key != "resourceVersion" && member.key != "selfLink" {
      guard !managedFieldsSeen, member.key == "managedFields" else {
        kept.append(member)
        continue
      }
      managedFieldsSeen = true
      guard let managed = member.value.elements else {
        kept.append(member)
        continue
      }
      let lasting = managed.filter { $0["subresource"]?.stringValue != "status" }
      kept.append(Member(member.key, .array(lasting), at: member.position))
    }
    return .object(kept)
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
