import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Issue 24, acceptance 2, on the built `git-drift`: concurrent recorders lose no
/// observation, and SIGKILL at any moment of a large record or of an accept leaves a
/// repository that git and git-drift read whole.
///
/// `swift test` runs it small; `swift run -c release drift-bench --soak` runs it at the size of
/// the issue (16 recorders × 20 rounds, 50 kills of a 30,000-resource record and of accept).
/// Every check adds a line to ``Report/problems``; none means the soak passed.
public struct SnapshotSoak {
  /// What a soak found.
  public struct Report: Sendable {
    /// What broke, one line each.
    public var problems: [String] = []
    /// Records that said they recorded, or kills sent.
    public var attempts = 0
    /// Kills that landed while the command ran (the others came after it finished).
    public var killedInFlight = 0

    /// Creates an empty report.
    public init() {}
  }

  /// The seed of the kill moments, printed with every problem so that a run can be repeated.
  public var seed: UInt64

  /// Creates a soak whose random moments follow `seed`.
  public init(seed: UInt64) {
    self.seed = seed
  }

  // MARK: Concurrent recorders

  /// `recorders` processes record at once, `rounds` times, each its own export: every record
  /// that printed `Recorded snapshot <id>` must be in the chain, all must have made or read
  /// one digest key, and `git fsck` must be clean.
  public func concurrentRecorders(recorders: Int, rounds: Int) throws -> Report {
    let repo = try Self.repository(apps: 1)
    var report = Report()
    var recorded: [String] = []
    for round in 0..<rounds {
      var running: [Spawned] = []
      for recorder in 0..<recorders {
        let export = repo.root + "/live-\(recorder).json"
        try Data(Self.configMapList(value: "r\(recorder)-k\(round)").utf8).write(
          to: URL(fileURLWithPath: export))
        running.append(
          try Spawned([try GitDriftExecutable.path(), "snapshot", "record", export], in: repo))
      }
      for process in running {
        let result = process.wait()
        guard result.status == 0 else {
          report.problems.append("round \(round): record exited \(result.status): \(result.stderr)")
          continue
        }
        guard let id = Self.recordedID(result.stdout) else {
          report.problems.append("round \(round): record said \(result.stdout)")
          continue
        }
        recorded.append(id)
      }
    }
    report.attempts = recorded.count
    let chain = try repo.git("rev-list", "refs/drift/snapshots/prod-k8s").split(separator: "\n")
    for id in recorded where !chain.contains(where: { $0.hasPrefix(id) }) {
      report.problems.append("snapshot \(id) said it was recorded and is not in the chain")
    }
    if chain.count != recorded.count {
      report.problems.append("\(recorded.count) records, \(chain.count) snapshots in the chain")
    }
    // The recorders of the first round made the digest key at once: one key won, so the
    // Secret that never changes is one blob in every snapshot.
    let secrets = Set(try chain.map { try repo.git("rev-parse", "\($0):Secret/prod/db.json") })
    if secrets.count != 1 {
      report.problems.append("\(secrets.count) digests of one Secret value: the keys differ")
    }
    report.problems += Self.fsck(repo, full: false)
    return report
  }

  // MARK: Kills

  /// `kills` records of a workload of `apps` apps (three resources each) killed at random
  /// moments; after each, the repository must be whole, and at the end a record must work.
  public func killedRecords(apps: Int, kills: Int, fsckEvery: Int = 1) throws -> Report {
    let repo = try Self.repository(apps: apps)
    var report = Report()
    // Three workloads whose replicas, images and labels differ (their seeds): a record of one
    // after another parses every item and writes most blobs anew, as a record of a busy
    // cluster does, instead of taking them from the cache of the latest export.
    let exports = try (0..<3).map { variant in
      let file = repo.root + "/live-\(variant).json"
      let workload = KubernetesWorkload(apps: apps, seed: UInt64(variant + 1))
      try Data(workload.liveList().utf8).write(to: URL(fileURLWithPath: file))
      return file
    }
    let binary = try GitDriftExecutable.path()
    let first = try Spawned([binary, "snapshot", "record", exports[0]], in: repo).wait()
    guard first.status == 0 else {
      report.problems.append("the first record failed: \(first.stderr)")
      return report
    }
    // Timed on a record like the killed ones (the first also makes the key and the pack
    // folder): kills land within 90% of it, so that most find the record running.
    let start = Date()
    let second = try Spawned([binary, "snapshot", "record", exports[1]], in: repo).wait()
    let duration = Date().timeIntervalSince(start)
    guard second.status == 0 else {
      report.problems.append("the second record failed: \(second.stderr)")
      return report
    }
    let before = try State(of: repo)
    let resources = try Self.resourceCount(repo)
    var generator = SeededGenerator(seed: seed)
    for kill in 0..<kills {
      let export = exports[(kill + 2) % 3]
      let process = try Spawned([binary, "snapshot", "record", "--force", export], in: repo)
      usleep(UInt32(Double.random(in: 0...(duration * 0.9), using: &generator) * 1e6))
      if process.kill() { report.killedInFlight += 1 }
      report.attempts += 1
      let place = "seed \(seed), kill \(kill)"
      report.problems += try before.changes(in: repo).map { "\(place): \($0)" }
      report.problems += Self.readable(repo, resources: resources).map { "\(place): \($0)" }
      if (kill + 1) % fsckEvery == 0 || kill == kills - 1 {
        report.problems += Self.fsck(repo, full: true).map { "\(place): \($0)" }
      }
    }
    let next = try Spawned([binary, "snapshot", "record", "--force", exports[0]], in: repo).wait()
    if next.status != 0 || Self.recordedID(next.stdout) == nil {
      report.problems.append("seed \(seed): the record after the kills failed: \(next.stderr)")
    }
    let check = try Spawned([binary, "check"], in: repo).wait()
    if check.status == 2 {
      report.problems.append("seed \(seed): check after the kills failed: \(check.stderr)")
    }
    return report
  }

