import DriftTestSupport
import Foundation
import Testing

/// A plain source over a repository laid out as real ones are (podinfo's chart beside its
/// manifests, CI YAML, a root skaffold.yaml; written here, not copied): the files that are not
/// Kubernetes objects are skipped and counted, never a failure of the whole source.
@Suite struct RepositoryLayoutTests {
  static let deployment = """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: prod
    spec:
      replicas: 2

    """

  static let live = """
    {"apiVersion": "v1", "kind": "List", "items": [
      {"apiVersion": "apps/v1", "kind": "Deployment",
       "metadata": {"name": "web", "namespace": "prod"}, "spec": {"replicas": 2}}]}
    """

  static let files: [(path: String, contents: String)] = [
    ("deploy/web.yaml", deployment),
    ("charts/podinfo/Chart.yaml", "apiVersion: v2\nname: podinfo\nversion: 6.5.1\n"),
    ("charts/podinfo/values.yaml", "replicaCount: 1\nimage:\n  tag: 6.5.1\n"),
    (
      "charts/podinfo/templates/deployment.yaml",
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ template \"podinfo.fullname\" . }}\n{{- if .Values.hpa.enabled }}\n"
    ),
    (
      ".github/workflows/ci.yml",
      "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
    ),
    ("skaffold.yaml", "apiVersion: skaffold/v4beta6\nkind: Config\nmetadata:\n  name: podinfo\n"),
    (
      "kustomize/patch-transformer.yaml",
      "apiVersion: builtin\nkind: PatchTransformer\nmetadata:\n  name: p\n"
    ),
  ]

  @Test func filesThatAreNotObjectsAreSkippedAndCounted() throws {
    let repo = try gitOpsRepository(files: Self.files, paths: "[\"**/*.yaml\", \"**/*.yml\"]")
    let export = try writeExport(Self.live, in: repo)
    let result = try gitDrift("check", "--snapshot", export, in: repo)
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stderr.split(separator: "\n").filter { $0.contains("skipped") }
    #expect(lines.count == 1, "\(result.stderr)")
    #expect(lines.first?.contains("skipped 6 files that are not Kubernetes manifests") == true)

    let verbose = try gitDrift("check", "--snapshot", export, "--verbose", in: repo)
    #expect(verbose.status == 0)
    for path in [
      ".github/workflows/ci.yml:1:1", "charts/podinfo/Chart.yaml:1:1",
      "charts/podinfo/values.yaml:1:1", "charts/podinfo/templates/deployment.yaml",
      "skaffold.yaml:1:1", "kustomize/patch-transformer.yaml:1:1",
    ] {
      #expect(verbose.stderr.contains("git-drift: \(path)"), "\(path): \(verbose.stderr)")
    }
    // .drift.yml itself matches **/*.yml and is never read as a manifest.
    #expect(!verbose.stderr.contains(".drift.yml"))
  }

  @Test func excludeGlobsSilenceTheSkippedFiles() throws {
    let repo = try gitOpsRepository(
      files: Self.files, paths: "[\"**/*.yaml\", \"**/*.yml\"]",
      extraConfig:
        "    exclude: [\"charts/**\", \".github/**\", \"skaffold.yaml\", \"kustomize/**\"]\n")
    let result = try gitDrift("check", "--snapshot", try writeExport(Self.live, in: repo), in: repo)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(!result.stderr.contains("skipped"), "\(result.stderr)")
  }

  @Test func aBrokenManifestBesideThemIsStillAnError() throws {
    let broken = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  namespace: prod\ndata: {}\n"
    let repo = try gitOpsRepository(
      files: Self.files + [("deploy/broken.yaml", broken)], paths: "[\"**/*.yaml\"]")
    let result = try gitDrift("check", "--snapshot", try writeExport(Self.live, in: repo), in: repo)
    #expect(result.status == 2)
    #expect(result.stderr == "git-drift: deploy/broken.yaml:1:1: ConfigMap has no metadata.name\n")
  }

