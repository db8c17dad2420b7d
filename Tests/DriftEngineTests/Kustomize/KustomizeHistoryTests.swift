import DriftFormats
import DriftHistory
import DriftJSON
import DriftModel
import DriftTestSupport
import Foundation
import Git
import Testing

@Suite("kustomize sources through history")
struct KustomizeHistoryTests {
  @Test("a timeline renders each distinct input set once, and judges each snapshot by its render")
  func timelineRendersOncePerInputSet() throws {
    let layout = try KustomizeLayout()
    defer { layout.repo.remove() }
    let repo = layout.repo
    try repo.write("README.md", "notes\n")
    _ = try repo.commit("Notes", date: "2026-11-02T09:00:00Z")
    try KustomizeLayout.overlay(repo, "prod", replicas: 4, tag: "1.4", level: "info")
    _ = try repo.commit("Scale prod to 4", date: "2026-11-03T09:00:00Z")
    try repo.write("README.md", "more notes\n")
    _ = try repo.commit("More notes", date: "2026-11-04T09:00:00Z")

    let repository = try Repository(path: repo.path)
    let store = SnapshotStore(repository: repository)
    let secrets = SecretDigester(key: Array(repeating: UInt8(1), count: 32))
    let source = SourceConfiguration(name: "prod", format: "kustomize", paths: ["overlays/prod"])
    // Live stays as the first render (3 replicas); every snapshot follows a commit.
    try repo.git("checkout", "-q", "HEAD~2")
    let export = try layout.liveExport(overlay: "prod")
    try repo.git("checkout", "-q", "-")
    let live = try KustomizeAdapter().live(
      Array(export.utf8), name: "live.json", source: source, secrets: secrets)
    for day in 1...4 {
      let time = try #require(Timestamp.parse("2026-11-0\(day)T12:00:00Z"))
      _ = try store.record(
        source: "prod", resources: live, capturedAt: time,
        adapter: KustomizeAdapter())
    }
    let cache = KustomizeRenderCache()
    let formats = FormatRegistry.standard.adding(KustomizeAdapter(cache: cache))
    let history = DesiredHistory(
      repository: repository, tip: try repository.resolveCommit("HEAD"), secrets: secrets,
      formats: formats)
    let evaluator = Evaluator(
      store: store, history: history, source: "prod",
      today: CalendarDate(year: 2026, month: 12, day: 1))
    let timeline = try Timeline.build(
      address: "Deployment.apps/prod/web", pointer: nil,
      snapshots: try store.snapshots(of: "prod"), evaluator: evaluator)
    #expect(cache.renders == 2, "four commits, two distinct sets of inputs of overlays/prod")
    let states = timeline.transitions.map(\.verdict.state)
    #expect(states.count == 2, "\(states)")
    #expect(states.first == .inSync)
    guard case .drifted(let changes) = states.last else {
      Issue.record("expected drift after the scale-up, got \(String(describing: states.last))")
      return
    }
    #expect(changes.map(\.path.pointer) == ["/spec/replicas"])
    try repo.fsck()
  }
}
