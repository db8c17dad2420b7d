import DriftEngine
import DriftFormats
import DriftModel
import DriftTestSupport
import Foundation
import Git
import Testing

@Suite("accept and rollback planned in-process through the source's adapter")
struct RecoveryPlanningTests {
  /// A repository with the sample Deployment at 3 replicas, and a live export at `replicas`.
  private func session(liveReplicas replicas: Int, image: String = "web:1.0") throws
    -> (ScratchRepository, RecoverySession)
  {
    let repo = try ScratchRepository()
    try repo.write(".drift.yml", KubernetesWorkload.configuration())
    try repo.write("apps/web.yaml", SampleDeployment.manifest(replicas: 3) + "\n")
    _ = try repo.commit("Web", date: "2026-11-01T09:00:00Z")
    let live = repo.root + "/live.json"
    try Data(
      SampleDeployment.liveList(
        replicas: replicas, image: image,
        managers: [SampleDeployment.applier, SampleDeployment.scaler, SampleDeployment.editor]
      ).utf8
    ).write(to: URL(fileURLWithPath: live))
    let session = try RecoverySession(
      targets: [], sourceName: nil, snapshot: live, revision: "HEAD",
      workspace: Workspace(repository: try Repository(path: repo.path)))
    return (repo, session)
  }

  @Test("accept of a scaled Deployment edits exactly its replicas line")
  func acceptEditsOneLine() throws {
    let (repo, session) = try session(liveReplicas: 5)
    defer { repo.remove() }
    let plan = session.acceptance()
    #expect(plan.refusals.isEmpty, "\(plan.refusals)")
    #expect(plan.accepted.map(\.id.address) == ["Deployment.apps/prod/web"])
    let edited = try #require(plan.files["apps/web.yaml"] ?? nil)
    let before = SampleDeployment.manifest(replicas: 3).split(separator: "\n")
    let after = String(decoding: edited, as: UTF8.self).split(separator: "\n")
    #expect(before.count == after.count)
    let changed = zip(before, after).filter { $0 != $1 }
    #expect(changed.map(\.1) == ["  replicas: 5"])
  }

  @Test("rollback restores the desired manifest with kubectl, nothing destructive")
  func rollbackAppliesTheManifest() throws {
    let (repo, session) = try session(liveReplicas: 5, image: "web:1.1")
    defer { repo.remove() }
    let plan = session.rollbackPlan()
    #expect(plan.steps.count == 1)
    let step = try #require(plan.steps.first)
    #expect(!step.destructive)
    #expect(step.command.hasPrefix("kubectl apply --server-side"))
    #expect(step.manifest?.contains("replicas: 3") == true)
    #expect(step.manifest?.contains("image: web:1.0") == true)
  }
}
