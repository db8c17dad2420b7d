import DriftHistory
import DriftModel
import DriftReports
import DriftTestSupport
import Testing

/// The timeline renderer on a real snapshot history, checked against reviewed goldens.
@Suite("timeline renderer")
struct TimelineRendererTests {
  @Test("every transition of a resource, with its changes and the watch events that name it")
  func resource() throws {
    let scenario = try HistoryScenario()
    let timeline = try Timeline.build(
      address: HistoryScenario.web, pointer: nil, snapshots: scenario.snapshots,
      evaluator: scenario.evaluator)
    let events = try scenario.events()
    let text = TimelineRenderer.text(
      timeline, target: HistoryScenario.web, source: HistoryScenario.source, events: events)
    assertGolden(text, at: "reports/timeline/web.txt")
    assertGolden(
      TimelineRenderer.json(timeline, source: HistoryScenario.source, events: events),
      at: "reports/timeline/web.json")
    #expect(!text.contains("ConfigMap"), "an event about another resource is left out")
  }

  @Test("one attribute: its changes only, under the target as it was asked")
  func attribute() throws {
    let scenario = try HistoryScenario()
    let pointer = try #require(FieldPath(pointer: "/spec/replicas"))
    let timeline = try Timeline.build(
      address: HistoryScenario.web, pointer: pointer, snapshots: scenario.snapshots,
      evaluator: scenario.evaluator)
    let events = try scenario.events()
    let target = HistoryScenario.web + "#/spec/replicas"
    assertGolden(
      TimelineRenderer.text(
        timeline, target: target, source: HistoryScenario.source, events: events),
      at: "reports/timeline/web-replicas.txt")
    assertGolden(
      TimelineRenderer.json(timeline, source: HistoryScenario.source, events: events),
      at: "reports/timeline/web-replicas.json")
  }

  @Test("a resource nobody desired: absent, then unmanaged")
  func unmanaged() throws {
    let scenario = try HistoryScenario()
    let timeline = try Timeline.build(
      address: HistoryScenario.debug, pointer: nil, snapshots: scenario.snapshots,
      evaluator: scenario.evaluator)
    let events = try scenario.events()
    assertGolden(
      TimelineRenderer.text(
        timeline, target: HistoryScenario.debug, source: HistoryScenario.source, events: events),
      at: "reports/timeline/debug.txt")
    assertGolden(
      TimelineRenderer.json(timeline, source: HistoryScenario.source, events: events),
      at: "reports/timeline/debug.json")
  }
}
