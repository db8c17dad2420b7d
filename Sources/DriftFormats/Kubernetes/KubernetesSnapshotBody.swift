import DriftJSON
import DriftModel

/// What of a live Kubernetes object a snapshot keeps: everything but what changes on every read
/// without meaning, so that an object nobody touched is the same blob in every snapshot.
enum KubernetesSnapshotBody {
  /// The body without `status`, its first `metadata` trimmed of resourceVersion, selfLink and
  /// the status subresource's field ownership: each object is copied once, as one pass over
  /// its members.
  static func storable(_ body: Value) -> Value {
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
}
