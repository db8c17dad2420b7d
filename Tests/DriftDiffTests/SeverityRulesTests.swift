import DriftDiff
import DriftModel
import Testing

@Suite struct SeverityRulesTests {
  private func change(_ pointer: String) throws -> Change {
    Change(.replace, at: try #require(FieldPath(pointer: pointer)), desired: 1, live: 2)
  }

  private let deployment = ResourceID(type: "Deployment.apps", address: "Deployment.apps/prod/web")

  @Test(arguments: [
    ("Deployment.apps", "/spec/replicas", Value.integer(5), Severity.low),
    ("Deployment.apps", "/spec/template/spec/containers/0/image", "web:2", .medium),
    (
      "Deployment.apps", "/spec/template/spec/containers/0/securityContext/privileged", true,
      .critical
    ),
    ("Deployment.apps", "/spec/template/spec/containers/0/securityContext/privileged", false, .low),
    ("Deployment.apps", "/spec/template/spec/hostNetwork", true, .critical),
    (
      "Deployment.apps", "/spec/template/spec/containers/0/securityContext",
      Value.object([Member("runAsUser", 0)]), .high
    ),
    ("Secret", "/data/password", .sensitive(digest: "ab"), .high),
    ("ClusterRole.rbac.authorization.k8s.io", "/rules/0/verbs/1", "delete", .high),
    ("ConfigMap", "/data/a", "x", .medium),
    ("Service", "/spec/type", "LoadBalancer", .high),
    ("Service", "/spec/type", "ClusterIP", .low),
    ("Service", "/spec/ports/0/port", 81, .low),
  ])
  func builtInSeverities(type: String, pointer: String, live: Value, expected: Severity) throws {
    let id = ResourceID(type: type, address: "\(type)/prod/x")
    let change = Change(
      .replace, at: try #require(FieldPath(pointer: pointer)), desired: 1, live: live)
    #expect(SeverityRules().severity(of: change, in: id) == expected)
  }

  @Test("a hostNetwork added out of band is critical, with its CSF subcategories")
  func hostNetworkAdded() throws {
    let change = Change(
      .add, at: try #require(FieldPath(pointer: "/spec/template/spec/hostNetwork")), desired: nil,
      live: true)
    let rating = SeverityRules().rate(change, in: deployment)
    #expect(rating.severity == .critical)
    #expect(rating.rule == "host-namespace")
    #expect(rating.csf == ["PR.AA-05", "PR.PS-01", "PR.IR-01"])
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
    #expect(rules.rate(.unmanaged, changes: [], in: deployment).csf.contains("ID.AM-02"))
    #expect(rules.rate(.missing, changes: [], in: deployment).csf.contains("PR.IR-03"))
  }

  @Test func differAppliesPolicies() throws {
    let live = DifferTests.live(replicas: 4)
    var harness = DiffHarness()
    let plain = try #require(
      try harness.compare(desired: DifferTests.desired, live: [live]).drifts.first)
    #expect(plain.severity == .low)
    #expect(plain.csf == ["DE.CM-09", "PR.IR-04", "PR.PS-01"])
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
