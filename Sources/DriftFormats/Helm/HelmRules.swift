public import DriftDiff
public import DriftModel

/// How Helm sources compare: release resources by their chart and values, each value owned by
/// the revision that set it; every other object as a Kubernetes object.
public struct HelmRules: ComparisonRules {
  public let kubernetes: KubernetesRules

  public init(kubernetes: KubernetesRules = KubernetesRules()) {
    self.kubernetes = kubernetes
  }

  private static func isRelease(_ resource: Resource) -> Bool {
    resource.id.type == HelmLiveRelease.type
  }

  public func normalize(desired: Resource) -> Resource {
    Self.isRelease(desired) ? desired : kubernetes.normalize(desired: desired)
  }

  /// A release keeps its identity, chart and values; the revisions' field sets say who set
  /// each value (a value only live has, from `helm upgrade --set`, is drift whoever set it).
  public func normalize(live: Resource) -> NormalizedLive {
    guard Self.isRelease(live) else { return kubernetes.normalize(live: live) }
    var resource = live
    let metadata = live.body["metadata"]
    var members: [Member] = [
      Member("apiVersion", .string(HelmLiveRelease.apiVersion)),
      Member("kind", .string(HelmLiveRelease.kind)),
      Member(
        "metadata",
        .object(
          ["name", "namespace"].compactMap { key in metadata?[key].map { Member(key, $0) } })),
    ]
    if let chart = live.body["chart"] { members.append(Member("chart", chart)) }
    members.append(Member("values", live.body["values"] ?? .object([])))
    resource.body = .object(members)
    let ownership = (metadata?["managedFields"]).map(FieldOwnership.init(managedFields:))
    return NormalizedLive(
      resource: resource, ownership: ownership?.entries.isEmpty == false ? ownership : nil)
  }

  public func converted(_ desired: Resource, toVersionOf live: Resource) -> Resource {
    Self.isRelease(desired) ? desired : kubernetes.converted(desired, toVersionOf: live)
  }

  public func listKey(at path: FieldPath) -> ListKey? {
    path.tokens.first == "values" ? nil : kubernetes.listKey(at: path)
  }

  /// A chart version range in git (`6.x`) holds when the deployed version satisfies it.
  public func scalarsEqual(desired: Value, live: Value, at path: FieldPath) -> Bool {
    if path.tokens == ["chart", "version"], let range = desired.stringValue,
      let deployed = live.stringValue, !SemanticVersionRange.isExact(range),
      let constraint = SemanticVersionRange(range)
    {
      return constraint.contains(deployed)
    }
    return kubernetes.scalarsEqual(desired: desired, live: live, at: path)
  }

  public func ignoredPaths(of desired: Resource) -> [String] {
    Self.isRelease(desired) ? [] : kubernetes.ignoredPaths(of: desired)
  }

  public func isServerDefault(_ value: Value, at path: FieldPath, of live: Resource) -> Bool {
    Self.isRelease(live) ? false : kubernetes.isServerDefault(value, at: path, of: live)
  }

  public func isSet(at path: FieldPath, of resource: ResourceID) -> Bool {
    resource.type == HelmLiveRelease.type ? false : kubernetes.isSet(at: path, of: resource)
  }

  /// A value only a release has is drift without any rule of its own: each revision that set
  /// values is an out-of-band writer of them (see ``normalize(live:)``).
  public func isWholeObject(at path: FieldPath) -> Bool {
    kubernetes.isWholeObject(at: path)
  }

  public func counterpart(of live: Resource, in desired: [String: Resource])
    -> (address: String, resource: Resource)?
  {
    Self.isRelease(live) ? nil : kubernetes.counterpart(of: live, in: desired)
  }

  public func clusterOwner(of live: Resource) -> ClusterOwner? {
    Self.isRelease(live) ? nil : kubernetes.clusterOwner(of: live)
  }

  public func claims(of resource: Resource) -> [Claim] {
    Self.isRelease(resource) ? [] : kubernetes.claims(of: resource)
  }

  public func scope(of export: ExportSurvey, desired: [String: Resource]) -> ExportScope {
    kubernetes.scope(
      of: export, desired: desired.filter { $0.value.id.type != HelmLiveRelease.type })
  }
}