  /// `kills` runs of `accept` on a drifted workload of `apps` apps killed at random moments:
  /// the branch is absent or names a readable commit, the rest as ``killedRecords``.
  public func killedAccepts(apps: Int, kills: Int) throws -> Report {
    let repo = try Self.repository(apps: apps)
    var report = Report()
    // About a hundred drifts at any size, as the accept benchmark has: one app in 100 scaled,
    // one in 100 with another image (one in three of a small workload).
    let every = max(3, apps / 50)
    let workload = KubernetesWorkload(
      apps: apps,
      drifts: .init(
        scaled: Array(stride(from: 0, to: apps, by: every)),
        imageChanged: Array(stride(from: 1, to: apps, by: every))))
    let export = repo.root + "/drifted.json"
    try Data(workload.liveList().utf8).write(to: URL(fileURLWithPath: export))
    let binary = try GitDriftExecutable.path()
    let recorded = try Spawned([binary, "snapshot", "record", export], in: repo).wait()
    guard recorded.status == 0 else {
      report.problems.append("the record failed: \(recorded.stderr)")
      return report
    }
    let before = try State(of: repo)
    let start = Date()
    let probe = try Spawned(
      [binary, "accept", "--partial", "--branch", "drift/probe"], in: repo
    ).wait()
    let duration = Date().timeIntervalSince(start)
    guard probe.status == 0 else {
      report.problems.append("accept failed: \(probe.stderr)")
      return report
    }
    var generator = SeededGenerator(seed: seed)
    for kill in 0..<kills {
      let branch = "drift/kill-\(kill)"
      let process = try Spawned(
        [binary, "accept", "--partial", "--force", "--branch", branch], in: repo)
      usleep(UInt32(Double.random(in: 0...(duration * 0.9), using: &generator) * 1e6))
      if process.kill() { report.killedInFlight += 1 }
      report.attempts += 1
      let place = "seed \(seed), accept kill \(kill)"
      report.problems += try before.changes(in: repo).map { "\(place): \($0)" }
      if let tip = try? repo.git("rev-parse", "--verify", "-q", "refs/heads/\(branch)") {
        let tree = try? repo.git("ls-tree", "-r", "--name-only", tip)
        if tree == nil { report.problems.append("\(place): \(branch) names an unreadable commit") }
      }
    }
    report.problems += Self.fsck(repo, full: true).map { "seed \(seed), accepts: \($0)" }
    let again = try Spawned(
      [binary, "accept", "--partial", "--force", "--branch", "drift/after"], in: repo
    ).wait()
    if again.status != 0 {
      report.problems.append("seed \(seed): accept after the kills failed: \(again.stderr)")
    }
    return report
  }

  // MARK: Checks

  /// HEAD, the index and the working tree, to tell that a command left them alone.
  struct State: Equatable {
    var head: String
    var index: Data?
    var status: String

    init(of repo: ScratchRepository) throws {
      head = try repo.git("rev-parse", "HEAD") + " " + repo.git("symbolic-ref", "-q", "HEAD")
      index = FileManager.default.contents(atPath: repo.path + "/.git/index")
      status = try repo.git("status", "--porcelain", "--untracked-files=all")
    }

    func changes(in repo: ScratchRepository) throws -> [String] {
      let now = try State(of: repo)
      var changes: [String] = []
      if now.head != head { changes.append("HEAD moved: \(head) -> \(now.head)") }
      if now.index != index { changes.append("the index changed") }
      if now.status != status { changes.append("the working tree changed: \(now.status)") }
      return changes
    }
  }

