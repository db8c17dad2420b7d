import DriftHistory
import DriftTestSupport
import Foundation
import Git
import Testing

@Suite("snapshot record, list and show")
struct SnapshotRecordingTests {
  /// A repository with a small workload and exports of it written beside it.
  static func repository(apps: Int = 4) throws -> (ScratchRepository, KubernetesWorkload) {
    let workload = KubernetesWorkload(apps: apps)
    let repo = try ScratchRepository()
    try repo.write(".drift.yml", HistoryFixture.configuration)
    for file in workload.desiredFiles() { try repo.write(file.path, file.contents) }
    try repo.commit("desired", date: "2026-11-01T10:00:00Z")
    return (repo, workload)
  }

  static func export(_ text: String, _ repo: ScratchRepository, _ name: String) throws -> String {
    let path = repo.root + "/" + name
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  @Test("a large snapshot is stored as one pack; a small change afterwards as loose objects")
  func largeSnapshotsArePacked() throws {
    let (repo, workload) = try Self.repository(apps: 40)
    let clean = try Self.export(workload.liveList(noiseOnly: true), repo, "clean.json")
    let loose = try Self.objectCounts(repo)
    let first = try GitDriftExecutable.run(
      ["snapshot", "record", "--at", "2026-11-02T10:00:00Z", clean], in: repo.path)
    #expect(first.status == 0, "\(first.stderr)")
    let packed = try Self.objectCounts(repo)
    #expect(packed.loose == loose.loose, "120 resources: nothing loose")
    #expect(packed.inPack >= 121, "120 blobs and their trees in one pack")
    let scaled = try Self.export(
      KubernetesWorkload(apps: 40, drifts: .init(scaled: [2])).liveList(), repo, "scaled.json")
    let second = try GitDriftExecutable.run(
      ["snapshot", "record", "--at", "2026-11-03T10:00:00Z", scaled], in: repo.path)
    #expect(second.status == 0, "\(second.stderr)")
    let after = try Self.objectCounts(repo)
    #expect(after.inPack == packed.inPack)
    #expect(after.loose == packed.loose + 4, "one blob and the three trees on its path")
    #expect(
      try repo.git("show", "refs/drift/snapshots/prod-k8s:Deployment.apps/prod/app-0039.json")
        .contains("app-0039"))
    try repo.fsck()
  }

