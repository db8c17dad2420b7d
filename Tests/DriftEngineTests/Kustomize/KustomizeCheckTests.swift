import DriftEngine
import DriftFormats
import DriftModel
import DriftTestSupport
import Foundation
import Git
import Testing

@Suite("kustomize sources rendered by the real kustomize")
struct KustomizeCheckTests {
  private func check(_ layout: KustomizeLayout, source: String, export: String) throws
    -> DriftReport
  {
    var check = Check(revision: "HEAD", sourceName: source, snapshot: export, addresses: [])
    check.workspace = Workspace(repository: try Repository(path: layout.repo.path))
    return try check.run()
  }

  @Test("a live export equal to the rendered prod overlay is in sync")
  func renderedOverlayInSync() throws {
    let layout = try KustomizeLayout()
    defer { layout.repo.remove() }
    let export = try layout.export(try layout.liveExport(overlay: "prod"), named: "live.json")
    let report = try check(layout, source: "prod", export: export)
    #expect(!report.summary.hasDrift, "\(report.drifts.map(\.id.address))")
    #expect(report.summary.inSync == 3)
    #expect(report.inSync.map(\.address).contains("Deployment.apps/prod/web"))
  }

  @Test("an out-of-band change of what the overlay sets is reported once, at the overlay's line")
  func outOfBandChange() throws {
    let layout = try KustomizeLayout()
    defer { layout.repo.remove() }
    let edit = """
      for d in items:
          if d["kind"] == "Deployment":
              d["spec"]["template"]["spec"]["containers"][0]["image"] = "registry.example.com/web:9.9-hotfix"
      """
    let export = try layout.export(
      try layout.liveExport(overlay: "prod", edit: edit), named: "live.json")
    let report = try check(layout, source: "prod", export: export)
    #expect(report.summary.modified == 1)
    let drift = try #require(report.drifts.first)
    #expect(drift.id.address == "Deployment.apps/prod/web")
    #expect(drift.location?.file == "overlays/prod/kustomization.yaml")
    #expect(drift.location?.line == 7, "the overlay's images: entry")
    #expect(drift.changes.map(\.path.pointer) == ["/spec/template/spec/containers/0/image"])
    #expect(drift.changes.first?.desired == .string("registry.example.com/web:1.4"))
    #expect(drift.changes.first?.file == "overlays/prod/kustomization.yaml")
  }

