import DriftModel
import DriftReports
import DriftTestSupport
import Testing

/// The watcher's events as lines and as the JSON sent to receivers, checked against reviewed
/// goldens.
@Suite("watch event renderer")
struct WatchEventRendererTests {
  /// One event of each shape the watcher reports.
  static let events: [WatchEvent] = {
    var scaled = WatchEvent(
      type: "drift", source: "prod-k8s", address: "Deployment.apps/prod/web",
      path: "/spec/replicas", kind: "modified", severity: "low", desired: "3", live: "5",
      actor: "kubectl-scale", owners: ["@acme/sre", "@alice"])
    scaled.snapshot = "aaaabbbbccccddddeeeeffff0000111122223333"
    let added = WatchEvent(
      type: "drift", source: "prod-k8s", address: "Deployment.apps/prod/web",
      path: "/spec/template/spec/containers/0/securityContext", kind: "modified",
      severity: "critical", live: #"{"privileged":true}"#, actor: "kubectl-edit")
    let unmanaged = WatchEvent(
      type: "drift", source: "prod-k8s", address: "ConfigMap/prod/debug", kind: "unmanaged",
      severity: "medium", actor: "kubectl-create")
    let missing = WatchEvent(
      type: "drift", source: "prod-k8s", address: "Service/prod/web", kind: "missing",
      severity: "high")
    var resolved = scaled
    resolved.type = "resolved"
    let failed = WatchEvent(
      type: "capture-failed", source: "prod-k8s",
      message: "capture command 'kubectl get deploy -o json' exited with 1: forbidden")
    return [scaled, added, unmanaged, missing, resolved, failed]
  }()

  @Test("one line per event, and one JSON object per line with the Slack text")
  func golden() {
    assertGolden(
      Self.events.map { WatchEventRenderer.line($0) + "\n" }.joined(),
      at: "reports/watch-event/events.txt")
    assertGolden(
      Self.events.map { WatchEventRenderer.json($0) + "\n" }.joined(),
      at: "reports/watch-event/events.jsonl")
  }

  @Test("an event reads back from the JSON a watcher keeps as its state")
  func stateRoundTrip() {
    for event in Self.events where event.type != "capture-failed" {
      var kept = event
      kept.snapshot = nil  // the state keeps what drifted, not where it was seen
      #expect(WatchEvent(value: kept.value) == kept)
    }
  }
}
