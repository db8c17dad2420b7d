public import DriftModel

/// What Kubernetes rules make of a live export as a whole: which objects are the same, which
/// the cluster made, which fields another object sets, and what the export covers.
extension KubernetesRules {
  /// A live object without a namespace, of a kind the built-in list does not know as
  /// cluster-scoped (a CRD's, such as Crossplane's Provider or OpenShift's Project), is the
  /// manifest of that kind and name that was given the default namespace.
  public func counterpart(of live: Resource, in desired: [String: Resource])
    -> (address: String, resource: Resource)?
  {
    guard mayHaveCounterpart(live.id) else { return nil }
    let (type, _, name) = KubernetesIdentity.parts(of: live.id.address)
    let address = "\(type)/\(defaultNamespace)/\(name)"
    guard var resource = desired[address] else { return nil }
    resource.id = live.id
    if let metadata = resource.body["metadata"] {
      resource.body = resource.body.setting("metadata", to: metadata.removing("namespace"))
    }
    return (address, resource)
  }

  public func mayHaveCounterpart(_ live: ResourceID) -> Bool {
    let (type, namespace, _) = KubernetesIdentity.parts(of: live.address)
    return namespace == nil
      && !KubernetesIdentity.clusterScopedKinds.contains(
        String(KubernetesIdentity.kind(of: String(type))))
  }

  /// Its type and namespace, and for a Namespace the namespace it is: what
  /// ``scope(of:desired:)`` reads of each live object.
  public func scopeKeys(of live: ResourceID) -> [String]? {
    let parts = KubernetesIdentity.parts(of: live.address)
    var keys = ["type " + live.type]
    if let namespace = parts.namespace { keys.append("namespace " + namespace) }
    if live.type == "Namespace" { keys.append("namespace " + parts.name) }
    return keys
  }

  public func clusterOwner(of live: Resource) -> ClusterOwner? {
    KubernetesClusterObjects.owner(of: live)
  }

  /// Scalers own the replicas of what they scale: a HorizontalPodAutoscaler's
  /// `scaleTargetRef`, and a KEDA ScaledObject's (which defaults to a Deployment).
  public func claims(of resource: Resource) -> [Claim] {
    Self.convertedElsewhere(resource) + scalerClaims(of: resource)
  }

  private func scalerClaims(of resource: Resource) -> [Claim] {
    let type = resource.id.type
    guard type == "HorizontalPodAutoscaler.autoscaling" || type == "ScaledObject.keda.sh",
      let target = resource.body["spec"]?["scaleTargetRef"],
      let name = target["name"]?.stringValue
    else { return [] }
    let kind = target["kind"]?.stringValue ?? "Deployment"
    let apiVersion = target["apiVersion"]?.stringValue ?? "apps/v1"
    let namespace = KubernetesIdentity.parts(of: resource.id.address).namespace ?? ""
    let address =
      "\(KubernetesIdentity.type(kind: kind, apiVersion: apiVersion))/\(namespace)/\(name)"
    return [
      Claim(
        address: address, paths: ["/spec/replicas"], claimant: resource.id.address,
        reason: "set by \(resource.id.address), which scales it")
    ]
  }

  /// Missing is judged only within what the export covers: the kinds it holds, in the
  /// namespaces it holds objects of (all of them when it lists Namespaces); an empty export
  /// covers nothing and a single object only itself.
  public func scope(of export: ExportSurvey, desired: [String: Resource]) -> ExportScope {
    var scope = ExportScope()
    if export.unattributed > 0 {
      scope.diagnostics.append(
        Diagnostic(
          .warning,
          "\(export.unattributed) of \(export.compared) live objects compared carry no "
            + "managedFields (kubectl get leaves them out since Kubernetes 1.21; export with "
            + "--show-managed-fields): who changed a field is not known, and fields added out of "
            + "band are found against the last-applied annotation, where there is one"))
    }
    let types = Set(export.live.map(\.type))
    var namespaces = Set<Substring>()
    for id in export.live {
      let parts = KubernetesIdentity.parts(of: id.address)
      if let namespace = parts.namespace { namespaces.insert(namespace) }
      if id.type == "Namespace" { namespaces.insert(parts.name) }
    }
    let everyNamespace = types.contains("Namespace")
    var uncovered: [String: Int] = [:]
    for (address, resource) in desired {
      let covers: Bool
      switch export.live.count {
      case 0: covers = false
      case 1: covers = export.live[0].address == address
      default:
        let namespace = KubernetesIdentity.parts(of: address).namespace
        covers =
          types.contains(resource.id.type)
          && (everyNamespace || namespace.map(namespaces.contains) ?? true)
      }
      if !covers {
        scope.notExported.insert(address)
        uncovered[resource.id.type, default: 0] += 1
      }
    }
    guard !scope.notExported.isEmpty else { return scope }
    let kinds = uncovered.keys.sorted()
    let listed = kinds.prefix(6).joined(separator: ", ") + (kinds.count > 6 ? ", …" : "")
    let count = scope.notExported.count
    let message: String
    switch export.live.count {
    case 0:
      message =
        "the live export holds no objects: \(count) desired resources not exported, "
        + "none judged missing"
    case 1:
      message =
        "the live export holds one object (\(export.live[0].address)): \(count) other desired "
        + "resources not exported, none judged missing"
    default:
      message =
        "\(count) desired resources are of kinds or namespaces the live export does not "
        + "hold (\(listed)): not exported, not judged missing"
    }
    scope.diagnostics.append(Diagnostic(.warning, message))
    return scope
  }
}
