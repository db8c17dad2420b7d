import DriftFormats
import DriftHistory
import DriftModel
import DriftTestSupport
import Foundation
import Git
import Testing

/// A GitOps repository with a long first-parent history, built quickly with `git fast-import`.
struct HistoryFixture {
  static let start = 1_790_000_000  // 2026-09-21T15:33:20Z
  static let source = "prod-k8s"
  static let configuration = """
    version: 1
    sources:
      - name: prod-k8s
        format: kubernetes
        paths: ["apps/**/*.yaml"]
        namespace: prod
    """

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
    var stream = ""
    func data(_ text: String) -> String { "data \(text.utf8.count)\n\(text)\n" }
    for index in 0..<count {
      let time = Self.start + index * spacing
      stream += "commit refs/heads/main\nmark :\(index + 1)\n"
      stream += "author Dev <dev@example.com> \(time) +0000\n"
      stream += "committer Dev <dev@example.com> \(time) +0000\n"
      stream += data("change \(index)")
      if index == 0 {
        stream += "M 100644 inline .drift.yml\n" + data(Self.configuration)
        for file in workload.desiredFiles() {
          stream += "M 100644 inline \(file.path)\n" + data(file.contents)
        }
      } else {
        stream += "from :\(index)\n"
      }
      stream += "M 100644 inline CHANGELOG\n" + data("entry \(index)\n")
    }
    let result = try Shell.run(
      ["git", "fast-import", "--quiet"], cwd: repo.path, env: repo.environment, stdin: stream)
    try #require(result.status == 0, "\(result.stderr)")
    try repo.git("reset", "--quiet", "--hard", "main")
    let log = try repo.git("rev-list", "--reverse", "main")
    self.repo = repo
    self.workload = workload
    self.commits = log.split(separator: "\n").map(String.init)
    self.spacing = spacing
  }

  /// The date of commit `index`.
  func date(ofCommit index: Int) -> Date {
    Date(timeIntervalSince1970: TimeInterval(Self.start + index * spacing))
  }

  /// Live resources parsed from a kubectl export, with the repository's salt.
  func live(_ export: String, salt: [UInt8]) throws -> [Resource] {
    let format = KubernetesFormat(defaultNamespace: "prod", secrets: SecretDigester(salt: salt))
    return try format.liveResources(Array(export.utf8), file: "live.json")
  }
}
