import DriftTestSupport
import Foundation
import Testing

@Suite("provenance: undeployed or out-of-band")
struct ProvenanceTests {
  static let configuration = KubernetesWorkload.configuration()

  @Test("live equal to the desired state three commits ago is undeployed, with that commit")
  func undeployed() throws {
    let repo = try ScratchRepository()
    try repo.write(".drift.yml", Self.configuration)
    try repo.write("apps/web.yaml", SampleDeployment.manifest(replicas: 2))
    let old = try repo.commit("web at 2 replicas", date: "2026-11-01T10:00:00Z")
    try repo.write("apps/web.yaml", SampleDeployment.manifest(replicas: 3))
    try repo.commit("web at 3", date: "2026-11-02T10:00:00Z")
    try repo.write("apps/web.yaml", SampleDeployment.manifest(replicas: 4))
    let current = try repo.commit("web at 4", date: "2026-11-03T10:00:00Z")
    try repo.write("README.md", "docs\n")
    try repo.commit("docs", date: "2026-11-04T10:00:00Z")
    let export = repo.root + "/live.json"
    try Data(
      SampleDeployment.liveList(
        replicas: 2, image: "web:9.9-hotfix",
        managers: [SampleDeployment.applier, SampleDeployment.editor]
      )
      .utf8
    )
    .write(to: URL(fileURLWithPath: export))

    let result = try GitDriftExecutable.run(
      ["check", "--snapshot", export, "--format", "json"], in: repo.path)
    #expect(result.status == 1, "\(result.stderr)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let changes = try #require(
      (json["drifts"] as? [[String: Any]])?.first?["changes"] as? [[String: Any]])
    let replicas = try #require(changes.first { $0["path"] as? String == "/spec/replicas" })
    let provenance = try #require(replicas["provenance"] as? [String: Any])
    #expect(provenance["class"] as? String == "undeployed")
    #expect(provenance["commit"] as? String == old)
    let image = try #require(
      changes.first { $0["path"] as? String == "/spec/template/spec/containers/0/image" })
    #expect((image["provenance"] as? [String: Any])?["class"] as? String == "out-of-band")
    #expect(image["actor"] as? String == "kubectl-edit")
    #expect(image["changedAt"] as? String == "2026-11-05T08:30:00Z")

    let explain = try GitDriftExecutable.run(
      ["explain", "Deployment.apps/prod/web", "--snapshot", export], in: repo.path)
    #expect(explain.status == 1, "\(explain.stderr)")
    #expect(
      explain.stdout.contains("undeployed: live equals what commit \(old.prefix(7)) desired"),
      "\(explain.stdout)")
    #expect(explain.stdout.contains("desired value set by \(current.prefix(7)) \"web at 4\""))
    #expect(explain.stdout.contains("out-of-band: kubectl-edit at 2026-11-05T08:30:00Z"))
  }
}
