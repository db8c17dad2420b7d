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
      type: "drift-started", source: "prod-k8s", address: "Deployment.apps/prod/web",
      path: "/spec/replicas", kind: "modified", severity: "low", desired: "3", live: "5",
      actor: "kubectl-scale", owners: ["@acme/sre", "@alice"])
    scaled.snapshot = "aaaabbbbccccddddeeeeffff0000111122223333"
    scaled.since = "2026-11-02T09:35:00Z"
    scaled.window = ("2026-11-02T09:30:00Z", "2026-11-02T09:35:00Z")
    let added = WatchEvent(
      type: "drift-started", source: "prod-k8s", address: "Deployment.apps/prod/web",
      path: "/spec/template/spec/containers/0/securityContext", kind: "modified",
      severity: "critical", live: #"{"privileged":true}"#, actor: "kubectl-edit")
    let unmanaged = WatchEvent(
      type: "drift-started", source: "prod-k8s", address: "ConfigMap/prod/debug", kind: "unmanaged",
      severity: "medium", actor: "kubectl-create")
    let missing = WatchEvent(
      type: "drift-started", source: "prod-k8s", address: "Service/prod/web", kind: "missing",
      severity: "high")
    var resolved = scaled
    resolved.type = "drift-resolved"
    resolved.window = ("2026-11-02T11:20:00Z", "2026-11-02T11:25:00Z")
    resolved.duration = 6_600
    var summary = WatchEvent(
      type: "drift-summary", source: "prod-k8s",
      message: "2 drift(s) in 1 resource(s) already there when watching began: "
        + "Deployment.apps/prod/web#/spec/replicas, Deployment.apps/prod/web#/spec/paused")
    summary.count = 2
    let failed = WatchEvent(
      type: "capture-failed", source: "prod-k8s",
      message: "capture command 'kubectl get deploy -o json' exited with 1: forbidden")
    return [scaled, added, unmanaged, missing, resolved, summary, failed]
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
    for event in Self.events where event.type != "capture-failed" && event.type != "drift-summary" {
      var kept = event
      kept.snapshot = nil  // the state keeps what drifted, not where it was seen
      #expect(WatchEvent(value: kept.value) == kept)
    }
  }
}