  @Test("a change of what the base declares is the base's; one the overlay patches is the patch's")
  func layersOfChanges() throws {
    let layout = try KustomizeLayout()
    defer { layout.repo.remove() }
    let edit = """
      for d in items:
          if d["kind"] == "Service":
              d["spec"]["ports"][0]["targetPort"] = 9090
          if d["kind"] == "Deployment":
              d["spec"]["template"]["spec"]["containers"][0]["env"][0]["value"] = "trace"
      """
    let export = try layout.export(
      try layout.liveExport(overlay: "prod", edit: edit), named: "live.json")
    let report = try check(layout, source: "prod", export: export)
    let service = try #require(report.drifts.first { $0.id.address == "Service/prod/web" })
    #expect(service.location?.file == "base/service.yaml")
    #expect(service.changes.first?.file == nil)
    let deployment = try #require(
      report.drifts.first { $0.id.address == "Deployment.apps/prod/web" })
    #expect(deployment.location?.file == "overlays/prod/env.yaml")
    #expect(deployment.changes.first?.line == 12, "the patch's value: line")
  }

  @Test("what an overlay sets is not drift of the base: staging checks against its own render")
  func overlaysAreIndependent() throws {
    let layout = try KustomizeLayout()
    defer { layout.repo.remove() }
    let staging = try layout.export(
      try layout.liveExport(overlay: "staging"), named: "staging.json")
    #expect(!(try check(layout, source: "staging", export: staging)).summary.hasDrift)
    let prodAgainstStaging = try check(layout, source: "prod", export: staging)
    #expect(
      !prodAgainstStaging.drifts.contains { $0.id.address == "Deployment.apps/prod/web" },
      "an export of staging does not cover prod's namespace: not exported, never missing")
    #expect(prodAgainstStaging.summary.notExported > 0)
  }

  @Test(
    "accept writes prod's drift into prod's overlay only: staging renders byte for byte as before"
  )
  func acceptIntoTheOverlay() throws {
    let layout = try KustomizeLayout()
    defer { layout.repo.remove() }
    let repo = layout.repo
    let edit = """
      for d in items:
          if d["kind"] == "Deployment":
              d["spec"]["replicas"] = 7
              c = d["spec"]["template"]["spec"]["containers"][0]
              c["image"] = "registry.example.com/web:2.0"
              c["env"][0]["value"] = "trace"
              c["resources"] = {"limits": {"memory": "256Mi"}}
          if d["kind"] == "Service":
              d["spec"]["ports"][0]["targetPort"] = 9090
      """
    let export = try layout.export(
      try layout.liveExport(overlay: "prod", edit: edit), named: "live.json")
    let stagingBefore = try Shell.check(
      ["kubectl", "kustomize", "overlays/staging"], cwd: repo.path)
    let result = try GitDriftExecutable.run(
      ["accept", "--source", "prod", "--snapshot", export, "--branch", "accept-prod"], in: repo.path
    )
    #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
    let changed = try repo.git("diff", "--name-only", "HEAD", "accept-prod").split(separator: "\n")
    let manifests = changed.filter { !$0.hasPrefix("docs/") }
    #expect(manifests.allSatisfy { $0.hasPrefix("overlays/prod/") }, "\(changed)")
    #expect(manifests.contains("overlays/prod/kustomization.yaml"))
    let kustomization = try repo.git("show", "accept-prod:overlays/prod/kustomization.yaml")
    #expect(kustomization.contains("count: 7"), "the overlay's replicas entry: \(kustomization)")
    #expect(
      kustomization.contains("newTag: \"2.0\"") || kustomization.contains("newTag: '2.0'")
        || kustomization.contains("newTag: 2.0"), "\(kustomization)")

    try repo.git("checkout", "-q", "accept-prod")
    let stagingAfter = try Shell.check(
      ["kubectl", "kustomize", "overlays/staging"], cwd: repo.path)
    #expect(stagingAfter == stagingBefore, "staging renders byte-identical")
    var recheck = Check(
      revision: "accept-prod", sourceName: "prod", snapshot: export, addresses: [])
    recheck.workspace = Workspace(repository: try Repository(path: repo.path))
    let report = try recheck.run()
    #expect(!report.summary.hasDrift, "\(report.drifts.flatMap(\.changes).map(\.path.pointer))")
    try repo.fsck()
  }

  @Test(
    "accept of a missing and an unmanaged Service: a delete patch and a new manifest, in prod only"
  )
  func acceptMissingAndUnmanaged() throws {
    let layout = try KustomizeLayout()
    defer { layout.repo.remove() }
    let repo = layout.repo
    // Three more Services, so that one missing is less than the quarter accept refuses.
    try repo.write(
      "base/more.yaml",
      ["api", "db", "cache"].map {
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: \($0)\nspec:\n  ports:\n    - port: 80\n"
      }.joined(separator: "---\n"))
    try repo.write(
      "base/kustomization.yaml",
      "resources:\n  - deploy.yaml\n  - service.yaml\n  - more.yaml\nconfigMapGenerator:\n"
        + "  - name: web-config\n    literals: [MODE=fast]\n")
    _ = try repo.commit("More services", date: "2026-11-01T10:00:00Z")
    let edit = """
      items = [d for d in items if d["kind"] != "Service" or d["metadata"]["name"] != "web"]
      items.append({"apiVersion": "v1", "kind": "Service",
          "metadata": {"name": "hotfix", "namespace": "prod", "uid": "u-new"},
          "spec": {"selector": {"app": "web"}, "ports": [{"port": 81}]}})
      """
    let export = try layout.export(
      try layout.liveExport(overlay: "prod", edit: edit), named: "live.json")
    let stagingBefore = try Shell.check(
      ["kubectl", "kustomize", "overlays/staging"], cwd: repo.path)
    let result = try GitDriftExecutable.run(
      [
        "accept", "--source", "prod", "--snapshot", export, "--branch", "codify",
        "Service/prod/web", "Service/prod/hotfix",
      ], in: repo.path)
    #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
    let changed = try repo.git("diff", "--name-only", "HEAD", "codify").split(separator: "\n")
      .filter { !$0.hasPrefix("docs/") }
    #expect(
      changed.sorted() == [
        "overlays/prod/drift-delete-service-web.yaml", "overlays/prod/kustomization.yaml",
        "overlays/prod/service-hotfix.yaml",
      ])
    try repo.git("checkout", "-q", "codify")
    #expect(
      try Shell.check(["kubectl", "kustomize", "overlays/staging"], cwd: repo.path) == stagingBefore
    )
    var recheck = Check(revision: "codify", sourceName: "prod", snapshot: export, addresses: [])
    recheck.workspace = Workspace(repository: try Repository(path: repo.path))
    let report = try recheck.run()
    #expect(!report.summary.hasDrift, "\(report.drifts.map(\.id.address))")
  }

  @Test("an unmanaged object whose name holds '/' or '..' is refused, never written elsewhere")
  func hostileNamesAreNotPaths() throws {
    let layout = try KustomizeLayout()
    defer { layout.repo.remove() }
    let repo = layout.repo
    let edit = """
      items.append({"apiVersion": "v1", "kind": "Service",
          "metadata": {"name": "../../../.github/workflows/x", "namespace": "prod", "uid": "u"},
          "spec": {"ports": [{"port": 81}]}})
      """
    let export = try layout.export(
      try layout.liveExport(overlay: "prod", edit: edit), named: "live.json")
    let result = try GitDriftExecutable.run(
      [
        "accept", "--source", "prod", "--snapshot", export, "--branch", "evil",
        "Service/prod/../../../.github/workflows/x",
      ], in: repo.path)
    #expect(result.status != 0, "\(result.stdout)")
    #expect(result.stderr.contains("not a file name"), "\(result.stderr)")
    #expect(try repo.git("for-each-ref", "refs/heads/evil").isEmpty)
  }

  @Test("a folder named by an absolute path or above the root is never read from the machine")
  func foldersOutsideTheRepository() throws {
    let layout = try KustomizeLayout()
    defer { layout.repo.remove() }
    let repo = layout.repo
    let export = try layout.export(try layout.liveExport(overlay: "prod"), named: "live.json")
    let outside = repo.root + "/outside"
    try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
    try Data("resources:\n  - leak.yaml\n".utf8).write(
      to: URL(fileURLWithPath: outside + "/kustomization.yaml"))
    try Data("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leak\ndata:\n  k: host\n".utf8)
      .write(to: URL(fileURLWithPath: outside + "/leak.yaml"))
    try repo.write(
      "base/kustomization.yaml",
      "resources:\n  - deploy.yaml\n  - service.yaml\n  - \(outside)\n  - ../../../../../../..\(outside)\n"
        + "configMapGenerator:\n  - name: web-config\n    literals: [MODE=fast]\n")
    _ = try repo.commit("Reach out", date: "2026-11-02T09:00:00Z")
    let report = try check(layout, source: "prod", export: export)
    #expect(
      !report.drifts.contains { $0.id.address.contains("leak") },
      "\(report.drifts.map(\.id.address))")
    #expect(!report.inSync.contains { $0.address.contains("leak") })
    #expect(report.diagnostics.filter { $0.message.contains("leaves the repository") }.count == 2)
  }

  @Test("init proposes the overlays, never the base they share")
  func initProposesOverlays() throws {
    let layout = try KustomizeLayout()
    defer { layout.repo.remove() }
    let sources = SourceDiscovery(root: layout.repo.path).sources()
    #expect(sources.map(\.format) == ["kustomize", "kustomize"])
    #expect(sources.map(\.paths) == [["overlays/prod"], ["overlays/staging"]])
    #expect(sources.map(\.namespace) == ["prod", "staging"])
  }

  @Test("a plain kubernetes source over the same files skips the kustomization files")
  func kubernetesSourceSkipsKustomizations() throws {
    let layout = try KustomizeLayout()
    defer { layout.repo.remove() }
    try layout.repo.write(
      ".drift.yml",
      "version: 1\nsources:\n  - name: raw\n    format: kubernetes\n    paths: [\"base/**\"]\n"
        + "    namespace: prod\n")
    _ = try layout.repo.commit("Plain", date: "2026-11-02T09:00:00Z")
    let export = try layout.export(try layout.liveExport(overlay: "prod"), named: "live.json")
    let report = try check(layout, source: "raw", export: export)
    #expect(report.diagnostics.contains { $0.message.contains("kustomization files are not") })
  }
}
