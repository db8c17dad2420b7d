import DriftHistory
import DriftModel
import DriftReports
import DriftTestSupport
import Testing

/// The bisect renderer on a real snapshot history, checked against reviewed goldens.
@Suite("bisect renderer")
struct BisectRendererTests {
  @Test("the current drift: first drifted and last clean snapshot, commit in force, actor")
  func drifted() throws {
    let scenario = try HistoryScenario()
    let episode = try Episode.find(
      address: HistoryScenario.web, pointer: nil, snapshots: scenario.snapshots,
      evaluator: scenario.evaluator)
    let count = scenario.snapshots.count
    assertGolden(
      BisectRenderer.text(episode, target: HistoryScenario.web, snapshots: count),
      at: "reports/bisect/web.txt")
    assertGolden(
      BisectRenderer.json(
        episode, target: HistoryScenario.web, address: HistoryScenario.web, snapshots: count),
      at: "reports/bisect/web.json")
  }

  @Test("drift since the first snapshot searched: never in sync")
  func neverInSync() throws {
    let scenario = try HistoryScenario()
    let path = "/spec/template/spec/containers/0/image"
    let snapshots = Array(scenario.snapshots.suffix(2))
    let episode = try Episode.find(
      address: HistoryScenario.web, pointer: FieldPath(pointer: path),
      snapshots: snapshots, evaluator: scenario.evaluator)
    #expect(episode?.lastClean == nil)
    let target = HistoryScenario.web + "#" + path
    assertGolden(
      BisectRenderer.text(episode, target: target, snapshots: snapshots.count),
      at: "reports/bisect/never-in-sync.txt")
    assertGolden(
      BisectRenderer.json(
        episode, target: target, address: HistoryScenario.web, snapshots: snapshots.count),
      at: "reports/bisect/never-in-sync.json")
  }

  @Test("an unmanaged resource: no changes, no actor line")
  func unmanaged() throws {
    let scenario = try HistoryScenario()
    let episode = try Episode.find(
      address: HistoryScenario.debug, pointer: nil, snapshots: scenario.snapshots,
      evaluator: scenario.evaluator)
    let count = scenario.snapshots.count
    assertGolden(
      BisectRenderer.text(episode, target: HistoryScenario.debug, snapshots: count),
      at: "reports/bisect/debug.txt")
    assertGolden(
      BisectRenderer.json(
        episode, target: HistoryScenario.debug, address: HistoryScenario.debug, snapshots: count),
      at: "reports/bisect/debug.json")
  }

  @Test("not drifted in the latest snapshot: one sentence, or drifted false")
  func notDrifted() throws {
    let scenario = try HistoryScenario()
    let episode = try Episode.find(
      address: HistoryScenario.web, pointer: FieldPath(pointer: "/metadata/labels"),
      snapshots: scenario.snapshots, evaluator: scenario.evaluator)
    #expect(episode == nil)
    let target = HistoryScenario.web + "#/metadata/labels"
    #expect(
      BisectRenderer.text(nil, target: target, snapshots: 6)
        == "\(target) is not drifted in the latest snapshot.\n")
    // The answer without drift names the address alone, as it always has.
    #expect(
      BisectRenderer.json(nil, target: target, address: HistoryScenario.web, snapshots: 6)
        == "{\n  \"address\": \"Deployment.apps/prod/web\",\n  \"drifted\": false\n}\n")
  }
}
