import DriftTestSupport
import Foundation
import Testing

@Suite("hooks and the policy check")
struct HooksTests {
  static let privileged =
    SampleDeployment.manifest(replicas: 3)
    + "\n          securityContext:\n            privileged: true\n"

  /// The environment in which git finds git-drift on PATH, as a user's shell would.
  static func environment() throws -> [String: String] {
    let folder = URL(fileURLWithPath: try GitDriftExecutable.path()).deletingLastPathComponent()
      .path
    return ["PATH": folder + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")]
  }

  static func repository() throws -> ScratchRepository {
    let repo = try ScratchRepository()
    try repo.write(".drift.yml", KubernetesWorkload.configuration())
    try repo.write("apps/web.yaml", SampleDeployment.manifest(replicas: 3))
    try repo.commit("desired state", date: "2026-11-01T10:00:00Z")
    return repo
  }

  @Test("the scripts compiled in are the files of hooks/")
  func scriptsMatchTheFiles() throws {
    let result = try Shell.run([
      "sh", "-n", Golden.root.appendingPathComponent("hooks/pre-push").path,
    ])
    #expect(result.status == 0)
    for name in ["pre-commit", "pre-push", "post-merge", "post-checkout"] {
      let text = try String(
        contentsOf: Golden.root.appendingPathComponent("hooks/" + name), encoding: .utf8)
      #expect(text.hasPrefix("#!/bin/sh\n#\n# git-drift \(name) hook"))
      let repo = try ScratchRepository()
      #expect(try GitDriftExecutable.run(["hooks", "install"], in: repo.path).status == 0)
      #expect(
        try String(contentsOfFile: repo.path + "/.git/hooks/" + name, encoding: .utf8) == text)
    }
  }

  @Test(
    "pre-commit keeps an existing hook, refuses a privileged container with file:line, passes a valid commit"
  )
  func preCommit() throws {
    let repo = try Self.repository()
    let marker = repo.root + "/existing-hook-ran"
    try repo.write(".git/hooks/pre-commit", "#!/bin/sh\ntouch '\(marker)'\n")
    try Shell.check(["chmod", "+x", repo.path + "/.git/hooks/pre-commit"])
    let install = try GitDriftExecutable.run(["hooks", "install"], in: repo.path)
    #expect(
      install.stdout.contains(
        "pre-commit: installed; the existing hook now runs first as pre-commit.local"))