  @Test("a snapshot recorded in a linked working tree is packed into the shared object store")
  func linkedWorkingTreesRecordIntoTheSharedStore() throws {
    let (repo, workload) = try Self.repository(apps: 40)
    let linked = repo.root + "/linked"
    try repo.git("worktree", "add", "--quiet", "--detach", linked)
    let clean = try Self.export(workload.liveList(noiseOnly: true), repo, "clean.json")
    let recorded = try GitDriftExecutable.run(
      ["snapshot", "record", "--at", "2026-11-02T10:00:00Z", clean], in: linked)
    #expect(recorded.status == 0, "\(recorded.stderr)")
    #expect(try Self.objectCounts(repo).inPack >= 121)
    #expect(
      try repo.git("show", "refs/drift/snapshots/prod-k8s:Deployment.apps/prod/app-0039.json")
        .contains("app-0039"))
    let check = try GitDriftExecutable.run(["check"], in: linked)
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    try repo.fsck()
  }

  /// Loose objects (commits aside, which are always loose) and objects in packs.
  static func objectCounts(_ repo: ScratchRepository) throws -> (loose: Int, inPack: Int) {
    var counts: [String: Int] = [:]
    for line in try repo.git("count-objects", "-v").split(separator: "\n") {
      let parts = line.split(separator: ":", maxSplits: 1)
      counts[String(parts[0])] = Int(parts[1].trimmingCharacters(in: .whitespaces))
    }
    let commits = try repo.git("rev-list", "--all", "--count")
    return ((counts["count"] ?? 0) - (Int(commits) ?? 0), counts["in-pack"] ?? 0)
  }

  @Test(
    "recording the same state again is an observation reusing the tree; --skip-unchanged skips it"
  )
  func recordListShow() throws {
    let (repo, workload) = try Self.repository()
    let clean = try Self.export(workload.liveList(noiseOnly: true), repo, "clean.json")
    let scaled = try Self.export(
      KubernetesWorkload(apps: 4, drifts: .init(scaled: [2])).liveList(), repo, "scaled.json")
    let first = try GitDriftExecutable.run(
      ["snapshot", "record", "--source", "prod-k8s", "--at", "2026-11-02T10:00:00Z", clean],
      in: repo.path)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.hasPrefix("Recorded snapshot "))
    let again = try GitDriftExecutable.run(
      ["snapshot", "record", "--at", "2026-11-02T11:00:00Z", clean], in: repo.path)
    #expect(again.stdout.hasPrefix("Recorded snapshot "), "\(again.stdout)\(again.stderr)")
    #expect(again.stdout.contains("unchanged since snapshot"))
    #expect(
      try repo.git("rev-parse", "refs/drift/snapshots/prod-k8s^{tree}")
        == (try repo.git("rev-parse", "refs/drift/snapshots/prod-k8s~1^{tree}")))
    let skipped = try GitDriftExecutable.run(
      ["snapshot", "record", "--skip-unchanged", "--at", "2026-11-02T12:00:00Z", clean],
      in: repo.path)
    #expect(skipped.stdout.hasPrefix("Unchanged since snapshot"), "\(skipped.stdout)")
    let second = try GitDriftExecutable.run(
      ["snapshot", "record", "--at", "2026-11-03T10:00:00Z", "-"], in: repo.path,
      stdin: try String(contentsOfFile: scaled, encoding: .utf8))
    #expect(second.status == 0, "\(second.stderr)")
    let chain = try repo.git("rev-list", "refs/drift/snapshots/prod-k8s").split(separator: "\n")
    #expect(chain.count == 3, "two observations of the clean state, one of the scaled")
    // Only the scaled Deployment's blob differs between the two snapshot trees.
    let diff = try repo.git(
      "diff-tree", "-r", "--name-only", "refs/drift/snapshots/prod-k8s~1",
      "refs/drift/snapshots/prod-k8s")
    #expect(diff == "Deployment.apps/prod/app-0002.json")
    #expect(
      try repo.git("log", "-1", "--format=%cI", "refs/drift/snapshots/prod-k8s")
        == "2026-11-03T10:00:00+00:00")
    #expect(try repo.git("status", "--porcelain").isEmpty)
    #expect(try repo.git("rev-parse", "--abbrev-ref", "HEAD") == "main")
    try repo.fsck()

    let list = try GitDriftExecutable.run(["snapshot", "list"], in: repo.path)
    let lines = list.stdout.split(separator: "\n")
    #expect(lines.count == 2, "the two clean observations are one line: \(list.stdout)")
    #expect(
      lines.first?.contains("2026-11-03T10:00:00Z  prod-k8s  12 resources") == true,
      "\(list.stdout)")
    #expect(
      lines.last?.hasSuffix(
        "2026-11-02T10:00:00Z  prod-k8s  12 resources  unchanged x1, 11:00") == true,
      "\(list.stdout)")
    let all = try GitDriftExecutable.run(["snapshot", "list", "--all"], in: repo.path)
    #expect(all.stdout.split(separator: "\n").count == 3)
    let show = try GitDriftExecutable.run(
      ["snapshot", "show", "latest~2", "--format", "json"], in: repo.path)
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
    #expect(json["capturedAt"] as? String == "2026-11-02T10:00:00Z")
    #expect((json["resources"] as? [String])?.count == 12)
    let byTime = try GitDriftExecutable.run(
      ["snapshot", "show", "@2026-11-02T23:00"], in: repo.path)
    #expect(byTime.stdout.contains("captured 2026-11-02T11:00:00Z"))

    // check without --snapshot uses the latest snapshot; --snapshot takes an id.
    let latest = try GitDriftExecutable.run(["check", "--format", "json"], in: repo.path)
    #expect(latest.status == 1)
    #expect(latest.stdout.contains("\"/spec/replicas\""))
    #expect(latest.stdout.contains("\"capturedAt\": \"2026-11-03T10:00:00Z\""))
    let older = try GitDriftExecutable.run(["check", "--snapshot", "latest~1"], in: repo.path)
    #expect(older.status == 0, "\(older.stdout)\(older.stderr)")
  }

  @Test("the latest snapshot is read from the ref alone, and is the newest of the chain")
  func latestSnapshot() throws {
    let (repo, workload) = try Self.repository(apps: 2)
    let store = SnapshotStore(repository: try Repository(path: repo.path))
    #expect(throws: HistoryError.self) { try store.latest(of: "prod-k8s") }
    let clean = try Self.export(workload.liveList(noiseOnly: true), repo, "clean.json")
    let scaled = try Self.export(
      KubernetesWorkload(apps: 2, drifts: .init(scaled: [0])).liveList(), repo, "scaled.json")
    for (export, time) in [(clean, "2026-11-02T10:00:00Z"), (scaled, "2026-11-02T11:00:00Z")] {
      let result = try GitDriftExecutable.run(
        ["snapshot", "record", "--at", time, export], in: repo.path)
      try #require(result.status == 0, "\(result.stderr)")
    }
    let latest = try store.latest(of: "prod-k8s")
    #expect(latest == (try store.snapshots(of: "prod-k8s")).last)
    #expect(latest.capturedAtText == "2026-11-02T11:00:00Z")
  }

  @Test("secrets are stored only as salted digests")
  func secretsInSnapshots() throws {
    let repo = try ScratchRepository()
    try repo.write(".drift.yml", HistoryFixture.configuration)
    try repo.write(
      "apps/secret.yaml",
      "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: s3cr3t-value\n"
    )
    try repo.commit("secret", date: "2026-11-01T10:00:00Z")
    let encoded = Data("s3cr3t-value".utf8).base64EncodedString()
    let export = try Self.export(
      #"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"prod","annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"stringData\":{\"password\":\"s3cr3t-value\"}}"}},"data":{"password":"\#(encoded)"}}"#,
      repo, "secret.json")
    let record = try GitDriftExecutable.run(["snapshot", "record", export], in: repo.path)
    #expect(record.status == 0, "\(record.stderr)")
    let stored = try repo.git("show", "refs/drift/snapshots/prod-k8s:Secret/prod/db.json")
    #expect(!stored.contains("s3cr3t"))
    #expect(!stored.contains(encoded))
    #expect(stored.contains("(sensitive:"))
    let check = try GitDriftExecutable.run(["check"], in: repo.path)
    #expect(check.status == 0, "the stored digest equals the desired one: \(check.stdout)")
  }

  @Test("four recorders at once leave four snapshots in one chain")
  func concurrentRecorders() async throws {
    let (repo, _) = try Self.repository(apps: 30)
    var exports: [String] = []
    for index in 0..<4 {
      exports.append(
        try Self.export(
          KubernetesWorkload(apps: 30, drifts: .init(scaled: [index])).liveList(), repo,
          "live-\(index).json"))
    }
    let path = repo.path
    let results = try await withThrowingTaskGroup(of: Shell.Result.self) { group in
      for (index, export) in exports.enumerated() {
        group.addTask {
          try GitDriftExecutable.run(
            ["snapshot", "record", "--at", "2026-11-02T10:0\(index):00Z", export], in: path)
        }
      }
      return try await group.reduce(into: []) { $0.append($1) }
    }
    #expect(results.allSatisfy { $0.status == 0 }, "\(results.map(\.stderr))")
    let chain = try repo.git("rev-list", "--first-parent", "refs/drift/snapshots/prod-k8s").split(
      separator: "\n")
    #expect(chain.count == 4, "\(results.map(\.stdout))")
    #expect(try repo.git("rev-list", "--count", "refs/drift/snapshots/prod-k8s") == "4")
    try repo.fsck()
  }

  @Test("a recorder killed mid-write leaves the ref at a valid snapshot")
  func killedRecorder() throws {
    let (repo, _) = try Self.repository(apps: 10)
    let small = try Self.export(
      KubernetesWorkload(apps: 10).liveList(noiseOnly: true), repo, "small.json")
    #expect(
      try GitDriftExecutable.run(
        ["snapshot", "record", "--at", "2026-11-02T10:00:00Z", small], in: repo.path
      ).status == 0)
    let before = try repo.git("rev-parse", "refs/drift/snapshots/prod-k8s")
    let big = try Self.export(
      KubernetesWorkload(apps: 3_000, drifts: .init(scaled: [1])).liveList(), repo, "big.json")
    for delay in [50_000, 150_000, 300_000] as [UInt32] {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: try GitDriftExecutable.path())
      process.arguments = ["snapshot", "record", big]
      process.currentDirectoryURL = URL(fileURLWithPath: repo.path)
      process.environment = [
        "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "PATH": "/usr/bin:/bin",
      ]
      process.standardOutput = FileHandle.nullDevice
      try process.run()
      usleep(delay)
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      let tip = try repo.git("rev-parse", "refs/drift/snapshots/prod-k8s")
      #expect(try repo.git("cat-file", "-t", tip) == "commit")
      #expect(
        try repo.git("log", "-1", "--format=%(trailers:key=Drift-Source,valueonly)", tip).hasPrefix(
          "prod-k8s"))
      try repo.fsck()
    }
    let after = try repo.git("rev-list", "refs/drift/snapshots/prod-k8s").split(separator: "\n")
    #expect(after.contains(Substring(before)))
  }
}

