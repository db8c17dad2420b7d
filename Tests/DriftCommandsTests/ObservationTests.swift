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

  /// The capture time of export `number` (1-based) of a series ten minutes apart from
  /// 2026-11-02T06:00Z.
  static func exportTime(_ number: Int) -> String {
    let minutes = (number - 1) * 10
    let hour = 6 + minutes / 60
    let hh = hour < 10 ? "0\(hour)" : "\(hour)"
    let mm = minutes % 60 < 10 ? "0\(minutes % 60)" : "\(minutes % 60)"
    return "2026-11-02T\(hh):\(mm):00Z"
  }

  @Test(
    "40 exports ten minutes apart: 40 observations, bisect and timeline name ten-minute windows")
  func fortyExportsGiveTenMinuteWindows() throws {
    let fixture = try Fixture()
    let drifted = Set(8...11).union(23...40)
    for number in 1...40 {
      try fixture.record(
        drifted.contains(number) ? fixture.scaled : fixture.clean,
        at: Self.exportTime(number))
    }
    let count = try fixture.repo.git("rev-list", "--count", "refs/drift/snapshots/prod-k8s")
    #expect(count == "40", "every export is an observation")
    let shas = try fixture.repo.git("rev-list", "--reverse", "refs/drift/snapshots/prod-k8s")
      .split(separator: "\n").map(String.init)
    try #require(shas.count == 40)

    let bisect = try fixture.run(["bisect", Self.address, "--format", "json"])
    #expect(bisect.status == 0, "\(bisect.stderr)")
    let episode = try #require(
      try JSONSerialization.jsonObject(with: Data(bisect.stdout.utf8)) as? [String: Any])
    let window = try #require(episode["window"] as? [String: Any])
    #expect(window["from"] as? String == Self.exportTime(22))
    #expect(window["to"] as? String == Self.exportTime(23))
    #expect(window["fromSnapshot"] as? String == shas[21])
    #expect(window["toSnapshot"] as? String == shas[22])
    #expect(window["seconds"] as? Int == 600)
    #expect(episode["duration"] as? Int == 17 * 600, "from export 23 to export 40")
    let bisectText = try fixture.run(["bisect", Self.address])
    #expect(
      bisectText.stdout.contains(
        "Window: \(Self.exportTime(22)) (\(shas[21].prefix(7))) to \(Self.exportTime(23)) "
          + "(\(shas[22].prefix(7))), 10 min."), "\(bisectText.stdout)")
    #expect(bisectText.stdout.contains("Drifted for 2 h 50 min"), "\(bisectText.stdout)")

    let timeline = try fixture.run(["timeline", Self.address, "--format", "json"])
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(timeline.stdout.utf8)) as? [String: Any])
    let entries = try #require(json["transitions"] as? [[String: Any]])
    let changes = entries.filter { !($0["window"] is NSNull) }
    #expect(changes.count == 3, "three transitions after the first state")
    let windows = changes.compactMap { $0["window"] as? [String: Any] }
    #expect(windows.compactMap { $0["from"] as? String } == [7, 11, 22].map(Self.exportTime))
    #expect(windows.compactMap { $0["to"] as? String } == [8, 12, 23].map(Self.exportTime))
    #expect(windows.compactMap { $0["seconds"] as? Int } == [600, 600, 600])
    #expect(
      entries.compactMap { $0["duration"] as? Int } == [7 * 600, 4 * 600, 11 * 600, 17 * 600],
      "each episode from its first observation to the next state's first (the last ongoing)")
    #expect(entries.compactMap { $0["ongoing"] as? Bool } == [false, false, false, true])
    let text = try fixture.run(["timeline", Self.address])
    #expect(
      text.stdout.hasPrefix("Timeline of \(Self.address) in prod-k8s: 3 transition(s) over 40"))
    #expect(text.stdout.contains("; drifted for 40 min\n"), "\(text.stdout)")
    #expect(text.stdout.contains("; drifted for 2 h 50 min so far\n"), "\(text.stdout)")

    let list = try fixture.run(["snapshot", "list"])
    #expect(
      list.stdout.split(separator: "\n").count == 4,
      "four states, each one line: \(list.stdout)")
    #expect(list.stdout.contains("unchanged x17, 09:50 to 12:30"), "\(list.stdout)")
    try fixture.repo.fsck()
  }

  @Test("snapshots older than the commit that configures their source are judged with it")
  func snapshotsBeforeTheConfigurationAreJudgedWithTheFirstOne() throws {
    let workload = KubernetesWorkload(apps: 2)
    let repo = try ScratchRepository()
    for file in workload.desiredFiles() { try repo.write(file.path, file.contents) }
    try repo.commit("manifests, before git-drift", date: "2026-11-01T10:00:00Z")
    try repo.write(".drift.yml", KubernetesWorkload.configuration())
    let configuring = try repo.commit("configure git-drift", date: "2026-11-03T10:00:00Z")
    let clean = repo.root + "/clean.json"
    let scaled = repo.root + "/scaled.json"
    try Data(workload.liveList(noiseOnly: true).utf8).write(to: URL(fileURLWithPath: clean))
    try Data(KubernetesWorkload(apps: 2, drifts: .init(scaled: [0])).liveList().utf8).write(
      to: URL(fileURLWithPath: scaled))
    for (export, time) in [
      (clean, "2026-11-02T09:00:00Z"), (scaled, "2026-11-02T10:00:00Z"),
      (clean, "2026-11-04T10:00:00Z"),
    ] {
      let result = try GitDriftExecutable.run(
        ["snapshot", "record", "--at", time, export], in: repo.path)
      try #require(result.status == 0, "\(result.stderr)")
    }
    let timeline = try GitDriftExecutable.run(
      ["timeline", Self.address, "--format", "json"], in: repo.path)
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(timeline.stdout.utf8)) as? [String: Any])
    let entries = try #require(json["transitions"] as? [[String: Any]])
    #expect(
      entries.compactMap { $0["state"] as? String } == ["in-sync", "drifted", "in-sync"],
      "not unknown: \(timeline.stdout)")
    #expect(
      entries.compactMap { $0["commit"] as? String } == Array(repeating: configuring, count: 3))
    #expect(
      entries.compactMap { $0["note"] as? String }.count == 2,
      "the two snapshots before the configuring commit say so")
    let text = try GitDriftExecutable.run(["timeline", Self.address], in: repo.path)
    #expect(
      text.stdout.contains(
        "(captured before \(configuring.prefix(7)), the first commit that configures 'prod-k8s': "
          + "judged with it)"), "\(text.stdout)")
    try repo.fsck()
  }
}
