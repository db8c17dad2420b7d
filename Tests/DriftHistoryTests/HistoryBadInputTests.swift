import DriftTestSupport
import Foundation
import Testing

@Suite("history: bad input")
struct HistoryBadInputTests {
  /// Asserts the failure contract (exit 2, one line on stderr, nothing on stdout); returns it.
  func failure(_ arguments: [String], in repo: ScratchRepository) throws -> String {
    let result = try GitDriftExecutable.run(arguments, in: repo.path)
    #expect(result.status == 2, "\(arguments): \(result.stdout) \(result.stderr)")
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    return result.stderr.trimmingCharacters(in: .newlines)
  }

  static func recorded() throws -> ScratchRepository {
    let (repo, workload) = try SnapshotRecordingTests.repository()
    let export = try SnapshotRecordingTests.export(
      workload.liveList(noiseOnly: true), repo, "live.json")
    let result = try GitDriftExecutable.run(
      ["snapshot", "record", "--at", "2026-11-02T10:00:00Z", export], in: repo.path)
    try #require(result.status == 0, "\(result.stderr)")
    return repo
  }

  @Test func unknownSource() throws {
    let repo = try Self.recorded()
    #expect(
      try failure(["timeline", "Deployment.apps/prod/app-0001", "--source", "staging"], in: repo)
        == "git-drift: unknown source 'staging' (sources in .drift.yml: prod-k8s)")
  }

  @Test func noSnapshotsYet() throws {
    let (repo, _) = try SnapshotRecordingTests.repository()
    let expected =
      "git-drift: no snapshot recorded for source 'prod-k8s' yet (record one with "
      + "'git drift snapshot record --source prod-k8s FILE', or pass --snapshot FILE)"
    #expect(try failure(["bisect", "Deployment.apps/prod/app-0001"], in: repo) == expected)
    #expect(try failure(["check"], in: repo) == expected)
    #expect(try failure(["snapshot", "show"], in: repo) == expected)
  }

  @Test func addressThatMatchesNothing() throws {
    let repo = try Self.recorded()
    #expect(
      try failure(["timeline", "Deployment.apps/prod/app-001"], in: repo)
        == "git-drift: no resource matches 'Deployment.apps/prod/app-001' (did you mean 'Deployment.apps/prod/app-0001', 'Deployment.apps/prod/app-0000', 'Deployment.apps/prod/app-0002'?)"
    )
    #expect(
      try failure(["timeline", "Deployment.apps/prod/app-0001#spec"], in: repo)
        == "git-drift: 'spec' is not a JSON Pointer (it must start with '/')")
  }

  @Test func captureTimes() throws {
    let (repo, workload) = try SnapshotRecordingTests.repository()
    let export = try SnapshotRecordingTests.export(
      workload.liveList(noiseOnly: true), repo, "live.json")
    #expect(
      try failure(["snapshot", "record", "--at", "2099-01-01T00:00:00Z", export], in: repo)
        == "git-drift: capture time 2099-01-01T00:00:00Z is in the future")
    let before = try failure(["snapshot", "record", "--at", "2020-01-01", export], in: repo)
    #expect(
      before.hasPrefix(
        "git-drift: capture time 2020-01-01 is before the repository's first commit ("), "\(before)"
    )
    #expect(
      try failure(["snapshot", "record", "--at", "yesterday", export], in: repo)
        == "git-drift: --at 'yesterday' is not a time like 2026-11-20T10:00:00Z")
    #expect(try repo.git("for-each-ref", "refs/drift/snapshots").isEmpty, "nothing recorded")

    // With later commits, a capture between the first and the last is fine, and one before
    // the first still names the first commit (the history is read back to it).
    let first = try repo.git("rev-parse", "--short=7", "HEAD").trimmingCharacters(in: .newlines)
    for day in ["2026-11-05", "2026-11-09"] {
      try repo.write("CHANGELOG", day + "\n")
      try repo.commit("changelog", date: day + "T10:00:00Z")
    }
    #expect(
      try failure(["snapshot", "record", "--at", "2026-10-31T00:00:00Z", export], in: repo)
        .contains("first commit (\(first) at 2026-11-01T10:00:00Z)"))
    let between = try GitDriftExecutable.run(
      ["snapshot", "record", "--at", "2026-11-06T00:00:00Z", export], in: repo.path)
    #expect(between.status == 0, "\(between.stderr)")
  }

  @Test func refThatIsNotASnapshotChain() throws {
    let repo = try Self.recorded()
    try repo.git("update-ref", "refs/drift/snapshots/prod-k8s", "main")
    let head = try repo.git("rev-parse", "--short=7", "main")
    #expect(
      try failure(["timeline", "Deployment.apps/prod/app-0001"], in: repo)
        == "git-drift: refs/drift/snapshots/prod-k8s is not a snapshot chain: commit \(head) was not recorded by git-drift (no Drift-Source trailer)"
    )
  }

  @Test func unknownSnapshotID() throws {
    let repo = try Self.recorded()
    let line = try failure(["snapshot", "show", "latest~5"], in: repo)
    #expect(line.hasPrefix("git-drift: no snapshot 'latest~5' in source 'prod-k8s'"))
  }

  @Test("a shallow clone says its history is truncated, and the timeline covers what exists")
  func shallowClone() throws {
    let fixture = try HistoryFixture(commits: 30, apps: 2)
    let export = fixture.repo.root + "/live.json"
    try Data(fixture.workload.liveList(noiseOnly: true).utf8).write(
      to: URL(fileURLWithPath: export))
    for (index, hour) in [2, 28].enumerated() {
      let time = ISO8601DateFormatter().string(
        from: fixture.date(ofCommit: hour).addingTimeInterval(60))
      let result = try GitDriftExecutable.run(
        ["snapshot", "record", "--force", "--at", time, export], in: fixture.repo.path)
      try #require(result.status == 0, "snapshot \(index): \(result.stderr)")
    }
    let clone = try ScratchRepository.clone(of: fixture.repo, depth: 5)
    try clone.git("fetch", "--quiet", "--depth", "5", "origin", "refs/drift/*:refs/drift/*")
    let result = try GitDriftExecutable.run(
      ["timeline", "Deployment.apps/prod/app-0001", "--format", "json"], in: clone.path)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("shallow clone"))
    #expect(result.stderr.contains("git fetch --unshallow"))
    #expect(result.stdout.contains("\"state\": \"unknown\""))
    #expect(result.stdout.contains("\"state\": \"in-sync\""))
  }
}