@Suite("snapshot capture")
struct SnapshotCaptureTests {
  @Test("capture runs the source's command and records what it prints; a failing command says so")
  func capture() throws {
    let workload = KubernetesWorkload(apps: 2)
    let repo = try ScratchRepository()
    let export = repo.root + "/live.json"
    try Data(workload.liveList(noiseOnly: true).utf8).write(to: URL(fileURLWithPath: export))
    try repo.write(
      ".drift.yml", KubernetesWorkload.configuration() + "    capture: cat \(export)\n")
    for file in workload.desiredFiles() { try repo.write(file.path, file.contents) }
    try repo.commit("desired", date: "2026-11-01T10:00:00Z")
    let result = try GitDriftExecutable.run(["snapshot", "capture"], in: repo.path)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.hasPrefix("Recorded snapshot "))
    #expect(result.stdout.hasSuffix(": 6 resources.\n"))
    #expect(try GitDriftExecutable.run(["check"], in: repo.path).status == 0)

    try repo.write(
      ".drift.yml",
      KubernetesWorkload.configuration() + "    capture: sh -c 'echo forbidden >&2; exit 1'\n")
    try repo.commit("a broken capture", date: "2026-11-02T10:00:00Z")
    let failed = try GitDriftExecutable.run(["snapshot", "capture"], in: repo.path)
    #expect(failed.status == 2)
    #expect(
      failed.stderr.hasPrefix(
        "git-drift: capture command 'sh -c 'echo forbidden >&2; exit 1'' exited with 1: forbidden"),
      "\(failed.stderr)")
  }
}
