import DriftHistory
import DriftModel
import DriftReports
import DriftTestSupport
import Git
import Testing

/// The explain renderer on drift built from a real snapshot history, checked against reviewed
/// goldens.
@Suite("explain renderer")
struct ExplainRendererTests {
  @Test("per attribute: who set the desired value, first deviation, undeployed or out-of-band")
  func modified() throws {
    let scenario = try HistoryScenario()
    let latest = try #require(scenario.snapshots.last)
    let verdict = try scenario.evaluator.verdict(
      of: HistoryScenario.web, pointer: nil, in: latest)
    guard case .drifted(let changes) = verdict.state else {
      Issue.record("web is drifted in the latest snapshot, not \(verdict.state.name)")
      return
    }
    #expect(
      changes.map(\.path.pointer) == ["/spec/replicas", "/spec/template/spec/containers/0/image"])
    let drift = Drift(
      kind: .modified, source: HistoryScenario.source,
      id: ResourceID(type: "Deployment.apps", address: HistoryScenario.web),
      location: SourceLocation(file: "apps/web.yaml", line: 1), severity: .medium,
      csf: ["DE.CM-09", "ID.AM-02", "PR.IR-04", "PR.PS-01", "PR.PS-02"], changes: changes,
      actor: changes[1].actor)
    // As explain finds them: replicas went back to what the first commit desired, which the
    // second changed; the image, set by the first commit, was never desired as it is live.
    let findings = [
      (Provenance(kind: "undeployed", commit: scenario.commits[0].id.hex), scenario.commits[1]),
      (Provenance.outOfBand, scenario.commits[0]),
    ]
    var explanations: [Explanation] = []
    for (change, (provenance, lastSet)) in zip(changes, findings) {
      var explained = change
      explained.provenance = provenance
      let episode = try Episode.find(
        address: HistoryScenario.web, pointer: change.path, snapshots: scenario.snapshots,
        evaluator: scenario.evaluator)
      explanations.append(Explanation(change: explained, lastSet: lastSet, episode: episode))
    }
    let desired = scenario.commits[1].id.hex
    assertGolden(
      ExplainRenderer.text(drift, explanations, desiredCommit: desired),
      at: "reports/explain/web.txt")
    assertGolden(ExplainRenderer.json(drift, explanations), at: "reports/explain/web.json")
  }

  @Test("an unmanaged resource: when it appeared and who created it")
  func unmanaged() throws {
    let scenario = try HistoryScenario()
    let drift = Drift(
      kind: .unmanaged, source: HistoryScenario.source,
      id: ResourceID(type: "ConfigMap", address: HistoryScenario.debug), location: nil,
      severity: .medium, csf: ["ID.AM-02", "DE.CM-09"],
      actor: Actor(manager: "kubectl-create", operation: "Update", time: "2026-11-03T09:00:00Z"))
    let episode = try Episode.find(
      address: HistoryScenario.debug, pointer: nil, snapshots: scenario.snapshots,
      evaluator: scenario.evaluator)
    let explanations = [Explanation(change: nil, episode: episode)]
    let desired = scenario.commits[1].id.hex
    assertGolden(
      ExplainRenderer.text(drift, explanations, desiredCommit: desired),
      at: "reports/explain/debug.txt")
    assertGolden(ExplainRenderer.json(drift, explanations), at: "reports/explain/debug.json")
  }

  @Test("a missing resource without snapshots: the heading alone")
  func missingWithoutHistory() {
    let drift = Drift(
      kind: .missing, source: HistoryScenario.source,
      id: ResourceID(type: "Service", address: "Service/prod/web"),
      location: SourceLocation(file: "apps/web.yaml", line: 20), severity: .high)
    let desired = "0123456789abcdef0123456789abcdef01234567"
    #expect(
      ExplainRenderer.text(drift, [Explanation(change: nil)], desiredCommit: desired)
        == "Service/prod/web  missing  apps/web.yaml:20  (desired 0123456)\n")
  }

  @Test("in sync: one sentence, or drifted false")
  func inSync() {
    #expect(
      ExplainRenderer.inSyncText(HistoryScenario.web) == "Deployment.apps/prod/web is in sync.\n")
    #expect(
      ExplainRenderer.inSyncJSON(HistoryScenario.web)
        == "{\n  \"address\": \"Deployment.apps/prod/web\",\n  \"drifted\": false\n}\n")
  }
}
