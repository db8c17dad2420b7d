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
    let release = try #require(
      report.drifts.first { $0.id.address == "Release.helm.sh/podinfo/podinfo" })
    #expect(release.kind == .modified)
    #expect(release.changes.map(\.path.pointer) == ["/values/replicaCount"])
    let change = try #require(release.changes.first)
    #expect(change.desired == 2 && change.live == 5)
    #expect(change.actor?.manager == "helm revision 3")
    #expect(change.actor?.time == "2026-11-20T10:00:00Z")
    #expect(change.provenance?.kind == "out-of-band")
    #expect(change.line == 21, "the line of replicaCount in the HelmRelease")
    #expect(release.location?.file == "apps/podinfo/release.yaml")

    let deployment = try #require(
      report.drifts.first { $0.id.address == "Deployment.apps/podinfo/podinfo" })
    #expect(deployment.changes.map(\.path.pointer) == ["/spec/template/spec/containers/0/env/0"])
    #expect(deployment.changes.first?.actor?.manager == "kubectl-edit")
    #expect(report.drifts.count == 2, "\(report.drifts.map(\.id.address))")

    let result = try GitDriftExecutable.run(["check", "--snapshot", export], in: repo.path)
    #expect(result.status == 1, "\(result.stdout) \(result.stderr)")

    let plan = try GitDriftExecutable.run(
      ["rollback", "--no-branch", "--format", "script", "--snapshot", export], in: repo.path)
    #expect(plan.status == 0, "\(plan.stderr)")
    let reconcile = try #require(
      plan.stdout.range(of: "flux reconcile helmrelease podinfo --namespace=podinfo"),
      "\(plan.stdout)")
    #expect(
      plan.stdout.range(of: "kubectl apply")
        .map { $0.lowerBound > reconcile.lowerBound } ?? true,
      "the release is reconciled before any object is applied")
    #expect(try Shell.run(["sh", "-n", "-c", plan.stdout]).status == 0)
    let markdown = try GitDriftExecutable.run(
      ["rollback", "--no-branch", "--snapshot", export], in: repo.path)
    #expect(
      markdown.stdout.contains("Its objects drifted too (Deployment.apps/podinfo/podinfo)"),
      "\(markdown.stdout)")
    #expect(result.stdout.contains("helm revision 3"), "\(result.stdout)")
  }

  @Test("accept writes the live replicaCount into the HelmRelease's values: a one-line diff")
  func acceptIntoValues() throws {
    let repo = try HelmLayout.repository()
    defer { repo.remove() }
    let export = try HelmLayout.export(
      repo, revisions: HelmLayout.revisions(), python: HelmLayout.kubectlEditEnv)
    let result = try GitDriftExecutable.run(
      [
        "accept", "--snapshot", export, "--branch", "accept-helm", "--partial",
        "Release.helm.sh/podinfo/podinfo",
      ], in: repo.path)
    #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
    let numstat = try repo.git("diff", "--numstat", "HEAD", "accept-helm", "--", "apps")
    #expect(numstat == "1\t1\tapps/podinfo/release.yaml", "\(numstat)")
    let diff = try repo.git("diff", "-U0", "HEAD", "accept-helm")
    #expect(diff.contains("-    replicaCount: 2\n+    replicaCount: 5"), "\(diff)")
    try repo.fsck()
    let recheck = try check(repo, export: export, revision: "accept-helm")
    #expect(recheck.drifts.map(\.id.address) == ["Deployment.apps/podinfo/podinfo"])

    // An object the chart renders cannot be accepted into git: the chart makes it.
    let refused = try GitDriftExecutable.run(
      ["accept", "--snapshot", export, "--branch", "nope", "Deployment.apps/podinfo/podinfo"],
      in: repo.path)
    #expect(refused.status != 0)
    #expect(
      (refused.stdout + refused.stderr).contains("rendered by chart podinfo of release podinfo"),
      "\(refused.stdout) \(refused.stderr)")
    #expect(try repo.git("for-each-ref", "refs/heads/nope").isEmpty)
  }

  @Test("a release name with a line break cannot forge a trailer of accept's commit message")
  func releaseNameInCommitMessage() throws {
    let repo = try HelmLayout.repository()
    defer { repo.remove() }
    let forged = "podinfo\nDrift-Source: forged"
    try repo.write(
      "apps/podinfo/release.yaml",
      HelmLayout.helmRelease.replacingOccurrences(
        of: "  interval: 10m",
        with: "  releaseName: \"podinfo\\nDrift-Source: forged\"\n  interval: 10m"))
    _ = try repo.commit("odd release name")
    var revisions = HelmLayout.revisions()
    for index in revisions.indices { revisions[index].release = forged }
    let export = try HelmLayout.export(repo, revisions: revisions)
    let result = try GitDriftExecutable.run(
      ["accept", "--snapshot", export, "--branch", "odd", "--partial", "Release.helm.sh/**"],
      in: repo.path)
    #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
    let message = try repo.git("log", "-1", "--format=%B", "odd")
    #expect(message.contains("podinfo\\nDrift-Source: forged"), "\(message)")
    #expect(!message.split(separator: "\n").contains("Drift-Source: forged"), "\(message)")
  }

  @Test(
    "a value an older commit declared is undeployed; an object with the release's annotations is unmanaged"
  )
  func undeployedAndUnmanaged() throws {
    let repo = try HelmLayout.repository()
    defer { repo.remove() }
    // Git said 5 first, then 2: the cluster still runs what git said before.
    try repo.write(
      "apps/podinfo/release.yaml",
      HelmLayout.helmRelease.replacingOccurrences(of: "replicaCount: 2", with: "replicaCount: 5"))
    _ = try repo.commit("scale up", date: "2026-11-05T09:00:00Z")
    try repo.write("apps/podinfo/release.yaml", HelmLayout.helmRelease)
    let down = try repo.commit("scale down", date: "2026-11-15T09:00:00Z")
    let extra = """
      if d["kind"] == "Service":
          import copy
          c = copy.deepcopy(d)
          c["metadata"]["name"] = "podinfo-canary"
          items.append(c)
      """
    let export = try HelmLayout.export(repo, revisions: HelmLayout.revisions(), python: extra)
    let report = try check(repo, export: export)
    let release = try #require(report.drifts.first { $0.id.type == "Release.helm.sh" })
    #expect(release.changes.first?.provenance?.kind == "undeployed")
    #expect(release.changes.first?.provenance?.commit != down)
    let unmanaged = report.drifts.filter { $0.kind == .unmanaged }.map(\.id.address)
    #expect(unmanaged == ["Service/podinfo/podinfo-canary"])
  }

  @Test("a corrupt, truncated or oversized release payload is an error for that release only")
  func unreadablePayloads() throws {
    let repo = try HelmLayout.repository()
    defer { repo.remove() }
    let broken = [
      ("corrupt", "bm90IGd6aXA="),  // base64 of base64-less text
      ("truncated", ""),
    ]
    var extras: [String] = []
    for (name, data) in broken {
      extras.append(
        """
        {"apiVersion": "v1", "kind": "Secret", "type": "helm.sh/release.v1",
         "metadata": {"name": "sh.helm.release.v1.\(name).v1", "namespace": "podinfo",
                      "labels": {"name": "\(name)", "owner": "helm", "status": "deployed", "version": "1"}},
         "data": {"release": "\(data)"}}
        """)
    }
    try repo.write(
      "apps/broken/releases.yaml",
      ["corrupt", "truncated"].map {
        HelmLayout.helmRelease.replacingOccurrences(
          of: "name: podinfo\n  namespace", with: "name: \($0)\n  namespace")
      }.joined(separator: "---\n"))
    _ = try repo.commit("broken releases")
    let export = try HelmLayout.export(
      repo, revisions: HelmLayout.revisions(handReplicas: nil), extra: extras)
    let report = try check(repo, export: export)
    #expect(!report.summary.hasDrift, "\(report.drifts.map(\.id.address))")
    let errors = report.diagnostics.filter { $0.level == .error }.map(\.description).sorted()
    #expect(errors.count == 2, "\(errors)")
    #expect(errors.allSatisfy { $0.contains("not checked") && $0.contains("live-") }, "\(errors)")
    #expect(report.summary.unevaluated == 2)
    #expect(report.inSync.contains { $0.address == "Release.helm.sh/podinfo/podinfo" })
  }

  @Test(
    "no value under a sensitive key or from a valuesFrom Secret is in clear in a snapshot, report, plan or post-mortem"
  )
  func secretsStaySecret() throws {
    let repo = try HelmLayout.repository()
    defer { repo.remove() }
    let liveInline = "canary-live-inline-1177"
    let liveFrom = "canary-live-from-9931"
    var revisions = HelmLayout.revisions()
    revisions[2].config = HelmLayout.config(replicas: 5)
      .replacingOccurrences(of: HelmLayout.canaryInline, with: liveInline)
      .replacingOccurrences(of: HelmLayout.canaryFrom, with: liveFrom)
    let export = try HelmLayout.export(repo, revisions: revisions)
    try repo.write(
      ".drift.yml",
      """
      version: 1
      sources:
        - name: podinfo
          format: helm
          paths: ["apps/**/*.yaml"]
          capture: "cat '\(export)'"

      """)
    _ = try repo.commit("capture")
    let before = Set(
      try repo.git("cat-file", "--batch-all-objects", "--batch-check=%(objectname)")
        .split(separator: "\n").map(String.init))
    var outputs: [String] = []
    func run(_ arguments: [String]) throws -> Shell.Result {
      let result = try GitDriftExecutable.run(arguments, in: repo.path)
      #expect(result.status <= 1, "\(arguments): \(result.stderr)")
      outputs.append(result.stdout + result.stderr)
      return result
    }
    _ = try run(["snapshot", "record", "--at", "2026-11-20T11:00:00Z", export])
    let json = try run(["check", "--format", "json"])
    for format in ["text", "sarif", "markdown", "junit"] {
      _ = try run(["check", "--format", format])
    }
    for format in ["markdown", "json", "script"] {
      _ = try run(["rollback", "--format", format, "--no-branch"])
    }
    _ = try run(["check", "--snapshot", export, "--format", "json"])
    _ = try run(["explain", "Release.helm.sh/podinfo/podinfo"])
    _ = try run(["timeline", "Release.helm.sh/podinfo/podinfo#/values/redis/auth"])
    _ = try run(["postmortem", "--output", "-"])
    _ = try run(["watch", "--once"])
    try repo.fsck()

    // The secret values drifted, as digests: the check against the snapshot says so.
    let pointers = ["/values/database/password", "/values/redis/auth", "/values/replicaCount"]
    for pointer in pointers {
      #expect(json.stdout.contains("\"\(pointer)\""), "\(pointer) in \(json.stdout)")
    }
    #expect(json.stdout.contains("(sensitive)"))
    let canaries = CanaryScanner([
      liveInline, liveFrom, HelmLayout.canaryInline, HelmLayout.canaryFrom,
    ])
    for output in outputs {
      let found = canaries.findings(in: output)
      #expect(found.isEmpty, "printed \(found)")
    }
    let objects = try repo.git("cat-file", "--batch-all-objects", "--batch-check=%(objectname)")
      .split(separator: "\n").map(String.init).filter { !before.contains($0) }
    #expect(!objects.isEmpty, "the snapshot was recorded")
    let contents = try Shell.run(
      ["git", "cat-file", "--batch"], cwd: repo.path, env: repo.environment,
      stdin: objects.joined(separator: "\n") + "\n")
    let stored = canaries.findings(in: contents.stdout)
    #expect(stored.isEmpty, "snapshot objects hold \(stored)")
    let drift = canaries.findings(inFolder: repo.path + "/.git/drift")
    #expect(drift.isEmpty, "\(drift)")
  }

  @Test(
    "values from a Secret the repository does not hold: compared as digests, live-only ones left out, never in clear"
  )
  func sealedValuesSecret() throws {
    let repo = try HelmLayout.repository()
    defer { repo.remove() }
    // Sealed or encrypted in real repositories: the cluster has it, git does not.
    try repo.delete("apps/podinfo/values-secret.yaml")
    _ = try repo.commit("values Secret sealed elsewhere")
    let export = try HelmLayout.export(repo, revisions: HelmLayout.revisions())
    var check = Check(revision: "HEAD", sourceName: "podinfo", snapshot: export, addresses: [])
    check.workspace = Workspace(repository: try Repository(path: repo.path))
    let report = try check.run()
    let release = try #require(report.drifts.first { $0.id.type == "Release.helm.sh" })
    // replicaCount differs (as digests); redis.auth, which only the Secret gives, is not drift.
    #expect(release.changes.map(\.path.pointer) == ["/values/replicaCount"])
    #expect(
      release.changes.first?.live.map { if case .sensitive = $0 { true } else { false } } == true)
    #expect(
      report.diagnostics.contains {
        $0.message.contains("is not in the repository; values only live has are not compared")
      }, "\(report.diagnostics)")

    let before = Set(
      try repo.git("cat-file", "--batch-all-objects", "--batch-check=%(objectname)")
        .split(separator: "\n").map(String.init))
    let recorded = try GitDriftExecutable.run(
      ["snapshot", "record", "--at", "2026-11-20T11:00:00Z", export], in: repo.path)
    #expect(recorded.status == 0, "\(recorded.stderr)")
    let text = try GitDriftExecutable.run(["check"], in: repo.path)
    #expect(text.status == 1, "\(text.stderr)")
    let canaries = CanaryScanner([HelmLayout.canaryFrom, HelmLayout.canaryInline])
    #expect(canaries.findings(in: text.stdout + text.stderr).isEmpty, "\(text.stdout)")
    let added = try repo.git("cat-file", "--batch-all-objects", "--batch-check=%(objectname)")
      .split(separator: "\n").map(String.init).filter { !before.contains($0) }
    #expect(!added.isEmpty)
    let objects = try Shell.run(
      ["git", "cat-file", "--batch"], cwd: repo.path, env: repo.environment,
      stdin: added.joined(separator: "\n") + "\n")
    #expect(canaries.findings(in: objects.stdout).isEmpty, "the snapshot holds no value in clear")
  }

  @Test("an Argo CD Application's values files, values object and parameters, in Argo's order")
  func argoApplication() throws {
    let repo = try HelmLayout.argoRepository()
    defer { repo.remove() }
    let export = try HelmLayout.export(repo, revisions: HelmLayout.revisions(handReplicas: nil))
    let report = try check(repo, export: export)
    #expect(
      !report.summary.hasDrift,
      "\(report.drifts.map { "\($0.id.address) \($0.changes.map(\.path.pointer))" })")
    #expect(report.inSync.contains { $0.address == "Release.helm.sh/podinfo/podinfo" })
    #expect(report.summary.unevaluated == 1, "guestbook has no release")
    #expect(
      report.diagnostics.contains {
        $0.message.contains("Application 'guestbook': no Helm release 'guestbook'")
      }, "\(report.diagnostics)")

    let scaled = try HelmLayout.export(repo, revisions: HelmLayout.revisions())
    let drift = try #require(try check(repo, export: scaled).drifts.first)
    #expect(drift.changes.map(\.path.pointer) == ["/values/replicaCount"])
    let result = try GitDriftExecutable.run(
      ["accept", "--snapshot", scaled, "--branch", "argo", "--partial", "Release.helm.sh/**"],
      in: repo.path)
    #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
    let diff = try repo.git("diff", "-U0", "HEAD", "argo", "--", "apps")
    #expect(
      diff.contains("-            value: \"2\"\n+            value: \"5\""),
      "the parameter: \(diff)")
    let recheck = try check(repo, export: scaled, revision: "argo")
    #expect(!recheck.summary.hasDrift, "\(recheck.drifts.map(\.id.address))")
  }

  @Test("init proposes one helm source per HelmRelease, with a capture that holds its Secrets")
  func discovery() throws {
    let repo = try HelmLayout.repository()
    defer { repo.remove() }
    let sources = SourceDiscovery(root: repo.path).sources().filter { $0.format == "helm" }
    #expect(sources.map(\.name) == ["helm-podinfo"])
    #expect(sources.first?.unit == "podinfo")
    #expect(sources.first?.capture?.contains("secret") == true)
  }

  @Test("valuesFrom with targetPath: one value typed as Flux types it, a Secret's as a digest")
  func targetPaths() throws {
    let repo = try HelmLayout.repository()
    defer { repo.remove() }
    let release = HelmLayout.helmRelease
      .replacingOccurrences(
        of: "      valuesKey: values.yaml\n",
        with: "      valuesKey: auth\n      targetPath: redis.auth\n"
          + "    - kind: ConfigMap\n      name: podinfo-replicas\n      valuesKey: count\n"
          + "      targetPath: replicaCount\n"
      )
      .replacingOccurrences(of: "    replicaCount: 2\n", with: "")
    try repo.write("apps/podinfo/release.yaml", release)
    let secret = Data(HelmLayout.canaryFrom.utf8).base64EncodedString()
    try repo.write(
      "apps/podinfo/values-secret.yaml",
      """
      apiVersion: v1
      kind: Secret
      metadata: {name: podinfo-values, namespace: podinfo}
      data:
        auth: \(secret)
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: podinfo-replicas, namespace: podinfo}
      data:
        count: "2"

      """)
    _ = try repo.commit("values by target path")
    let export = try HelmLayout.export(repo, revisions: HelmLayout.revisions())
    let report = try check(repo, export: export)
    let drift = try #require(report.drifts.first { $0.id.type == "Release.helm.sh" })
    // "2" from the ConfigMap is the integer 2, as Helm's strvals types it: 5 differs, no more.
    #expect(drift.changes.map(\.path.pointer) == ["/values/replicaCount"])
    #expect(drift.changes.first?.desired == 2)
    let shown = try GitDriftExecutable.run(["check", "--snapshot", export], in: repo.path)
    #expect(CanaryScanner([HelmLayout.canaryFrom]).findings(in: shown.stdout).isEmpty)
  }

  @Test(
    "a value only the release has (helm upgrade --set ui.color=red) is drift, owned by its revision"
  )
  func valueOnlyLiveHas() throws {
    let repo = try HelmLayout.repository()
    defer { repo.remove() }
    var revisions = HelmLayout.revisions()
    revisions[2].config = HelmLayout.config(replicas: 2)
      .replacingOccurrences(
        of: "\"replicaCount\"", with: "\"ui\": {\"color\": \"red\"}, \"replicaCount\"")
    let export = try HelmLayout.export(repo, revisions: revisions)
    let drift = try #require(try check(repo, export: export).drifts.first)
    #expect(drift.changes.map(\.path.pointer) == ["/values/ui/color"])
    #expect(drift.changes.first?.operation == .add)
    #expect(drift.changes.first?.actor?.manager == "helm revision 3")
  }
}
