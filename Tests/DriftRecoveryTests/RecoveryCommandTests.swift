import DriftTestSupport
import Foundation
import Testing

@Suite("accept, rollback and postmortem on a GitOps repository")
struct RecoveryCommandTests {
  static let drifts = KubernetesWorkload.Drifts(
    scaled: [1], imageChanged: [2], configEdited: [3], deleted: [4], handCreated: 1)
  static let workload = KubernetesWorkload(apps: 6, drifts: drifts)

  /// The repository (with CODEOWNERS) and the export of the core drift scenario.
  static func scenario() throws -> (ScratchRepository, String) {
    let repo = try ScratchRepository()
    try repo.write(
      ".drift.yml",
      "version: 1\nsources:\n  - name: prod-k8s\n    format: kubernetes\n    paths: [\"apps/**/*.yaml\"]\n    namespace: prod\n"
    )
    try repo.write(".github/CODEOWNERS", "*  @acme/platform\n/apps/  @acme/sre @alice\n")
    for file in workload.desiredFiles() { try repo.write(file.path, file.contents) }
    try repo.commit("desired state", date: "2026-11-01T10:00:00Z")
    let export = repo.root + "/live.json"
    try Data(workload.liveList().utf8).write(to: URL(fileURLWithPath: export))
    return (repo, export)
  }

  static func run(_ arguments: [String], _ repo: ScratchRepository, stdin: String? = nil) throws
    -> Shell.Result
  {
    try GitDriftExecutable.run(arguments, in: repo.path, stdin: stdin)
  }

  static func branch(in output: String) throws -> String {
    let line = try #require(output.split(separator: "\n").first { $0.hasPrefix("Branch ") })
    return String(line.split(separator: " ")[1])
  }

