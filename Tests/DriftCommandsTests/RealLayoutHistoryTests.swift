import DriftTestSupport
import Foundation
import Testing

/// Issue 23's acceptance: in repositories laid out like five public ones, `init` writes sources
/// that check without error, and in sync, against an exact export at every commit of a
/// 50-commit history (the exports made by PyYAML, `kubectl kustomize` and the captures' own
/// kinds and scopes, never by git-drift).
@Suite(.serialized) struct RealLayoutHistoryTests {
  static let commits = 50
  static let seed: UInt64 =
    ProcessInfo.processInfo.environment["GIT_DRIFT_LAYOUT_SEED"]
    .flatMap { UInt64($0) } ?? 23

  @Test(arguments: RealLayout.all)
  func initChecksEveryCommitInSync(layout: RealLayout) throws {
    // GIT_DRIFT_LAYOUT_ONLY=podinfo runs one layout.
    let only = ProcessInfo.processInfo.environment["GIT_DRIFT_LAYOUT_ONLY"]
    guard only == nil || only == layout.name else { return }
    let repo = try ScratchRepository()
    let history = LayoutHistory(layout: layout, seed: Self.seed)
    let commits = try history.commit(Self.commits, into: repo)
    try repo.fsck()

    let initialized = try gitDrift("init", in: repo)
    #expect(initialized.status == 0, "\(initialized.stderr)")
    let configuration = repo.path + "/.drift.yml"
    let text = try String(contentsOfFile: configuration, encoding: .utf8)
    try repo.commit("configure git-drift")
    let sources = text.split(separator: "\n").compactMap { line -> String? in
      guard line.hasPrefix("  - name: ") else { return nil }
      return String(line.dropFirst("  - name: ".count))
    }
    #expect(!sources.isEmpty, "\(text)")

    let exports = repo.root + "/exports"
    try FileManager.default.createDirectory(atPath: exports, withIntermediateDirectories: true)
    try ExactExport.write(
      repository: repo.path, commits: commits, configuration: configuration, into: exports)

    let failures = Failures()
    let jobs = commits.flatMap { commit in sources.map { (commit, $0) } }
    DispatchQueue.concurrentPerform(iterations: 2) { worker in
      for (index, job) in jobs.enumerated() where index % 2 == worker {
        let (commit, source) = job
        let export = "\(exports)/\(commit)-\(source).json"
        do {
          let result = try gitDrift(
            "check", "--rev", commit, "--source", source, "--snapshot", export, in: repo)
          if result.status != 0 {
            failures.add(
              "\(layout) seed \(Self.seed) commit \(commit.prefix(7)) source \(source): exit "
                + "\(result.status)\n\(result.stdout)\(result.stderr)")
          }
        } catch {
          failures.add("\(layout) \(commit.prefix(7)) \(source): \(error)")
        }
      }
    }
    let found = failures.all
    #expect(
      found.isEmpty,
      "\(found.count) of \(jobs.count) checks failed; .drift.yml:\n\(text)\n\(found.prefix(3).joined(separator: "\n"))"
    )
  }
}

/// Failures collected from concurrent checks.
final class Failures: @unchecked Sendable {
  private let lock = NSLock()
  private var entries: [String] = []

  func add(_ entry: String) {
    lock.lock()
    entries.append(entry)
    lock.unlock()
  }

  var all: [String] {
    lock.lock()
    defer { lock.unlock() }
    return entries
  }
}
