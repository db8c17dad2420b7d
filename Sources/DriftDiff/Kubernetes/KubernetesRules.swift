import DriftJSON
public import DriftModel

/// How Kubernetes objects compare: server-populated fields are noise, lists with a merge key
/// match by key, quantities and int-or-string values compare by meaning, and
/// `metadata.managedFields` tells who wrote a field.
public struct KubernetesRules: ComparisonRules {
  /// The annotation on a desired object that lists attribute pointers to ignore.
  public static let ignoreAnnotation = "drift.git/ignore"
  static let lastApplied = "kubectl.kubernetes.io/last-applied-configuration"

  /// Metadata fields that the API server writes.
  static let serverMetadata = [
    "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink",
    "deletionTimestamp", "deletionGracePeriodSeconds",
  ]

  /// Whether the API server writes the metadata field.
  static func isServerMetadata(_ key: String) -> Bool {
    // Lengths first: the metadata a manifest declares differs in length from all of these, and
    // string comparison was a tenth of the comparison's instructions.
    let length = key.utf8.count
    return serverMetadata.contains { $0.utf8.count == length && $0 == key }
  }

  /// The namespace that manifests without one were given: a live object of the same kind and
  /// name without a namespace is that manifest's object (a kind served cluster-scoped).
  public var defaultNamespace: String

  /// Creates the rules for manifests whose default namespace is `defaultNamespace`.
  public init(defaultNamespace: String? = nil) {
    self.defaultNamespace = defaultNamespace ?? "default"
  }

  public func normalize(desired: Resource) -> Resource {
    var resource = desired
    resource.body = strip(desired.body)
    return resource
  }

  public func normalize(live: Resource) -> NormalizedLive {
    let managedFields = live.body["metadata"]?["managedFields"]
    var resource = live
    resource.body = strip(live.body)
    let ownership = managedFields.map(FieldOwnership.init(managedFields:))
    // The creator is the first manager that wrote more than status: a kubelet or controller
    // that reported status first did not make the object.
    let creator = ownership?.entries.filter { $0.subresource != "status" }
      .min { ($0.actor.time ?? "") < ($1.actor.time ?? "") }?.actor
    return NormalizedLive(
      resource: resource, ownership: ownership?.entries.isEmpty == false ? ownership : nil,
      creator: creator, applied: Self.lastAppliedConfiguration(of: live.body))
  }

  /// The configuration `kubectl apply` recorded on the object, when it parses (a Secret's is a
  /// digest, never compared field by field).
  static func lastAppliedConfiguration(of body: Value) -> Value? {
    guard let text = body["metadata"]?["annotations"]?[lastApplied]?.stringValue,
      let applied = try? JSONReader.parse(Array(text.utf8), file: lastApplied),
      applied.members != nil
    else { return nil }
    return applied
  }

  /// The body without `status`, the server's metadata and the annotations that are not the
  /// object's own; copied only where something goes, which a manifest seldom has.
  private func strip(_ body: Value) -> Value {
    guard case .object(let members) = body else { return body }
    let metadata = members.value(of: "metadata").flatMap(Self.strippedMetadata)
    guard metadata != nil || members.contains(where: { $0.key == "status" }) else { return body }
    var kept: [Member] = []
    kept.reserveCapacity(members.count)
    var replacement = metadata
    for member in members where member.key != "status" {
      if member.key == "metadata", let metadata = replacement {
        kept.append(Member(member.key, metadata, at: member.position))
        replacement = nil
      } else {
        kept.append(member)
      }
    }
    return .object(kept)
  }

  /// Metadata without the server's fields and without annotations left empty; nil when
  /// nothing goes.
  private static func strippedMetadata(_ metadata: Value) -> Value? {
    guard case .object(let members) = metadata else { return nil }
    let annotations = members.value(of: "annotations")
    var replacement = annotations.flatMap(ownAnnotations)
    let dropsAnnotations = (replacement ?? annotations)?.isEmpty == true
    guard
      replacement != nil || dropsAnnotations
        || members.contains(where: { isServerMetadata($0.key) })
    else { return nil }
    var kept: [Member] = []
    kept.reserveCapacity(members.count)
    for member in members where !isServerMetadata(member.key) {
      if member.key == "annotations" {
        if dropsAnnotations { continue }
        if let annotations = replacement {
          kept.append(Member(member.key, annotations, at: member.position))
          replacement = nil
          continue
        }
      }
      kept.append(member)
    }
    return .object(kept)
  }