  @Test(
    "accepting a scaled Deployment, a hand-set image and an edited ConfigMap value is three one-line edits"
  )
  func acceptThreeDrifts() throws {
    let (repo, export) = try Self.scenario()
    let head = try repo.git("rev-parse", "HEAD")
    let result = try Self.run(
      [
        "accept", "--snapshot", export, "Deployment.apps/prod/app-0001",
        "Deployment.apps/prod/app-0002#/spec/template/spec/containers/0/image",
        "ConfigMap/prod/app-0003-config",
      ], repo)
    #expect(result.status == 0, "\(result.stderr)")
    let branch = try Self.branch(in: result.stdout)
    #expect(branch.hasPrefix("drift/accept/"))
    #expect(result.stdout.contains("## Accept live drift of `prod-k8s`"))

    let numstat = try repo.git("diff", "--numstat", "main.." + branch).split(separator: "\n").map(
      String.init)
    #expect(
      numstat.filter { $0.hasSuffix(".yaml") } == [
        "1\t1\tapps/app-0001.yaml", "1\t1\tapps/app-0002.yaml", "1\t1\tapps/app-0003.yaml",
      ])
    #expect(numstat.count == 4)
    #expect(
      numstat.contains {
        $0.contains("\tdocs/postmortems/") && $0.hasSuffix("-accept-3-resources.md")
      })
    let diff = try repo.git("diff", "-U0", "main.." + branch, "--", "apps/")
    let added = diff.split(separator: "\n").filter { $0.hasPrefix("+") && !$0.hasPrefix("+++") }
    #expect(
      added.contains { $0.hasPrefix("+  replicas: ") && $0.hasSuffix("# sized for peak traffic") },
      "comments survive: \(added)")
    #expect(
      added.contains {
        $0.contains("image: registry.example.com/team/app-0002:") && $0.contains("-hotfix")
      })
    #expect(
      added.contains { $0 == "+  FEATURE_X: \"off\"  # quoted, or YAML 1.1 reads it as true" })

    try repo.fsck()
    #expect(try repo.git("status", "--porcelain").isEmpty)
    #expect(try repo.git("rev-parse", "HEAD") == head)
    #expect(try repo.git("rev-parse", "--abbrev-ref", "HEAD") == "main")
    let message = try repo.git("log", "-1", "--format=%B", branch)
    #expect(message.contains("Drift-Source: prod-k8s"))
    #expect(message.contains("Drift-Snapshot: \(export)"))

    let recheck = try Self.run(
      ["check", "--rev", branch, "--snapshot", export, "--format", "json"], repo)
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(recheck.stdout.utf8)) as? [String: Any])
    let left = (json["drifts"] as? [[String: Any]] ?? []).compactMap { $0["address"] as? String }
    for accepted in [
      "Deployment.apps/prod/app-0001", "Deployment.apps/prod/app-0002",
      "ConfigMap/prod/app-0003-config",
    ] {
      #expect(!left.contains(accepted), "\(accepted) still drifts")
    }
    #expect(left.contains("Deployment.apps/prod/app-0004"), "drift that was not chosen stays")
  }

  @Test("an accepted unmanaged Deployment becomes a clean manifest that check then matches")
  func acceptUnmanaged() throws {
    let (repo, export) = try Self.scenario()
    let result = try Self.run(
      ["accept", "--snapshot", export, "Deployment.apps/prod/hand-00"], repo)
    #expect(result.status == 0, "\(result.stderr)")
    let branch = try Self.branch(in: result.stdout)
    let manifest = try repo.git("show", branch + ":apps/deployment-hand-00.yaml")
    for noise in [
      "uid", "status", "managedFields", "resourceVersion", "creationTimestamp", "dnsPolicy",
      "terminationMessagePath", "progressDeadlineSeconds", "namespace",
    ] {
      #expect(!manifest.contains(noise), "\(noise) in:\n\(manifest)")
    }
    #expect(manifest.hasPrefix("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"))
    let recheck = try Self.run(
      [
        "check", "--rev", branch, "--snapshot", export, "--format", "json",
        "Deployment.apps/prod/hand-00",
      ], repo)
    #expect(recheck.status == 0, "\(recheck.stdout)\(recheck.stderr)")
  }

  @Test("rollback --format script applies the desired manifests of the commit and deletes last")
  func rollbackScript() throws {
    let (repo, export) = try Self.scenario()
    let result = try Self.run(
      ["rollback", "--snapshot", export, "--format", "script", "--no-branch"], repo)
    #expect(result.status == 0, "\(result.stderr)")
    let script = result.stdout
    #expect(script.hasPrefix("#!/bin/sh\n"))
    #expect(try Shell.run(["sh", "-n"], stdin: script).status == 0, "valid POSIX sh")
    let desired = try repo.git("show", "HEAD:apps/app-0001.yaml")
    let document = desired.components(separatedBy: "\n---\n")[0]
    let body = try #require(script.range(of: "'\n" + document + "\n"))
    let opening = script[..<body.lowerBound].split(separator: "\n").last ?? ""
    let delimiter = opening.split(separator: "'").last ?? ""
    #expect(opening.hasSuffix("--namespace=prod -f - <<'" + delimiter))
    #expect(delimiter.hasPrefix("GIT_DRIFT_MANIFEST_"))
    #expect(script[body.upperBound...].hasPrefix(delimiter + "\n"))
    let delete = try #require(
      script.range(of: "kubectl delete --namespace=prod -- deployment.apps hand-00"))
    let lastApply = try #require(script.range(of: "kubectl apply", options: .backwards))
    #expect(lastApply.lowerBound < delete.lowerBound, "destructive steps come last")
    #expect(script.contains("read -r answer"))
    #expect(try repo.git("for-each-ref", "refs/heads/drift").isEmpty, "--no-branch commits nothing")

    let committed = try Self.run(["rollback", "--snapshot", export, "--format", "json"], repo)
    #expect(committed.status == 0, "\(committed.stderr)")
    #expect(
      committed.stderr.contains("committed the plan and the post-mortem on branch drift/rollback/"))
    let files = try repo.git(
      "ls-tree", "-r", "--name-only",
      "refs/heads/"
        + (try repo.git("for-each-ref", "--format=%(refname:short)", "refs/heads/drift"))
        .replacingOccurrences(of: "refs/heads/", with: ""))
    #expect(files.contains("-plan.json"))
    #expect(files.split(separator: "\n").filter { $0.hasPrefix("docs/postmortems/") }.count == 2)
    try repo.fsck()
  }

  @Test(
    "the post-mortem of a recorded drift names the first drifted snapshot, the actor and the owners"
  )
  func postmortemWithHistory() throws {
    let (repo, export) = try Self.scenario()
    let clean = repo.root + "/clean.json"
    try Data(Self.workload.liveList(noiseOnly: true).utf8).write(to: URL(fileURLWithPath: clean))
    #expect(
      try Self.run(["snapshot", "record", "--at", "2026-11-02T10:00:00Z", clean], repo).status == 0)
    #expect(
      try Self.run(["snapshot", "record", "--at", "2026-11-03T10:00:00Z", export], repo).status == 0
    )
    let first = try repo.git("rev-parse", "--short=7", "refs/drift/snapshots/prod-k8s")
    let result = try Self.run(
      ["postmortem", "Deployment.apps/prod/app-0001", "--output", "-"], repo)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("| `Deployment.apps/prod/app-0001` | `"), "\(result.stdout)")
    #expect(result.stdout.contains("| `\(first)` 2026-11-03T10:00:00Z |"))
    #expect(result.stdout.contains("`kubectl-scale`"))
    #expect(result.stdout.contains("Owners from CODEOWNERS: @acme/sre, @alice."))

    let written = try Self.run(["postmortem", "Deployment.apps/prod/app-0001"], repo)
    #expect(written.status == 0, "\(written.stderr)")
    #expect(written.stdout == "Wrote docs/postmortems/\(Self.today)-app-0001.md\n")
    let again = try Self.run(["postmortem", "Deployment.apps/prod/app-0001"], repo)
    #expect(
      again.stdout == "Wrote docs/postmortems/\(Self.today)-app-0001-2.md\n", "never overwrites")
  }

  static var today: String {
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyy-MM-dd"
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: Date())
  }

  @Test("a repository's .drift/templates override the defaults")
  func templateOverride() throws {
    let (repo, export) = try Self.scenario()
    try repo.write(
      ".drift/templates/postmortem.md.mustache",
      "{{% CONTENT_TYPE: TEXT}}\nOur format: {{title}} owned by {{ownerList}}\n")
    try repo.commit("our post-mortem format", date: "2026-11-02T10:00:00Z")
    let result = try Self.run(
      ["postmortem", "--snapshot", export, "Deployment.apps/prod/app-0001", "--output", "-"], repo)
    #expect(
      result.stdout
        == "Our format: drift of Deployment.apps/prod/app-0001 (\(Self.today)) owned by @acme/sre, @alice\n"
    )
  }
}
