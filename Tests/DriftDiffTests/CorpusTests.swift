import DriftDiff
import DriftFormats
import DriftJSON
import DriftModel
import Testing

/// Desired/live pairs from PROVENANCE.md (K1: gitops-engine, K2: argo-cd) with their stated results.
@Suite struct CorpusTests {
  static let argo = "kubernetes/argo-cd-controller/"
  static let engine = "kubernetes/gitops-engine-diff/"

  private func compare(_ desired: String, _ live: String, namespace: String? = nil) throws
    -> Differ.Analysis
  {
    var harness = DiffHarness()
    harness.format = KubernetesFormat(
      defaultNamespace: namespace, secrets: SecretDigester(key: [9]))
    return try harness.compareCorpus(desired: desired, live: live)
  }

  private func change(_ analysis: Differ.Analysis, _ pointer: String) -> Change? {
    analysis.drifts.first?.changes.first { $0.path.pointer == pointer }
  }

  @Test func argoDeploymentDriftsInAnnotationAndReplicasOnly() throws {
    let analysis = try compare(
      Self.argo + "target-deployment.yaml", Self.argo + "live-deployment.yaml")
    #expect(analysis.drifts.map(\.id.address) == ["Deployment.apps/default/kustomize-guestbook-ui"])
    #expect(
      analysis.changeSummary == [
        "replace /metadata/annotations/iksm-version", "replace /spec/replicas",
      ])
    let annotation = try #require(change(analysis, "/metadata/annotations/iksm-version"))
    #expect((annotation.desired, annotation.live) == ("1.0", "2.0"))
    #expect(
      annotation.actor
        == Actor(manager: "janitor", operation: "Apply", time: "2022-01-06T18:21:04Z"))
    let replicas = try #require(change(analysis, "/spec/replicas"))
    #expect((replicas.desired, replicas.live) == (1, 4))
    #expect(analysis.drifts.first?.actor?.manager == "janitor")
  }

  @Test func argoEnvVarsAreMatchedByName() throws {
    let analysis = try compare(
      Self.argo + "target-deployment-env-vars.yaml", Self.argo + "live-deployment-env-vars.yaml")
    let env = "/spec/template/spec/containers/0/env/"
    #expect(
      analysis.changeSummary == [
        "replace /metadata/annotations/iksm-version", "replace /spec/replicas", "remove \(env)0",
        "remove \(env)1",
        "replace \(env)2/value",
      ])
    #expect(change(analysis, env + "0")?.desired?["name"] == "SOME_OTHER_ENV_VAR")
    #expect(change(analysis, env + "1")?.desired?["name"] == "YET_ANOTHER_ENV_VAR")
    let value = try #require(change(analysis, env + "2/value"))
    #expect((value.desired, value.live) == ("different_value!", "some_value"))
  }

  @Test func argoPodDisruptionBudgetSelector() throws {
    let analysis = try compare(Self.argo + "target-pdb.yaml", Self.argo + "live-pdb.yaml")
    #expect(
      analysis.changeSummary == [
        "replace /spec/selector/matchLabels/app", "replace /spec/selector/matchLabels/version",
      ])
    let app = try #require(change(analysis, "/spec/selector/matchLabels/app"))
    #expect((app.desired, app.live) == ("myapp-v2", "myapp"))
    let version = try #require(change(analysis, "/spec/selector/matchLabels/version"))
    #expect((version.desired, version.live) == ("v2", "v1"))
  }

  @Test(
    arguments: [
      ("smd-deploy-config.yaml", "smd-deploy-live.yaml", nil),
      ("sealedsecret-config.json", "sealedsecret-live.json", nil),
      ("grafana-clusterrole-config.json", "grafana-clusterrole-live.json", nil),
      // These manifests state no namespace; upstream deploys them where the live object is.
      ("wordpress-config.json", "wordpress-live.json", "argocd"),
      ("elasticsearch-config.json", "elasticsearch-live.json", "elasticsearch4"),
      ("mutatingwebhookconfig-config.json", "mutatingwebhookconfig-live.json", nil),
      ("spinnaker-sa-config.json", "spinnaker-sa-live.json", nil),
      ("endpoints-config.json", "endpoints-live.json", nil),
      // Upstream reports `rules` filled in by the aggregation controller unless told to ignore
      // them; here the export has no managedFields, so the undeclared `rules` are owned by no
      // out-of-band manager: a server-side value, not drift (DESIGN, "Drift semantics").
      ("aggr-clusterrole-config.json", "aggr-clusterrole-live.json", nil),
    ] as [(String, String, String?)])
  func pairsThatAreNotModified(desired: String, live: String, namespace: String?) throws {
    let analysis = try compare(Self.engine + desired, Self.engine + live, namespace: namespace)
    #expect(
      analysis.drifts.isEmpty, "\(analysis.drifts.map(\.id.address)) \(analysis.changeSummary)")
    #expect(analysis.summary.inSync == 1)
  }

  @Test func injectedEnvVarIsAddedOutOfBand() throws {
    // Live env has VAR2 (valueFrom) before VAR1. Upstream's three-way diff ignores it because
    // last-applied lacks it; but the export has no managedFields, so nothing else can tell a
    // hand edit from a webhook's: a field neither git nor last-applied has, that no server
    // default explains, was added out of band (issue 17; a privileged flag added by
    // `kubectl edit` looks exactly like this). This expectation was "no drift" before.
    let analysis = try compare(
      Self.engine + "deployment-config.json", Self.engine + "deployment-live.json")
    #expect(analysis.changeSummary == ["add /spec/template/spec/containers/0/env/0"])
    #expect(change(analysis, "/spec/template/spec/containers/0/env/0")?.live?["name"] == "VAR2")
    #expect(analysis.drifts.first?.severity == .low)
  }

  @Test func serviceTargetPortChange() throws {
    let analysis = try compare(
      Self.engine + "smd-service-config.yaml", Self.engine + "smd-service-live.yaml")
    #expect(analysis.changeSummary == ["replace /spec/ports/1/targetPort"])
    let port = try #require(change(analysis, "/spec/ports/1/targetPort"))
    #expect((port.desired, port.live) == (1936, 1935))
  }

  @Test func servicePortRemovedFromDesiredButStillLive() throws {
    // `https` is absent from the desired manifest but owned live by argocd-controller through a
    // server-side *Apply*. An applier owns only what it applied, so this is not a server default:
    // the entry was dropped from the desired state and never removed live. The manager is a
    // deployer (not out of band), yet the field is drift, reported as `add` with that actor.
    let analysis = try compare(
      Self.engine + "smd-service-config-2-ports.yaml", Self.engine + "smd-service-live.yaml")
    #expect(analysis.changeSummary == ["add /spec/ports/2"])
    let https = try #require(change(analysis, "/spec/ports/2"))
    #expect(https.live?["name"] == "https")
    #expect(https.live?["port"] == 443)
    #expect(
      https.actor
        == Actor(manager: "argocd-controller", operation: "Apply", time: "2022-06-24T19:45:02Z"))
  }

  @Test func labelDeletedFromDesiredIsFoundThroughOwnership() throws {
    let analysis = try compare(
      Self.engine + "ssd-svc-no-label-config.yaml", Self.engine + "ssd-svc-label-live.yaml")
    #expect(analysis.changeSummary == ["add /metadata/labels/delete-me"])
    #expect(change(analysis, "/metadata/labels/delete-me")?.live == "delete-value")
  }

  @Test func nestedPortAndEnvAdditionsInDesired() throws {
    let analysis = try compare(
      Self.engine + "ssd-deploy-nested-config.yaml", Self.engine + "ssd-deploy-nested-live.yaml")
    let removed = analysis.drifts.flatMap(\.changes).filter { $0.operation == .remove }
    #expect(
      removed.compactMap { $0.desired?["name"]?.stringValue }.sorted() == ["ENV_VAR2", "https"])
  }
}
