import DriftEngine
import DriftFormats
import DriftModel
import DriftReports
import DriftTestSupport
import Foundation
import Git
import Testing

@Suite("the watcher's state machine, in-process over given exports")
struct WatcherTests {
  /// A repository with three apps of the workload in git and a source whose capture is `cat`.
  private func repository() throws -> ScratchRepository {
    let repo = try ScratchRepository()
    try repo.write(".drift.yml", KubernetesWorkload.configuration() + "    capture: cat live\n")
    for file in KubernetesWorkload(apps: 3).desiredFiles() {
      try repo.write(file.path, file.contents)
    }
    try repo.commit("desired", date: "2026-11-01T10:00:00Z")
    return repo
  }

  /// A watcher whose capture returns what `exports` holds next, one export per cycle.
  private func watcher(_ repo: ScratchRepository, exports: Exports) throws -> Watcher {
    var watcher = Watcher(workspace: Workspace(repository: try Repository(path: repo.path))) {
      (_, _) throws(Failure) in try exports.next()
    }
    var minute = 0
    watcher.clock = {
      minute += 1
      return Date(timeIntervalSince1970: 1_793_000_000 + Double(minute) * 60)
    }
    return watcher
  }

  final class Exports: @unchecked Sendable {
    var queue: [String]
    init(_ queue: [String]) { self.queue = queue }
    func next() throws(Failure) -> [UInt8] {
      guard !queue.isEmpty else { throw Failure("no cluster") }
      return Array(queue.removeFirst().utf8)
    }
  }

  @Test("new drift is reported once, then nothing while it stays, then resolved once")
  func newQuietResolved() throws {
    let repo = try repository()
    defer { repo.remove() }
    let scaled = KubernetesWorkload(apps: 3, drifts: .init(scaled: [1])).liveList()
    let clean = KubernetesWorkload(apps: 3).liveList(noiseOnly: true)
    let watcher = try watcher(repo, exports: Exports([clean, scaled, scaled, clean, clean]))

    #expect(try watcher.cycle().events.isEmpty, "in sync when watching begins")
    let first = try watcher.cycle().events
    #expect(first.map(\.type) == ["drift-started"])
    #expect(
      first.first.map {
        $0.window?.from == "2026-10-26T07:34:20Z" && $0.window?.to == "2026-10-26T07:35:20Z"
      }
        == true,
      "between the last observation in sync and this one: \(String(describing: first.first?.window))"
    )
    #expect(first.first?.address == "Deployment.apps/prod/app-0001")
    #expect(first.first?.path == "/spec/replicas")
    #expect(first.first?.actor == "kubectl-scale")
    let snapshot = try #require(first.first?.snapshot, "the event names its snapshot")
    #expect(try repo.git("rev-parse", "refs/drift/snapshots/prod-k8s") == snapshot)

