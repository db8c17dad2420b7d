import DriftHistory
import DriftModel
import DriftReports
import DriftTestSupport
import Testing

/// The snapshot list and show renderer on real snapshots, checked against reviewed goldens.
@Suite("snapshot list renderer")
struct SnapshotListRendererTests {
  @Test("the list, newest first: id, capture time, source, resource count")
  func list() throws {
    let scenario = try HistoryScenario()
    let newestFirst = Array(scenario.snapshots.reversed())
    assertGolden(
      SnapshotListRenderer.listText(newestFirst), at: "reports/snapshot-list/list.txt")
    assertGolden(
      SnapshotListRenderer.listJSON(newestFirst), at: "reports/snapshot-list/list.json")
  }

  @Test("an empty list says so, or is an empty array")
  func empty() {
    #expect(SnapshotListRenderer.listText([]) == "No snapshots recorded yet.\n")
    #expect(SnapshotListRenderer.listJSON([]) == "[]\n")
  }

  @Test("one snapshot with its resources sorted by address")
  func show() throws {
    let scenario = try HistoryScenario()
    let latest = try #require(scenario.snapshots.last)
    let ids = try scenario.store.resourceIDs(in: latest).map(\.id)
    #expect(ids.count == 2)
    // In any order: the renderer sorts.
    let resources = Array(ids.sorted().reversed())
    assertGolden(
      SnapshotListRenderer.showText(latest, resources: resources),
      at: "reports/snapshot-list/show.txt")
    assertGolden(
      SnapshotListRenderer.showJSON(latest, resources: resources),
      at: "reports/snapshot-list/show.json")
  }
}
