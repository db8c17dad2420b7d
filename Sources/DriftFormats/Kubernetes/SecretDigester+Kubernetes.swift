public import DriftJSON
public import DriftModel

extension SecretDigester {
  /// The Secret at `address` with its data digested, each value bound to its place in `data`
  /// (`stringData` digests as the `data` key it becomes, so desired and live compare).
  public func redact(secret: Value, address: String, isDesired: Bool) -> Value {
    var data: [Member] = secret["data"]?.members ?? []
    let dataPosition = secret.member("data")?.position ?? .unknown
    if let stringData = secret["stringData"]?.members {
      for member in stringData {
        let raw = Array((member.value.stringValue ?? "").utf8)
        let redacted = Member(
          member.key, .sensitive(digest: digest(raw, address: address, path: place(member.key))),
          at: member.position)
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
      return Member(
        member.key, .sensitive(digest: digest(raw, address: address, path: place(member.key))),
        at: member.position)
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
      let path = "/metadata/annotations/" + FieldPath.escape(annotation)
      let redacted = annotations.setting(
        annotation,
        to: .sensitive(digest: digest(Array(applied.utf8), address: address, path: path)))
      result = result.setting("metadata", to: metadata.setting("annotations", to: redacted))
    }
    return result
  }

  private func place(_ key: String) -> String { "/data/" + FieldPath.escape(key) }
}
