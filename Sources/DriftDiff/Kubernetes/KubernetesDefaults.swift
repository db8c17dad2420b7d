public import DriftModel

/// The values the Kubernetes API server fills in when a manifest leaves a field out.
///
/// A live field that the manifest leaves out and that holds its server default is never drift,
/// whoever the managedFields name: the creator of an object owns its defaults (kubeadm,
/// `kubectl create`, an operator or Terraform alike); and a manifest written from a live object
/// leaves these out, as a person would. The table is data, each group naming the Kubernetes
/// source it comes from (kubernetes/kubernetes `pkg/apis/<group>/<version>/defaults.go`, the
/// admission plugins in `plugin/pkg/admission`, the controllers in `pkg/controller`); what
/// depends on a sibling (a Service port's `targetPort` is its `port`) is in
/// ``isDefault(_:at:of:in:)``.
public enum KubernetesDefaults {
  struct Entry {
    var types: Set<String>?
    /// The live object's `apiVersion`s the default belongs to; nil: every version.
    var versions: Set<String>? = nil
    var pattern: [String]
    /// nil: any value (assigned by the server, like a Service's clusterIP).
    var value: Value?
  }

  /// Kinds with a pod template at `spec.template` or `spec.jobTemplate.spec.template`, built
  /// in or not (an Argo Rollout has one too): pod-spec defaults apply wherever one is.
  static let podSpecs: [[String]] = [
    ["spec", "template", "spec"], ["spec", "jobTemplate", "spec", "template", "spec"],
  ]

  static let entries: [Entry] =
    appsEntries + batchEntries + serviceEntries + coreEntries + admissionEntries
    + storageEntries + otherEntries + metadataEntries + podSpecEntries

  /// Entries by the last token of their pattern, so that a lookup reads only a few.
  private static let byLastToken: [String: [Entry]] = Dictionary(
    grouping: entries, by: { $0.pattern.last ?? "" })

  /// Whether `value` at `path` of a resource of `type` is what the server fills in.
  ///
  /// - Parameter live: the whole live object, for defaults that depend on a sibling (a Service
  ///   port's `targetPort` defaults to its `port`; `imagePullPolicy` to `Always` for `:latest`)
  ///   or on the object's version (admission webhooks default differently in v1beta1 and v1).
  public static func isDefault(_ value: Value, at path: FieldPath, of type: String, in live: Value)
    -> Bool
  {
    if value.isEmpty { return true }
    let tokens = path.tokens
    if let special = KubernetesDerivedDefaults.isDefault(
      value, at: tokens, of: type, in: live)
    {
      return special
    }
    guard let last = tokens.last, let candidates = byLastToken[last] else { return false }
    let version = live["apiVersion"]?.stringValue
    for entry in candidates where entry.pattern.count == tokens.count {
      if let types = entry.types, !types.contains(type) { continue }
      if let versions = entry.versions, !versions.contains(version ?? "") { continue }
      guard zip(entry.pattern, tokens).allSatisfy({ $0 == "*" || $0 == $1 }) else { continue }
      guard let expected = entry.value else { return true }
      if expected == value { return true }
    }
    return false
  }

  /// The object without the fields that hold their server default, recursively; `base` is the
  /// path of `value` inside the resource.
  public static func strippingDefaults(
    _ value: Value, at base: FieldPath = FieldPath(), of type: String, in live: Value
  ) -> Value {
    switch value {
    case .object(let members):
      var kept: [Member] = []
      for member in members {
        let path = base.appending(member.key)
        let child = strippingDefaults(member.value, at: path, of: type, in: live)
        if child.isEmpty || isDefault(member.value, at: path, of: type, in: live) { continue }
        kept.append(Member(member.key, child, at: member.position))
      }
      return .object(kept)
    case .array(let elements):
      return .array(
        elements.enumerated().map { index, element in
          strippingDefaults(element, at: base.appending(index: index), of: type, in: live)
        })
    default:
      return value
    }
  }
}