    #expect(try watcher.cycle().events.isEmpty, "the same drift again is no event")
    let resolved = try watcher.cycle().events
    #expect(resolved.map(\.type) == ["drift-resolved"])
    #expect(resolved.first?.path == "/spec/replicas")
    #expect(resolved.first?.duration == 120, "drifted from minute 2 to minute 4")
    #expect(resolved.first?.window?.to == "2026-10-26T07:37:20Z")
    #expect(try watcher.cycle().events.isEmpty)
    try repo.fsck()
  }

  @Test("a capture equal to the last one's reuses its report, until HEAD moves")
  func unchangedCaptureReusesReport() throws {
    let repo = try repository()
    defer { repo.remove() }
    let scaled = KubernetesWorkload(apps: 3, drifts: .init(scaled: [1])).liveList()
    let watcher = try watcher(repo, exports: Exports([scaled, scaled, scaled]))
    #expect(try watcher.cycle().events.count == 1, "one summary of the drift already there")
    let reports = repo.path + "/.git/drift/reports"
    #expect(try FileManager.default.contentsOfDirectory(atPath: reports).count == 1)
    #expect(try watcher.cycle().events.isEmpty)
    try repo.write(
      ".drift.yml",
      KubernetesWorkload.configuration() + "    capture: cat live\n"
        + "ignore:\n  - resource: \"Deployment.apps/prod/app-0001\"\n    paths: [\"/spec/replicas\"]\n"
    )
    try repo.commit("accept the replicas", date: "2026-11-02T10:00:00Z")
    let resolved = try watcher.cycle().events
    #expect(resolved.map(\.type) == ["drift-resolved"], "\(resolved)")
    try repo.fsck()
  }

  @Test("another live value of a drifted attribute is a new event")
  func changedLiveValue() throws {
    let repo = try repository()
    defer { repo.remove() }
    let first = KubernetesWorkload(apps: 3, drifts: .init(scaled: [1])).liveList()
    var list = try #require(
      try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
    var items = try #require(list["items"] as? [[String: Any]])
    let index = try #require(
      items.firstIndex {
        $0["kind"] as? String == "Deployment"
          && ($0["metadata"] as? [String: Any])?["name"] as? String == "app-0001"
      })
    var spec = try #require(items[index]["spec"] as? [String: Any])
    spec["replicas"] = 99
    items[index]["spec"] = spec
    list["items"] = items
    let other = String(decoding: try JSONSerialization.data(withJSONObject: list), as: UTF8.self)
    let watcher = try watcher(repo, exports: Exports([first, other]))
    _ = try watcher.cycle()
    let second = try watcher.cycle().events
    #expect(second.map(\.type) == ["drift-started"])
    #expect(second.first?.live == "99")
  }

  @Test("a watcher started again reads the state its predecessor recorded, and repeats nothing")
  func restart() throws {
    let repo = try repository()
    defer { repo.remove() }
    let scaled = KubernetesWorkload(apps: 3, drifts: .init(scaled: [1])).liveList()
    #expect(try watcher(repo, exports: Exports([scaled])).cycle().events.count == 1)
    #expect(try watcher(repo, exports: Exports([scaled])).cycle().events.isEmpty)
  }

  @Test("the first watch over drift that is already there is one summary event, not one per drift")
  func firstRunSummarises() throws {
    let repo = try repository()
    defer { repo.remove() }
    let drifted = KubernetesWorkload(
      apps: 3, drifts: .init(scaled: [0, 1], imageChanged: [2])
    ).liveList()
    let clean = KubernetesWorkload(apps: 3).liveList(noiseOnly: true)
    let watcher = try watcher(repo, exports: Exports([drifted, drifted, clean]))
    let first = try watcher.cycle().events
    #expect(first.map(\.type) == ["drift-summary"])
    #expect(first.first?.count == 3)
    #expect(
      first.first?.message?.hasPrefix(
        "3 drift(s) in 3 resource(s) already there when watching began")
        == true, "\(String(describing: first.first?.message))")
    #expect(try watcher.cycle().events.isEmpty, "the summarised drift is known afterwards")
    let resolved = try watcher.cycle().events
    #expect(resolved.map(\.type) == ["drift-resolved", "drift-resolved", "drift-resolved"])
    #expect(resolved.allSatisfy { $0.duration == 120 }, "known since the first cycle")
  }

  @Test("a failing capture is a capture-failed event, and no snapshot is recorded")
  func failingCapture() throws {
    let repo = try repository()
    defer { repo.remove() }
    let cycle = try watcher(repo, exports: Exports([])).cycle()
    #expect(cycle.failed)
    #expect(cycle.events.map(\.type) == ["capture-failed"])
    #expect(cycle.events.first?.message == "no cluster")
    #expect(try repo.git("for-each-ref", "refs/drift/snapshots").isEmpty)
  }

  @Test("an export that does not parse fails its source with the reader's words")
  func unreadableExport() throws {
    let repo = try repository()
    defer { repo.remove() }
    let cycle = try watcher(repo, exports: Exports(["{\"items\": [1,"])).cycle()
    #expect(cycle.failed)
    let message = try #require(cycle.events.first?.message)
    #expect(message.hasPrefix("capture of prod-k8s:"), "\(message)")
  }

  @Test("--source names a source of .drift.yml, or the cycle fails listing them")
  func unknownSource() throws {
    let repo = try repository()
    defer { repo.remove() }
    var watcher = try watcher(repo, exports: Exports([]))
    watcher.sourceName = "nope"
    #expect(throws: Failure.self) { try watcher.cycle() }
  }

  @Test("a damaged state is an empty one: every drift is new again, never a stopped watcher")
  func damagedState() {
    #expect(WatchState(bytes: Array("{\"a\": [".utf8)).entries.isEmpty)
    var state = WatchState()
    state.entries["Deployment.apps/prod/web#/spec/replicas"] = WatchEvent(
      type: "drift", source: "prod", address: "Deployment.apps/prod/web", path: "/spec/replicas",
      live: "5")
    #expect(WatchState(bytes: state.bytes) == state, "the state reads back as written")
    #expect(state.events(since: WatchState(bytes: []), source: "prod").count == 1)
  }
}
