import DriftTestSupport
import Foundation
import Testing

/// Observations recorded with the real executable into a real repository: every export counts,
/// and every answer orders them by capture time.
@Suite("observations: every export, in capture-time order")
struct ObservationTests {
  static let address = "Deployment.apps/prod/app-0000"

  /// A repository whose desired state (two apps) was committed on 2026-11-01 at 10:00, with a
  /// clean export and one where app-0000 was scaled by hand written beside it.
  final class Fixture {
    let repo: ScratchRepository
    let clean: String
    let scaled: String

    init() throws {
      let workload = KubernetesWorkload(apps: 2)
      repo = try ScratchRepository()
      try repo.write(".drift.yml", KubernetesWorkload.configuration())
      for file in workload.desiredFiles() { try repo.write(file.path, file.contents) }
      try repo.commit("desired", date: "2026-11-01T10:00:00Z")
      clean = repo.root + "/clean.json"
      scaled = repo.root + "/scaled.json"
      try Data(workload.liveList(noiseOnly: true).utf8).write(to: URL(fileURLWithPath: clean))
      try Data(KubernetesWorkload(apps: 2, drifts: .init(scaled: [0])).liveList().utf8).write(
        to: URL(fileURLWithPath: scaled))
    }

    /// Records `export` as captured at `time`, and returns what it printed.
    @discardableResult
    func record(_ export: String, at time: String) throws -> String {
      let result = try GitDriftExecutable.run(
        ["snapshot", "record", "--at", time, export], in: repo.path)
      try #require(result.status == 0, "\(result.stdout)\(result.stderr)")
      return result.stdout
    }

    func run(_ arguments: [String]) throws -> Shell.Result {
      try GitDriftExecutable.run(arguments, in: repo.path)
    }
  }

  @Test("a backfilled export takes its place: check's default is still the latest by capture time")
  func backfilledExportTakesItsPlace() throws {
    let fixture = try Fixture()
    try fixture.record(fixture.clean, at: "2026-11-02T10:00:00Z")
    try fixture.record(fixture.clean, at: "2026-11-02T11:00:00Z")
    try fixture.record(fixture.scaled, at: "2026-11-02T12:00:00Z")
    let backfill = try fixture.record(fixture.scaled, at: "2026-11-02T10:30:00Z")
    #expect(backfill.contains("Backfilled: placed by capture time before snapshot"), "\(backfill)")

    let check = try fixture.run(["check", "--format", "json"])
    #expect(check.status == 1, "\(check.stdout)\(check.stderr)")
    #expect(check.stdout.contains("\"capturedAt\": \"2026-11-02T12:00:00Z\""), "\(check.stdout)")

    let timeline = try fixture.run(["timeline", Self.address, "--format", "json"])
    #expect(timeline.status == 0, "\(timeline.stderr)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(timeline.stdout.utf8)) as? [String: Any])
    let transitions = try #require(json["transitions"] as? [[String: Any]])
    #expect(
      transitions.compactMap { $0["capturedAt"] as? String } == [
        "2026-11-02T10:00:00Z", "2026-11-02T10:30:00Z", "2026-11-02T11:00:00Z",
        "2026-11-02T12:00:00Z",
      ])
    #expect(
      transitions.compactMap { $0["state"] as? String } == [
        "in-sync", "drifted", "in-sync", "drifted",
      ])

    // latest~N and @TIME count by capture time too.
    let previous = try fixture.run(["snapshot", "show", "latest~1"])
    #expect(previous.stdout.contains("captured 2026-11-02T11:00:00Z"), "\(previous.stdout)")
    let third = try fixture.run(["snapshot", "show", "latest~2"])
    #expect(third.stdout.contains("captured 2026-11-02T10:30:00Z"), "\(third.stdout)")
    let byTime = try fixture.run(["snapshot", "show", "@2026-11-02T10:45:00Z"])
    #expect(byTime.stdout.contains("captured 2026-11-02T10:30:00Z"), "\(byTime.stdout)")
    let list = try fixture.run(["snapshot", "list", "--all"])
    #expect(
      list.stdout.split(separator: "\n").map { String($0.split(separator: " ")[1]) } == [
        "2026-11-02T12:00:00Z", "2026-11-02T11:00:00Z", "2026-11-02T10:30:00Z",
        "2026-11-02T10:00:00Z",
      ], "\(list.stdout)")

    // bisect: the current episode began at 12:00, after the 11:00 observation.
    let bisect = try fixture.run(["bisect", Self.address, "--format", "json"])
    let episode = try #require(
      try JSONSerialization.jsonObject(with: Data(bisect.stdout.utf8)) as? [String: Any])
    let first = try #require(episode["firstDrifted"] as? [String: Any])
    #expect(first["capturedAt"] as? String == "2026-11-02T12:00:00Z")

    // A second backfill is placed by capture time too, and the latest stays the latest.
    try fixture.record(fixture.clean, at: "2026-11-02T09:00:00Z")
    let again = try fixture.run(["check"])
    #expect(again.status == 1, "\(again.stdout)")
    try fixture.repo.fsck()
  }

  @Test("two observations captured at the same time with other content are both kept: a conflict")
  func sameCaptureTimeOtherContentIsAConflict() throws {
    let fixture = try Fixture()
    try fixture.record(fixture.clean, at: "2026-11-02T10:00:00Z")
    try fixture.record(fixture.clean, at: "2026-11-02T11:00:00Z")
    let same = try fixture.record(fixture.clean, at: "2026-11-02T11:00:00Z")
    #expect(!same.contains("Conflict"), "the same content twice is no conflict: \(same)")
    let other = try fixture.record(fixture.scaled, at: "2026-11-02T11:00:00Z")
    #expect(
      other.contains("Conflict: snapshot ") && other.contains("both are kept"), "\(other)")
    let count = try fixture.repo.git("rev-list", "--count", "refs/drift/snapshots/prod-k8s")
    #expect(count == "4")
    let list = try fixture.run(["snapshot", "list"])
    #expect(list.stdout.contains("conflict"), "\(list.stdout)")
    let timeline = try fixture.run(["timeline", Self.address])
    #expect(timeline.stdout.contains("conflict"), "\(timeline.stdout)")
    try fixture.repo.fsck()
  }
}
