public import DriftModel

/// Gives every change and drift a severity and the NIST CSF 2.0 subcategories it touches:
/// built-in rules first, then the repository's policies, which win.
public struct SeverityRules: Sendable {
  public var policies: [SeverityPolicy]

  /// Creates the rules with the repository's policies.
  public init(policies: [SeverityPolicy] = []) {
    self.policies = policies
  }

  private static let privileged: Set<String> = [
    "securityContext", "privileged", "hostNetwork", "hostPID", "hostIPC", "hostPath",
    "allowPrivilegeEscalation", "capabilities", "runAsUser", "runAsNonRoot", "serviceAccountName",
  ]
  private static let accessTypes: Set<String> = [
    "Role.rbac.authorization.k8s.io", "ClusterRole.rbac.authorization.k8s.io",
    "RoleBinding.rbac.authorization.k8s.io", "ClusterRoleBinding.rbac.authorization.k8s.io",
    "NetworkPolicy.networking.k8s.io",
  ]

  /// The severity of one changed attribute.
  public func severity(of change: Change, in id: ResourceID) -> Severity {
    let address = id.address
    for policy in policies.reversed() where IgnoreMatcher.pattern(policy.path, covers: change.path)
    {
      if let resource = policy.resource, !Glob(resource).matches(address) { continue }
      return policy.severity
    }
    let tokens = change.path.tokens
    if id.type == "Secret" || Self.accessTypes.contains(id.type) { return .high }
    if tokens.contains(where: Self.privileged.contains) { return .high }
    if id.type == "Service", tokens == ["spec", "type"] { return .high }
    if tokens.last == "image" { return .medium }
    if id.type == "ConfigMap" { return .medium }
    return .low
  }

  /// The severity of a whole drift: its worst change, or the kind's own for missing and
  /// unmanaged resources.
  public func severity(of kind: DriftKind, changes: [Change], in id: ResourceID) -> Severity {
    switch kind {
    case .modified: return changes.map(\.severity).max() ?? .low
    case .missing: return .high
    case .unmanaged: return Self.accessTypes.contains(id.type) ? .high : .medium
    }
  }

  /// NIST CSF 2.0 subcategories: configuration baselines (PR.PS-01) and monitoring of the
  /// computing environment (DE.CM-09) for changes, asset inventory (ID.AM-02) for unmanaged
  /// resources, and resilience (PR.IR-03) for missing ones.
  public func csf(of kind: DriftKind) -> [String] {
    switch kind {
    case .modified: return ["PR.PS-01", "DE.CM-09"]
    case .missing: return ["PR.IR-03", "DE.CM-09"]
    case .unmanaged: return ["ID.AM-02", "DE.CM-09"]
    }
  }
}
