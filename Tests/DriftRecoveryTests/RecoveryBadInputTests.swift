import DriftTestSupport
import Foundation
import Testing

@Suite("accept and rollback: bad input, refusals, branches")
struct RecoveryBadInputTests {
  func failure(_ arguments: [String], _ repo: ScratchRepository) throws -> String {
    let result = try GitDriftExecutable.run(arguments, in: repo.path)
    #expect(result.status == 2, "\(arguments): \(result.stdout) \(result.stderr)")
    #expect(try repo.git("for-each-ref", "refs/heads/drift").isEmpty, "no branch left behind")
    return result.stderr
  }

  @Test func addressThatIsNotDrifted() throws {
    let (repo, export) = try RecoveryCommandTests.scenario()
    let stderr = try failure(
      ["accept", "--snapshot", export, "Deployment.apps/prod/app-0005"], repo)
    #expect(
      stderr.hasPrefix("git-drift: 'Deployment.apps/prod/app-0005' is not drifted (drifted: "),
      "\(stderr)")
    let pointer = try failure(
      ["accept", "--snapshot", export, "Deployment.apps/prod/app-0001#/metadata/name"], repo)
    #expect(
      pointer
        == "git-drift: 'Deployment.apps/prod/app-0001#/metadata/name' is not drifted (drifted attributes of Deployment.apps/prod/app-0001: /spec/replicas)\n"
    )
    // A pointer that names nothing at all is a typo, not an attribute in sync.
    let typo = try failure(
      ["accept", "--snapshot", export, "Deployment.apps/prod/app-0001#/spec/paused"], repo)
    #expect(
      typo.hasPrefix(
        "git-drift: no attribute '/spec/paused' in the desired or live state of "
          + "'Deployment.apps/prod/app-0001'"), "\(typo)")
  }

  @Test func snapshotThatDoesNotExist() throws {
    let (repo, _) = try RecoveryCommandTests.scenario()
    let stderr = try failure(["accept", "--snapshot", "latest~3"], repo)
    #expect(stderr.hasPrefix("git-drift: cannot read 'latest~3'"), "\(stderr)")
  }

  @Test("an edit that cannot be expressed writes nothing, unless --partial accepts the rest")
  func notExpressible() throws {
    let (repo, export) = try RecoveryCommandTests.scenario()
    let path = "apps/app-0001.yaml"
    let original = try repo.git("show", "HEAD:" + path)
    let anchored = original.replacingOccurrences(
      of: "  replicas: ", with: "  replicas: &count ", options: [],
      range: original.range(of: "  replicas: "))
    try repo.write(path, anchored)
    try repo.commit("an anchor", date: "2026-11-02T10:00:00Z")
    let stderr = try failure(
      [
        "accept", "--snapshot", export, "Deployment.apps/prod/app-0001",
        "ConfigMap/prod/app-0003-config",
      ], repo)
    #expect(stderr.contains("git-drift: apps/app-0001.yaml:"), "\(stderr)")
    #expect(
      stderr.contains(
        "cannot accept Deployment.apps/prod/app-0001#/spec/replicas: cannot express this edit: anchors, aliases and tags are not edited (nothing was written; --partial accepts the rest)"
      ))

    let partial = try GitDriftExecutable.run(
      [
        "accept", "--partial", "--snapshot", export, "Deployment.apps/prod/app-0001",
        "ConfigMap/prod/app-0003-config",
      ], in: repo.path)
    #expect(partial.status == 0, "\(partial.stderr)")
    #expect(partial.stderr.hasPrefix("git-drift: warning: "))
    let branch = try RecoveryCommandTests.branch(in: partial.stdout)
    let changed = try repo.git("diff", "--name-only", "HEAD.." + branch, "--", "apps/")
    #expect(changed == "apps/app-0003.yaml")
  }

  @Test("secret values are never written to git")
  func secretsAreRefused() throws {
    let repo = try ScratchRepository()
    try repo.write(
      ".drift.yml",
      "version: 1\nsources:\n  - name: prod-k8s\n    format: kubernetes\n    paths: [\"apps/*.yaml\"]\n    namespace: prod\n"
    )
    try repo.write(
      "apps/secret.yaml",
      "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: old\n")
    try repo.commit("secret", date: "2026-11-01T10:00:00Z")
    let export = repo.root + "/live.json"
    try Data(
      #"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"prod"},"data":{"password":"bmV3"}}"#
        .utf8
    )
    .write(to: URL(fileURLWithPath: export))
    let stderr = try failure(["accept", "--snapshot", export], repo)
    #expect(stderr.contains("secret values are never written to git"), "\(stderr)")
    #expect(!stderr.contains("bmV3") && !stderr.contains("new"))
  }

  @Test("an existing branch is not overwritten without --force; --dry-run and --pr-body")
  func branches() throws {
    let (repo, export) = try RecoveryCommandTests.scenario()
    let dryRun = try GitDriftExecutable.run(
      ["accept", "--snapshot", export, "--dry-run", "Deployment.apps/prod/app-0001"], in: repo.path)
    #expect(dryRun.status == 0)
    #expect(
      dryRun.stdout.hasPrefix("diff --git a/apps/app-0001.yaml b/apps/app-0001.yaml\n"),
      "\(dryRun.stdout)")
    #expect(try repo.git("for-each-ref", "refs/heads/drift").isEmpty, "a dry run creates no branch")

    try repo.git("branch", "keep", "HEAD")
    let kept = try repo.git("rev-parse", "keep")
    let refused = try GitDriftExecutable.run(
      ["accept", "--snapshot", export, "--branch", "keep", "Deployment.apps/prod/app-0001"],
      in: repo.path)
    #expect(refused.status == 2)
    #expect(
      refused.stderr
        == "git-drift: branch 'keep' exists; pass --force to overwrite it, or --branch NAME\n")
    #expect(try repo.git("rev-parse", "keep") == kept)

    let body = repo.root + "/body.md"
    let forced = try GitDriftExecutable.run(
      [
        "accept", "--snapshot", export, "--branch", "keep", "--force", "--pr-body", body,
        "Deployment.apps/prod/app-0001",
      ], in: repo.path)
    #expect(forced.status == 0, "\(forced.stderr)")
    #expect(try repo.git("rev-parse", "keep^") == kept)
    #expect(
      try String(contentsOfFile: body, encoding: .utf8).hasPrefix(
        "## Accept live drift of `prod-k8s`"))
    #expect(!forced.stdout.contains("## Accept"), "the body went to the file")
  }
}
