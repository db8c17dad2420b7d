import DriftFormats
import DriftHistory
import DriftJSON
import DriftModel
import DriftTestSupport
import Foundation
import Git
import Testing

/// A GitOps repository with a long first-parent history, built quickly with `git fast-import`.
struct HistoryFixture {
  static let start = 1_790_000_000  // 2026-09-21T15:33:20Z
  static let source = "prod-k8s"
  static let configuration = KubernetesWorkload.configuration()

  let repo: ScratchRepository
  let workload: KubernetesWorkload
  /// Commit ids, oldest first; commit `i` is dated `start + i * spacing` seconds.
  let commits: [String]
  let spacing: Int

  /// Makes `count` commits: the first holds the workload and `.drift.yml`, later ones touch a
  /// changelog, so the desired resources stay the same blobs.
  init(commits count: Int, apps: Int = 5, spacing: Int = 3_600) throws {
    let repo = try ScratchRepository()
    let workload = KubernetesWorkload(apps: apps)
    let files = [(path: ".drift.yml", contents: Self.configuration)] + workload.desiredFiles()
    let commits = try LinearHistory.write(
      into: repo, commits: count, files: files, start: Self.start, spacing: spacing)
    self.repo = repo
    self.workload = workload
    self.commits = commits
    self.spacing = spacing
  }

  /// The date of commit `index`.
  func date(ofCommit index: Int) -> Date {
    Date(timeIntervalSince1970: TimeInterval(Self.start + index * spacing))
  }

  /// Live resources parsed from a kubectl export, with the repository's salt.
  func live(_ export: String, salt: [UInt8]) throws -> [Resource] {
    let format = KubernetesFormat(defaultNamespace: "prod", secrets: SecretDigester(key: salt))
    return try format.liveResources(Array(export.utf8), file: "live.json")
  }
}