  /// Annotations without the last-applied copy and the ignore list; nil when they have
  /// neither.
  private static func ownAnnotations(_ annotations: Value) -> Value? {
    guard case .object(let members) = annotations,
      members.contains(where: { $0.key == lastApplied || $0.key == ignoreAnnotation })
    else { return nil }
    return .object(members.filter { $0.key != lastApplied && $0.key != ignoreAnnotation })
  }

  /// The merge keys of built-in lists: the `x-kubernetes-list-map-keys` (patch merge keys) of
  /// the Kubernetes OpenAPI schema (staging/src/k8s.io/api/*/v1/types.go `patchMergeKey`).
  public func listKey(at path: FieldPath) -> ListKey? {
    guard let last = path.last else { return nil }
    switch last {
    case "containers", "initContainers", "ephemeralContainers", "env", "volumes",
      "imagePullSecrets", "resourceClaims", "schedulingGates":
      return ListKey("name")
    case "volumeMounts": return ListKey("mountPath")
    case "volumeDevices": return ListKey("devicePath")
    case "hostAliases": return ListKey("ip")
    case "ownerReferences": return ListKey("uid")
    case "secrets", "webhooks":
      // ServiceAccount.secrets, admission webhooks: by name, at the top of the object.
      return path.tokens.count == 1 ? ListKey("name") : nil
    case "claims":
      return path.tokens.dropLast().last == "resources" ? ListKey("name") : nil
    case "tolerations":
      // Atomic in the schema; keyed here by all that identifies a toleration, so that the ones
      // admission adds are told apart from the declared ones.
      return ListKey([("key", ""), ("operator", "Equal"), ("value", ""), ("effect", "")])
    case "ports":
      let parent = path.tokens.dropLast().last.flatMap { Int($0) == nil ? $0 : nil }
      let inContainer = path.tokens.contains { $0.hasSuffix("ontainers") }
      if inContainer || parent == nil {
        return ListKey([("containerPort", nil), ("protocol", "TCP")])
      }
      return ListKey([("port", nil), ("protocol", "TCP")])
    case "topologySpreadConstraints":
      return ListKey([("topologyKey", nil), ("whenUnsatisfiable", nil)])
    default:
      return nil
    }
  }

  public func scalarsEqual(desired: Value, live: Value, at path: FieldPath) -> Bool {
    if desired == live { return true }
    // Matched objects have the same `Kind.group`: another version (`apps/v1beta1` against
    // `apps/v1`) or a deprecated group the server serves as this one is the same object,
    // converted.
    if path.tokens.count == 1, path.tokens[0] == "apiVersion" { return true }
    if Self.holdsQuantity(path), let a = Quantity(desired), let b = Quantity(live) {
      return a == b
    }
    if Self.holdsFreeText(path) { return false }
    switch (desired, live) {
    case (.string(let text), .integer(let number)), (.integer(let number), .string(let text)):
      return Int(text) == number
    default:
      return false
    }
  }

  public func isServerDefault(_ value: Value, at path: FieldPath, of live: Resource) -> Bool {
    KubernetesDefaults.isDefault(value, at: path, of: live.id.type, in: live.body)
  }

  public func ignoredPaths(of desired: Resource) -> [String] {
    // The rules of an aggregated ClusterRole are the aggregation controller's, filled in from
    // the roles its selectors match (pkg/controller/clusterroleaggregation).
    let aggregated = desired.body["aggregationRule"] != nil ? ["/rules"] : []
    guard let text = desired.body["metadata"]?["annotations"]?[Self.ignoreAnnotation]?.stringValue
    else { return aggregated }
    return aggregated
      + text.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
  }

  /// Fields that hold resource quantities: container resources, quotas, limit ranges,
  /// capacities and volume sizes.
  static func holdsQuantity(_ path: FieldPath) -> Bool {
    let tokens = path.tokens
    guard tokens.count >= 2 else { return false }
    let parent = tokens[tokens.count - 2]
    switch parent {
    case "limits", "requests", "hard", "used", "capacity", "allocatable", "max", "min",
      "default", "defaultRequest", "maxLimitRequestRatio", "overhead":
      return true
    default:
      return tokens.last == "sizeLimit" || tokens.last == "storage"
    }
  }

  /// Maps whose values are text that must compare exactly.
  static func holdsFreeText(_ path: FieldPath) -> Bool {
    guard let first = path.tokens.first else { return false }
    if first == "data" || first == "stringData" || first == "binaryData" { return true }
    return path.tokens.contains("labels") || path.tokens.contains("annotations")
  }
}

extension String {
  fileprivate func trimmingSpaces() -> String {
    var slice = Substring(self)
    while slice.first == " " { slice = slice.dropFirst() }
    while slice.last == " " { slice = slice.dropLast() }
    return String(slice)
  }
}
