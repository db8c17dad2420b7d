import DriftEngine
import DriftTestSupport
import Foundation
import Git
import Testing

@Suite("pre-push, in-process over the ref updates git passes the hook")
struct PrePushTests {
  /// Desired replicas 3 at the first commit, 4 at the second; the recorded snapshot holds 7,
  /// set by kubectl-scale.
  private func pushed() throws -> (ScratchRepository, old: String, new: String) {
    let repo = try ScratchRepository()
    try repo.write(".drift.yml", KubernetesWorkload.configuration())
    try repo.write("apps/web.yaml", SampleDeployment.manifest(replicas: 3))
    try repo.commit("desired state", date: "2026-11-01T10:00:00Z")
    let old = try repo.git("rev-parse", "HEAD")
    let export = repo.root + "/live.json"
    try Data(
      SampleDeployment.liveList(
        replicas: 7, managers: [SampleDeployment.applier, SampleDeployment.scaler]
      ).utf8
    ).write(to: URL(fileURLWithPath: export))
    #expect(try GitDriftExecutable.run(["snapshot", "record", export], in: repo.path).status == 0)
    try repo.write("apps/web.yaml", SampleDeployment.manifest(replicas: 4))
    try repo.commit("scale to 4", date: "2026-11-02T10:00:00Z")
    return (repo, old, try repo.git("rev-parse", "HEAD"))
  }

  private func run(_ repo: ScratchRepository, _ line: String) throws -> PrePush.Outcome {
    try PrePush(workspace: Workspace(repository: try Repository(path: repo.path)))
      .run(input: Data((line + "\n").utf8))
  }

  @Test("a push that changes a value live holds out of band warns, naming the actor")
  func overwrite() throws {
    let (repo, old, new) = try pushed()
    defer { repo.remove() }
    let outcome = try run(repo, "refs/heads/main \(new) refs/heads/main \(old)")
    #expect(
      outcome.warnings == [
        "Deployment.apps/prod/web#/spec/replicas: the push changes the desired value 3 -> 4, "
          + "but live holds 7 (set by kubectl-scale), which was never in git"
      ])
    #expect(!outcome.blocks, "warn only, unless drift.prePush=block")
    try repo.git("config", "drift.prePush", "block")
    #expect(try run(repo, "refs/heads/main \(new) refs/heads/main \(old)").blocks)
  }

  @Test("new refs, deleted refs and remote commits this clone lacks are not compared")
  func skipped() throws {
    let (repo, old, new) = try pushed()
    defer { repo.remove() }
    let zero = String(repeating: "0", count: 40)
    let unknown = String(repeating: "ab", count: 20)
    for line in [
      "refs/heads/main \(new) refs/heads/main \(zero)",
      "(delete) \(zero) refs/heads/main \(old)",
      "refs/heads/main \(new) refs/heads/main \(unknown)",
      "not a push line",
    ] {
      #expect(try run(repo, line).warnings.isEmpty, "\(line)")
    }
  }
}