    try repo.write("apps/web.yaml", Self.privileged)
    try repo.git("add", "apps/web.yaml")
    let refused = try Shell.run(
      ["git", "commit", "-m", "privileged"], cwd: repo.path,
      env: repo.environment.merging(try Self.environment()) { $1 })
    #expect(refused.status != 0)
    #expect(
      refused.stderr.contains(
        "git-drift: apps/web.yaml:17: critical: a privileged container at /spec/template/spec/containers/0/securityContext/privileged of Deployment.apps/prod/web (privileged-container; PR.AA-05, PR.PS-01)"
      ), "\(refused.stderr)")
    #expect(FileManager.default.fileExists(atPath: marker), "the existing hook ran")

    try repo.write("apps/web.yaml", SampleDeployment.manifest(replicas: 4))
    try repo.git("add", "apps/web.yaml")
    let passed = try Shell.run(
      ["git", "commit", "-m", "scale"], cwd: repo.path,
      env: repo.environment.merging(try Self.environment()) { $1 })
    #expect(passed.status == 0, "\(passed.stderr)")

    let uninstall = try GitDriftExecutable.run(["hooks", "uninstall"], in: repo.path)
    #expect(uninstall.stdout.contains("pre-commit: removed; the previous hook is back"))
    #expect(
      try String(contentsOfFile: repo.path + "/.git/hooks/pre-commit", encoding: .utf8)
        == "#!/bin/sh\ntouch '\(marker)'\n")
  }

  @Test("hooks installed from a linked working tree go where git runs them, for every tree")
  func linkedWorkingTreesShareHooks() throws {
    let repo = try Self.repository()
    let linked = repo.root + "/linked"
    try repo.git("worktree", "add", "--quiet", linked)
    #expect(try GitDriftExecutable.run(["hooks", "install"], in: linked).status == 0)
    #expect(FileManager.default.isExecutableFile(atPath: repo.path + "/.git/hooks/pre-push"))
    #expect(try repo.git("rev-parse", "--git-path", "hooks").hasSuffix(".git/hooks"))
  }

  @Test func hooksPathIsRespected() throws {
    let repo = try Self.repository()
    try repo.git("config", "core.hooksPath", ".githooks")
    #expect(try GitDriftExecutable.run(["init", "--hooks", "--print"], in: repo.path).status == 0)
    #expect(try GitDriftExecutable.run(["hooks", "install"], in: repo.path).status == 0)
    #expect(FileManager.default.isExecutableFile(atPath: repo.path + "/.githooks/pre-push"))
    #expect(!FileManager.default.fileExists(atPath: repo.path + "/.git/hooks/pre-push"))
  }

  @Test(
    "pre-push warns, or blocks with drift.prePush=block, when the push overwrites a hand-set live value"
  )
  func prePush() throws {
    let repo = try Self.repository()
    let remote = try ScratchRepository(bare: true)
    try repo.git("remote", "add", "origin", remote.path)
    try repo.git("push", "--quiet", "origin", "main")
    let export = repo.root + "/live.json"
    try Data(
      SampleDeployment.liveList(
        replicas: 7, managers: [SampleDeployment.applier, SampleDeployment.scaler]
      ).utf8
    )
    .write(to: URL(fileURLWithPath: export))
    #expect(try GitDriftExecutable.run(["snapshot", "record", export], in: repo.path).status == 0)
    #expect(try GitDriftExecutable.run(["hooks", "install"], in: repo.path).status == 0)
    try repo.write("apps/web.yaml", SampleDeployment.manifest(replicas: 4))
    try repo.commit("scale to 4", date: "2026-11-02T10:00:00Z")
    let env = repo.environment.merging(try Self.environment()) { $1 }

    let warned = try Shell.run(["git", "push", "origin", "main"], cwd: repo.path, env: env)
    #expect(warned.status == 0, "\(warned.stderr)")
    #expect(
      warned.stderr.contains(
        "git-drift: warning: Deployment.apps/prod/web#/spec/replicas: the push changes the desired value 3 -> 4, but live holds 7 (set by kubectl-scale), which was never in git"
      ), "\(warned.stderr)")

    try repo.write("apps/web.yaml", SampleDeployment.manifest(replicas: 5))
    try repo.commit("scale to 5", date: "2026-11-03T10:00:00Z")
    try repo.git("config", "drift.prePush", "block")
    let blocked = try Shell.run(["git", "push", "origin", "main"], cwd: repo.path, env: env)
    #expect(blocked.status != 0)
    #expect(blocked.stderr.contains("push refused (drift.prePush=block)"))
    #expect(try remote.git("rev-parse", "main") != (try repo.git("rev-parse", "main")))
  }

  @Test("post-merge and post-checkout print one summary line")
  func summaryHooks() throws {
    let repo = try Self.repository()
    let export = repo.root + "/live.json"
    try Data(SampleDeployment.liveList(replicas: 3, managers: [SampleDeployment.applier]).utf8)
      .write(
        to: URL(fileURLWithPath: export))
    #expect(try GitDriftExecutable.run(["snapshot", "record", export], in: repo.path).status == 0)
    let result = try GitDriftExecutable.run(
      ["hooks", "run", "post-checkout", "a", "b", "1"], in: repo.path)
    #expect(result.status == 0)
    #expect(result.stdout.hasPrefix("git-drift: No drift: 1 resources in sync with "))
    #expect(result.stdout.split(separator: "\n").count == 1)
  }

  @Test("policy check on files: parse errors with file:line:col exit 2, violations exit 1")
  func policyCheckFiles() throws {
    let repo = try Self.repository()
    try repo.write("apps/broken.yaml", "apiVersion: v1\nkind: [ConfigMap\n")
    let broken = try GitDriftExecutable.run(
      ["policy", "check", "apps/broken.yaml", "README.md"], in: repo.path)
    #expect(broken.status == 2)
    #expect(
      broken.stderr.hasPrefix("git-drift: apps/broken.yaml:3:1: invalid YAML"), "\(broken.stderr)")
    try repo.write("apps/web.yaml", Self.privileged)
    let violation = try GitDriftExecutable.run(["policy", "check", "apps/web.yaml"], in: repo.path)
    #expect(violation.status == 1)
    let lenient = try GitDriftExecutable.run(
      ["policy", "check", "--fail-on", "critical", "apps/web.yaml"], in: repo.path)
    #expect(lenient.status == 1)
    try repo.write(
      ".drift.yml",
      KubernetesWorkload.configuration()
        + "policies:\n  - path: /spec/template/spec/containers/*/securityContext/privileged\n    severity: medium\n"
    )
    let relaxed = try GitDriftExecutable.run(["policy", "check", "apps/web.yaml"], in: repo.path)
    #expect(relaxed.status == 0, "a .drift.yml policy lowers the severity: \(relaxed.stderr)")
  }
}
