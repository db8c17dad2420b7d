import DriftFormats
import DriftHistory
import DriftJSON
import DriftModel
import DriftTestSupport
import Foundation
import Git
import Testing

@Suite("history: 200 snapshots over 500 commits")
struct HistoryAcceptanceTests {
  static let address = "Deployment.apps/prod/app-0001"

  /// Records 200 snapshots, 2.5 hours apart: app-0001's image is changed by hand in snapshots
  /// 50–59 (then restored), and its replicas scaled by hand from snapshot 137 on.
  static func recorded() throws -> (HistoryFixture, [Snapshot]) {
    let fixture = try HistoryFixture(commits: 500)
    let repository = try Repository(path: fixture.repo.path)
    let store = SnapshotStore(repository: repository)
    let salt = Array(repeating: UInt8(1), count: 32)
    let clean = try fixture.live(fixture.workload.liveList(noiseOnly: true), salt: salt)
    let imageChanged = try fixture.live(
      KubernetesWorkload(apps: 5, drifts: .init(imageChanged: [1])).liveList(), salt: salt)
    let scaled = try fixture.live(
      KubernetesWorkload(apps: 5, drifts: .init(scaled: [1])).liveList(), salt: salt)
    var snapshots: [Snapshot] = []
    for index in 0..<200 {
      let resources = (50..<60).contains(index) ? imageChanged : index >= 137 ? scaled : clean
      let time = Date(
        timeIntervalSince1970: TimeInterval(HistoryFixture.start + index * 9_000 + 60))
      let outcome = try store.record(
        source: HistoryFixture.source, resources: resources, capturedAt: time,
        adapter: KubernetesAdapter())
      guard case .recorded(let snapshot) = outcome else {
        Issue.record("snapshot \(index) was not recorded")
        continue
      }
      snapshots.append(snapshot)
    }
    return (fixture, snapshots)
  }

  @Test("bisect names snapshot 137, the last clean 136, the commit in force and the actor")
  func bisect() throws {
    let (fixture, snapshots) = try Self.recorded()
    try fixture.repo.fsck()
    let result = try GitDriftExecutable.run(
      ["bisect", Self.address, "--format", "json"], in: fixture.repo.path)
    #expect(result.status == 0, "\(result.stderr)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let first = try #require(json["firstDrifted"] as? [String: Any])
    let clean = try #require(json["lastClean"] as? [String: Any])
    #expect(first["snapshot"] as? String == snapshots[137].id.hex)
    #expect(clean["snapshot"] as? String == snapshots[136].id.hex)
    #expect(clean["state"] as? String == "in-sync")
    // Snapshot 137 was captured at start + 137 * 2.5 h + 60 s: commit 342 was then in force.
    #expect(first["commit"] as? String == fixture.commits[342])
    #expect(json["actor"] as? String == "kubectl-scale")
    let judged = try #require(json["judged"] as? Int)
    #expect(judged <= 12, "bisect compared \(judged) snapshots of 200")
    let text = try GitDriftExecutable.run(
      ["bisect", Self.address + "#/spec/replicas"], in: fixture.repo.path)
    #expect(
      text.stdout.contains("since snapshot \(snapshots[137].id.hex.prefix(7))"), "\(text.stdout)")
    #expect(text.stdout.contains("Changed by kubectl-scale"))
  }

  @Test("timeline lists exactly the transitions, the earlier resolved drift included")
  func timeline() throws {
    let (fixture, snapshots) = try Self.recorded()
    let result = try GitDriftExecutable.run(
      ["timeline", Self.address, "--format", "json"], in: fixture.repo.path)
    #expect(result.status == 0, "\(result.stderr)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let transitions = try #require(json["transitions"] as? [[String: Any]])
    #expect(
      transitions.map { $0["snapshot"] as? String }
        == [0, 50, 60, 137].map { snapshots[$0].id.hex })
    #expect(
      transitions.map { $0["state"] as? String } == ["in-sync", "drifted", "in-sync", "drifted"])
    let imageChange = try #require((transitions[1]["changes"] as? [[String: Any]])?.first)
    #expect(imageChange["path"] as? String == "/spec/template/spec/containers/0/image")
    #expect(imageChange["actor"] as? String == "kubectl-set")
    let attribute = try GitDriftExecutable.run(
      ["timeline", Self.address + "#/spec/replicas", "--format", "json"], in: fixture.repo.path)
    let narrowed = try #require(
      try JSONSerialization.jsonObject(with: Data(attribute.stdout.utf8)) as? [String: Any])
    #expect(
      (narrowed["transitions"] as? [Any])?.count == 2, "the image drift is not a replicas drift")

    // Bisect agrees with the timeline: the last transition into drift.
    let repository = try Repository(path: fixture.repo.path)
    let history = DesiredHistory(
      repository: repository, tip: try repository.resolveCommit("main"),
      secrets: .init(key: Array(repeating: UInt8(1), count: 32)))
    let evaluator = Evaluator(
      store: SnapshotStore(repository: repository), history: history, source: HistoryFixture.source,
      today: CalendarDate(year: 2026, month: 11, day: 27))
    let episode = try #require(
      try Episode.find(
        address: Self.address, pointer: nil, snapshots: snapshots, evaluator: evaluator))
    #expect(episode.firstDrifted.snapshot == snapshots[137])
  }

  @Test("snapshots pushed to a bare remote and fetched into a fresh clone give the same timeline")
  func pushAndFetch() throws {
    let (fixture, _) = try Self.recorded()
    let remote = try ScratchRepository(bare: true)
    try fixture.repo.git("remote", "add", "origin", remote.path)
    try fixture.repo.git("push", "--quiet", "origin", "main", "refs/drift/*:refs/drift/*")
    let clone = try ScratchRepository.clone(of: remote)
    try clone.git("fetch", "--quiet", "origin", "refs/drift/*:refs/drift/*")
    try clone.fsck()
    let here = try GitDriftExecutable.run(
      ["timeline", Self.address, "--format", "json"], in: fixture.repo.path)
    let there = try GitDriftExecutable.run(
      ["timeline", Self.address, "--format", "json"], in: clone.path)
    #expect(there.status == 0, "\(there.stderr)")
    #expect(here.stdout == there.stdout)
  }
}