  @Test func aCommitBeforeTheFirstDriftYmlIsCheckedWithHEADs() throws {
    let repo = try ScratchRepository()
    try repo.write("deploy/web.yaml", Self.deployment)
    try repo.commit("manifests first", date: "2026-11-01T09:00:00Z")
    try repo.write(
      ".drift.yml",
      "version: 1\nsources:\n  - name: k\n    format: kubernetes\n    paths: [\"deploy/*.yaml\"]\n")
    try repo.commit("then git-drift", date: "2026-11-02T09:00:00Z")
    let export = try writeExport(
      Self.live.replacingOccurrences(of: "2}}]}", with: "3}}]}"), in: repo)
    let result = try gitDrift("check", "--rev", "HEAD~1", "--snapshot", export, in: repo)
    #expect(result.status == 1, "\(result.stderr)")
    #expect(
      result.stderr.contains("has no .drift.yml yet; checked with HEAD's"), "\(result.stderr)")
    #expect(result.stdout.contains("/spec/replicas: 2 -> 3"), "\(result.stdout)")
  }

  @Test func aSymlinkedManifestIsReportedNotSilentlyIgnored() throws {
    let repo = try gitOpsRepository(
      files: [("deploy/web.yaml", Self.deployment)], paths: "[\"deploy/*.yaml\"]")
    try Shell.check(["ln", "-s", "web.yaml", "deploy/alias.yaml"], cwd: repo.path)
    try repo.commit("a link", date: "2026-11-02T09:00:00Z")
    let result = try gitDrift("check", "--snapshot", try writeExport(Self.live, in: repo), in: repo)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stderr.contains("git-drift: deploy/alias.yaml: warning: a symbolic link"),
      "\(result.stderr)")
  }

  @Test func aSkippedFileNameCannotForgeALine() throws {
    let forged = "deploy/x\ngit-drift: note: all clear.yaml"
    let repo = try gitOpsRepository(
      files: [("deploy/web.yaml", Self.deployment), (forged, "replicaCount: 1\n")],
      paths: "[\"deploy/**\"]")
    let result = try gitDrift(
      "check", "--snapshot", try writeExport(Self.live, in: repo), "--verbose", in: repo)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      !result.stderr.split(separator: "\n").contains { $0.hasPrefix("git-drift: note: all clear") })
    #expect(
      result.stderr.contains("deploy/x\\ngit-drift: note: all clear.yaml"), "\(result.stderr)")
  }

  /// A kustomize overlay beside plain manifests, as podinfo keeps `kustomize/` beside `deploy/`:
  /// its patch states the Deployment again, with only what it changes.
  static let overlay: [(path: String, contents: String)] = [
    ("deploy/web.yaml", deployment),
    ("kustomize/base/kustomization.yaml", "resources: [../../deploy/web.yaml]\n"),
    (
      "kustomize/prod/kustomization.yaml",
      "resources: [../base]\npatches:\n  - path: replicas.yaml\npatchesStrategicMerge:\n  - limits.yaml\n"
    ),
    (
      "kustomize/prod/replicas.yaml",
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: prod\nspec:\n  replicas: 5\n"
    ),
    (
      "kustomize/prod/limits.yaml",
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: prod\nspec:\n  minReadySeconds: 10\n"
    ),
  ]

  @Test func kustomizePatchesBesidePlainManifestsAreNotObjects() throws {
    let repo = try gitOpsRepository(files: Self.overlay, paths: "[\"**/*.yaml\"]")
    let export = try writeExport(
      Self.live.replacingOccurrences(of: "2}}]}", with: "3}}]}"), in: repo)
    let result = try gitDrift("check", "--snapshot", export, "--verbose", in: repo)
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stdout.contains("deploy/web.yaml:1"), "\(result.stdout)")
    #expect(result.stdout.contains("/spec/replicas: 2 -> 3"), "\(result.stdout)")
    #expect(!result.stdout.contains("minReadySeconds"), "\(result.stdout)")
    for patch in ["replicas.yaml", "limits.yaml"] {
      #expect(
        result.stderr.contains(
          "git-drift: kustomize/prod/\(patch): note: a kustomize patch or configuration, not an "
            + "object (named by kustomize/prod/kustomization.yaml)"), "\(result.stderr)")
    }
  }

  @Test func historyLeavesOutChartTemplatesAndPatchesAsCheckDoes() throws {
    let template = (
      "charts/podinfo/templates/config.yaml",
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: chart-config\n  namespace: prod\n"
    )
    let repo = try gitOpsRepository(
      files: Self.files + Self.overlay.dropFirst() + [template], paths: "[\"**/*.yaml\"]")
    let export = try writeExport(Self.live, in: repo)
    let check = try gitDrift("check", "--snapshot", export, in: repo)
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    let record = try gitDrift("snapshot", "record", export, "--source", "prod-k8s", in: repo)
    #expect(record.status == 0, "\(record.stderr)")
    // Timeline reads each commit as check does: one Deployment declared once, in sync, and no
    // ConfigMap from a chart template.
    let timeline = try gitDrift("timeline", "Deployment.apps/prod/web", in: repo)
    #expect(timeline.status == 0, "\(timeline.stderr)")
    #expect(timeline.stdout.contains("in-sync"), "\(timeline.stdout)")
    let chart = try gitDrift("timeline", "ConfigMap/prod/chart-config", in: repo)
    #expect(chart.status == 2, "\(chart.stdout)")
    #expect(chart.stderr.contains("no resource matches"), "\(chart.stderr)")
  }
}