  /// Problems of the source's ref: it must name a snapshot git-drift shows, whose tree holds
  /// one blob per resource.
  static func readable(_ repo: ScratchRepository, resources: Int) -> [String] {
    guard let binary = try? GitDriftExecutable.path(),
      let shown = try? Spawned([binary, "snapshot", "show", "latest"], in: repo).wait()
    else { return ["cannot run snapshot show"] }
    guard shown.status == 0 else { return ["snapshot show latest failed: \(shown.stderr)"] }
    guard let count = try? resourceCount(repo), count == resources else {
      return ["the latest snapshot does not hold \(resources) resources"]
    }
    return []
  }

  static func resourceCount(_ repo: ScratchRepository) throws -> Int {
    try repo.git("ls-tree", "-r", "--name-only", "refs/drift/snapshots/prod-k8s")
      .split(separator: "\n").filter { $0.hasSuffix(".json") }.count
  }

  /// What `git fsck` says beyond dangling objects, which a killed writer may leave and which
  /// `git gc` prunes.
  static func fsck(_ repo: ScratchRepository, full: Bool) -> [String] {
    let arguments = ["git", "fsck", "--no-dangling", "--no-progress"] + (full ? ["--full"] : [])
    guard let result = try? Shell.run(arguments, cwd: repo.path, env: repo.environment) else {
      return ["git fsck did not run"]
    }
    let said = (result.stdout + result.stderr).split(separator: "\n").map(String.init)
    guard result.status == 0, said.isEmpty else {
      return ["git fsck exited \(result.status): \(said.joined(separator: "; "))"]
    }
    return []
  }

  static func recordedID(_ output: String) -> String? {
    guard let range = output.range(of: "Recorded snapshot ") else { return nil }
    let id = output[range.upperBound...].prefix { $0.isHexDigit }
    return id.count >= 7 ? String(id) : nil
  }

  /// A repository with the workload's desired files and a `.drift.yml`, committed.
  static func repository(apps: Int) throws -> ScratchRepository {
    let repo = try ScratchRepository()
    let workload = KubernetesWorkload(apps: apps)
    try repo.write(".drift.yml", KubernetesWorkload.configuration())
    for file in workload.desiredFiles() { try repo.write(file.path, file.contents) }
    try repo.commit("desired", date: "2026-11-01T10:00:00Z")
    return repo
  }

  /// A ConfigMap holding `value`, and a Secret that never changes.
  static func configMapList(value: String) -> String {
    #"{"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "v1", "kind": "ConfigMap", "#
      + #""metadata": {"name": "app-0000-config", "namespace": "prod", "uid": "u1"}, "#
      + #""data": {"value": "\#(value)"}}, {"apiVersion": "v1", "kind": "Secret", "#
      + #""metadata": {"name": "db", "namespace": "prod", "uid": "u2"}, "#
      + #""data": {"pin": "NDkzODE3"}}]}"#
  }
}

/// A process started and not yet waited for, its output going to files.
final class Spawned {
  private let process = Process()
  private let folder: URL
  private let output: FileHandle
  private let errors: FileHandle

  init(_ arguments: [String], in repo: ScratchRepository) throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "spawned-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for name in ["stdout", "stderr"] {
      try Data().write(to: folder.appendingPathComponent(name))
    }
    output = try FileHandle(forWritingTo: folder.appendingPathComponent("stdout"))
    errors = try FileHandle(forWritingTo: folder.appendingPathComponent("stderr"))
    process.executableURL = URL(fileURLWithPath: arguments[0])
    process.arguments = Array(arguments.dropFirst())
    process.currentDirectoryURL = URL(fileURLWithPath: repo.path)
    process.environment = ProcessInfo.processInfo.environment.merging(
      repo.environment.merging(["NO_COLOR": "1"]) { $1 }
    ) { $1 }
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = output
    process.standardError = errors
    try process.run()
  }

  deinit {
    try? FileManager.default.removeItem(at: folder)
  }

  /// Sends SIGKILL and waits; true when the process was still running.
  func kill() -> Bool {
    let running = process.isRunning
    if running { Glibc.kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
    return running && process.terminationReason == .uncaughtSignal
  }

  /// Waits for the exit, with what the process printed.
  func wait() -> Shell.Result {
    process.waitUntilExit()
    try? output.close()
    try? errors.close()
    let read = { (name: String) in
      String(
        decoding: (try? Data(contentsOf: self.folder.appendingPathComponent(name))) ?? Data(),
        as: UTF8.self)
    }
    return Shell.Result(
      status: process.terminationStatus, stdout: read("stdout"), stderr: read("stderr"))
  }
}
