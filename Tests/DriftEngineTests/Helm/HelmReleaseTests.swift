import DriftEngine
import DriftFormats
import DriftModel
import DriftTestSupport
import Foundation
import Git
import Testing

@Suite("Helm releases against git, and the cluster against the release")
struct HelmReleaseTests {
  private func check(_ repo: ScratchRepository, export: String, revision: String = "HEAD")
    throws -> DriftReport
  {
    var check = Check(revision: revision, sourceName: "podinfo", snapshot: export, addresses: [])
    check.workspace = Workspace(repository: try Repository(path: repo.path))
    return try check.run()
  }

  @Test("a release as git declares it, installed as rendered, is in sync")
  func inSync() throws {
    let repo = try HelmLayout.repository()
    defer { repo.remove() }
    let export = try HelmLayout.export(repo, revisions: HelmLayout.revisions(handReplicas: nil))
    let report = try check(repo, export: export)
    #expect(
      !report.summary.hasDrift,
      "\(report.drifts.map { "\($0.id.address) \($0.kind) \($0.changes.map(\.path.pointer))" })")
    #expect(
      report.inSync.map(\.address).sorted() == [
        "Deployment.apps/podinfo/podinfo", "Release.helm.sh/podinfo/podinfo",
        "Secret/podinfo/podinfo-db", "Service/podinfo/podinfo",
      ])
  }

  @Test("replicaCount set by helm upgrade --set and an env added by kubectl edit: both levels")
  func bothLevels() throws {
    let repo = try HelmLayout.repository()
    defer { repo.remove() }
    let export = try HelmLayout.export(
      repo, revisions: HelmLayout.revisions(), python: HelmLayout.kubectlEditEnv)
    let report = try check(repo, export: export)
    let release = try #require(report.drifts.first { $0.id.address == "Release.helm.sh/podinfo/podinfo" })
    #expect(release.kind == .modified)
    #expect(release.changes.map(\.path.pointer) == ["/values/replicaCount"])
    let change = try #require(release.changes.first)
    #expect(change.desired == 2 && change.live == 5)
    #expect(change.actor?.manager == "helm revision 3")
    #expect(change.actor?.time == "2026-11-20T10:00:00Z")
    #expect(change.provenance?.kind == "out-of-band")
    #expect(change.line == 21, "the line of replicaCount in the HelmRelease")
    #expect(release.location?.file == "apps/podinfo/release.yaml")

    let deployment = try #require(report.drifts.first { $0.id.address == "Deployment.apps/podinfo/podinfo" })
    #expect(deployment.changes.map(\.path.pointer) == ["/spec/template/spec/containers/0/env/0"])
    #expect(deployment.changes.first?.actor?.manager == "kubectl-edit")
    #expect(report.drifts.count == 2, "\(report.drifts.map(\.id.address))")

    let result = try GitDriftExecutable.run(["check", "--snapshot", export], in: repo.path)
    #expect(result.status == 1, "\(result.stdout) \(result.stderr)")
    #expect(result.stdout.contains("helm revision 3"), "\(result.stdout)")
  }
}
