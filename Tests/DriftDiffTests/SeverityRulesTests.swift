import DriftDiff
import DriftModel
import Testing

@Suite struct SeverityRulesTests {
  private func change(_ pointer: String) throws -> Change {
    Change(.replace, at: try #require(FieldPath(pointer: pointer)), desired: 1, live: 2)
  }

  private let deployment = ResourceID(type: "Deployment.apps", address: "Deployment.apps/prod/web")

  @Test(arguments: [
    ("Deployment.apps", "/spec/replicas", Severity.low),
    ("Deployment.apps", "/spec/template/spec/containers/0/image", .medium),
    ("Deployment.apps", "/spec/template/spec/containers/0/securityContext/privileged", .high),
    ("Deployment.apps", "/spec/template/spec/hostNetwork", .high),
    ("Secret", "/data/password", .high),
    ("ClusterRole.rbac.authorization.k8s.io", "/rules", .high),
    ("ConfigMap", "/data/a", .medium),
    ("Service", "/spec/type", .high),
    ("Service", "/spec/ports/0/port", .low),
  ])
  func builtInSeverities(type: String, pointer: String, expected: Severity) throws {
    let id = ResourceID(type: type, address: "\(type)/prod/x")
    #expect(SeverityRules().severity(of: try change(pointer), in: id) == expected)
  }

  @Test func policiesOverrideAndTheLastMatchingWins() throws {
    let rules = SeverityRules(policies: [
      SeverityPolicy(path: "/spec", severity: .info),
      SeverityPolicy(path: "/spec/replicas", severity: .critical),
      SeverityPolicy(
        path: "/spec/template/spec/containers/*/image", resource: "Service/**", severity: .critical),
    ])
    #expect(rules.severity(of: try change("/spec/replicas"), in: deployment) == .critical)
    #expect(
      rules.severity(of: try change("/spec/template/spec/containers/0/image"), in: deployment)
        == .info)
    #expect(rules.severity(of: try change("/metadata/labels/a"), in: deployment) == .low)
  }

  @Test func driftSeverityIsTheWorstChangeOrTheKinds() throws {
    var low = try change("/spec/replicas")
    low.severity = .low
    var high = try change("/spec/x")
    high.severity = .high
    let rules = SeverityRules()
    #expect(rules.severity(of: .modified, changes: [low, high], in: deployment) == .high)
    #expect(rules.severity(of: .missing, changes: [], in: deployment) == .high)
    #expect(rules.severity(of: .unmanaged, changes: [], in: deployment) == .medium)
    #expect(rules.csf(of: .unmanaged).contains("ID.AM-02"))
    #expect(rules.csf(of: .missing).contains("PR.IR-03"))
  }

  @Test func differAppliesPolicies() throws {
    let live = DifferTests.live(replicas: 4)
    var harness = DiffHarness()
    let plain = try #require(
      try harness.compare(desired: DifferTests.desired, live: [live]).drifts.first)
    #expect(plain.severity == .low)
    #expect(plain.csf == ["PR.PS-01", "DE.CM-09"])
    harness.policies = [
      SeverityPolicy(
        path: "/spec/replicas", resource: "Deployment.apps/prod/*", severity: .critical)
    ]
    let raised = try #require(
      try harness.compare(desired: DifferTests.desired, live: [live]).drifts.first)
    #expect(raised.severity == .critical)
    #expect(raised.changes.map(\.severity) == [.critical])
  }
}
