import DriftTestSupport
import Foundation
import Testing

/// Every bad input gives one line on stderr, `git-drift: FILE:LINE:COL: message` where a file
/// is involved, exit status 2, nothing on stdout and no report file.
@Suite("check: bad input")
struct BadInputTests {
  static let deployment = """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      replicas: 2
    """

  /// Runs check with `--output` and asserts the failure contract; returns the stderr line.
  func failure(
    _ repo: ScratchRepository, _ arguments: [String] = [], snapshot: String? = nil
  ) throws -> String {
    let live =
      try snapshot ?? writeExport(#"{"apiVersion":"v1","kind":"List","items":[]}"#, in: repo)
    let target = repo.root + "/report.json"
    let result = try GitDriftExecutable.run(
      ["check", "--snapshot", live, "--output", target] + arguments, in: repo.path)
    #expect(result.status == 2, "stdout: \(result.stdout) stderr: \(result.stderr)")
    #expect(result.stdout.isEmpty)
    let lines = result.stderr.split(separator: "\n")
    #expect(lines.count == 1, "one line on stderr, got: \(result.stderr)")
    #expect(result.stderr.hasPrefix("git-drift: "))
    #expect(!FileManager.default.fileExists(atPath: target), "nothing half-written")
    return result.stderr.trimmingCharacters(in: .newlines)
  }

  @Test func malformedManifestYAML() throws {
    let repo = try gitOpsRepository(files: [
      ("apps/web.yaml", "apiVersion: v1\nkind: [ConfigMap\nmetadata: {}\n")
    ])
    let line = try failure(repo)
    #expect(line.hasPrefix("git-drift: apps/web.yaml:3:"), "\(line)")
    #expect(line.contains("invalid YAML"))
  }

  @Test func malformedSnapshotJSON() throws {
    let repo = try gitOpsRepository(files: [("apps/web.yaml", Self.deployment)])
    let live = try writeExport(
      "{\n  \"apiVersion\": \"v1\",\n  \"items\": [\n    {\"kind\": }\n", in: repo)
    let line = try failure(repo, snapshot: live)
    #expect(line.hasPrefix("git-drift: \(live):4:14: invalid JSON"), "\(line)")
  }

  @Test("a manifest over 64 MiB is refused before it is read")
  func hugeManifest() throws {
    let line = "# a hostile manifest pads itself with comments past the limit\n"
    let count = (64 << 20) / line.utf8.count + 1
    let repo = try gitOpsRepository(files: [
      ("apps/web.yaml", Self.deployment), ("apps/huge.yaml", String(repeating: line, count: count)),
    ])
    #expect(
      try failure(repo)
        == "git-drift: apps/huge.yaml: file is \(count * line.utf8.count) bytes, more than the "
        + "64 MiB limit")
  }

  @Test("of several malformed manifests read on all cores, the first in file order is reported")
  func firstMalformedManifestInFileOrder() throws {
    var files = (0..<40).map {
      (
        path: String(format: "apps/app-%02d.yaml", $0),
        contents: Self.deployment.replacingOccurrences(of: "name: web", with: "name: web-\($0)")
      )
    }
    files[3].contents = "apiVersion: v1\nkind: ConfigMap\nmetadata: [x\n"
    files[37].contents = "apiVersion: v1\nmetadata:\n  name: nokind\n"
    let line = try failure(try gitOpsRepository(files: files))
    #expect(line.hasPrefix("git-drift: apps/app-03.yaml:"), "\(line)")
  }

  @Test func manifestWithoutKind() throws {
    let repo = try gitOpsRepository(files: [
      ("apps/web.yaml", "# a comment\napiVersion: v1\nmetadata:\n  name: x\n")
    ])
    let line = try failure(repo)
    #expect(line == "git-drift: apps/web.yaml:2:1: Kubernetes object has no kind")
  }

  @Test func manifestWithoutName() throws {
    let repo = try gitOpsRepository(files: [
      ("apps/web.yaml", "---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {a: b}\n")
    ])
    let line = try failure(repo)
    #expect(line == "git-drift: apps/web.yaml:3:1: ConfigMap has no metadata.name")
  }

  @Test func resourceDeclaredTwice() throws {
    let repo = try gitOpsRepository(files: [
      ("apps/a.yaml", Self.deployment), ("apps/b.yaml", "---\n" + Self.deployment),
    ])
    let line = try failure(repo)
    #expect(
      line
        == "git-drift: apps/b.yaml:2:1: Deployment.apps/prod/web is declared twice (first at apps/a.yaml:1:1)"
    )
  }

  @Test func unknownRevision() throws {
    let repo = try gitOpsRepository(files: [("apps/web.yaml", Self.deployment)])
    let line = try failure(repo, ["--rev", "no-such-branch"])
    #expect(line.hasPrefix("git-drift: unknown revision 'no-such-branch'"), "\(line)")
  }

  @Test func missingSnapshotFile() throws {
    let repo = try gitOpsRepository(files: [("apps/web.yaml", Self.deployment)])
    let line = try failure(repo, snapshot: repo.root + "/nope.json")
    #expect(line == "git-drift: cannot read '\(repo.root)/nope.json': No such file or directory")
  }

  @Test func snapshotThatIsNotKubernetes() throws {
    let repo = try gitOpsRepository(files: [("apps/web.yaml", Self.deployment)])
    let live = try writeExport(
      #"{"version": 4, "terraform_version": "1.5.7", "resources": []}"#, in: repo)
    let line = try failure(repo, snapshot: live)
    #expect(line.hasPrefix("git-drift: \(live):1:1: not Kubernetes output"), "\(line)")
  }

  @Test func globThatMatchesNothing() throws {
    let repo = try gitOpsRepository(
      files: [("apps/web.yaml", Self.deployment)], paths: "[\"deploy/**/*.yaml\"]")
    let line = try failure(repo)
    #expect(
      line
        == "git-drift: .drift.yml:3:5: source 'prod-k8s': paths 'deploy/**/*.yaml' match no file in this commit"
    )
  }

  @Test func yamlAliasBomb() throws {
    var bomb =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n  a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    for level in 1...9 {
      let refs = Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ",")
      bomb += "  a\(level): &a\(level) [\(refs)]\n"
    }
    let repo = try gitOpsRepository(files: [("apps/bomb.yaml", bomb)])
    let line = try failure(repo)
    #expect(line.hasPrefix("git-drift: apps/bomb.yaml:"), "\(line)")
    #expect(line.contains("alias"))
  }

  @Test func absurdNestingInSnapshot() throws {
    let repo = try gitOpsRepository(files: [("apps/web.yaml", Self.deployment)])
    let live = try writeExport(String(repeating: "[", count: 100_000), in: repo)
    let line = try failure(repo, snapshot: live)
    #expect(line.hasPrefix("git-drift: \(live):1:"), "\(line)")
    #expect(line.contains("nesting deeper than"))
  }

  @Test func absurdNestingInManifest() throws {
    let nested =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata: "
      + String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000) + "\n"
    let repo = try gitOpsRepository(files: [("apps/deep.yaml", nested)])
    let line = try failure(repo)
    #expect(line.hasPrefix("git-drift: apps/deep.yaml:"), "\(line)")
  }

  @Test func badConfiguration() throws {
    let repo = try gitOpsRepository(
      files: [("apps/web.yaml", Self.deployment)],
      extraConfig: "policies:\n  - path: /spec/replicas\n    severity: urgent\n")
    let line = try failure(repo)
    #expect(
      line
        == "git-drift: .drift.yml:9:5: unknown severity 'urgent' (known: info, low, medium, high, critical)"
    )
  }

  @Test func unknownSource() throws {
    let repo = try gitOpsRepository(files: [("apps/web.yaml", Self.deployment)])
    let line = try failure(repo, ["--source", "staging"])
    #expect(line == "git-drift: unknown source 'staging' (sources in .drift.yml: prod-k8s)")
  }

  @Test func notARepository() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "not-a-repo-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try GitDriftExecutable.run(
      ["check", "--snapshot", "x.json"], in: folder.path,
      env: ["GIT_CEILING_DIRECTORIES": folder.deletingLastPathComponent().path])
    #expect(result.status == 2)
    #expect(result.stderr.hasPrefix("git-drift: not a git repository"), "\(result.stderr)")
  }

  @Test func usageErrorsKeepTheParsersStatus() throws {
    let repo = try gitOpsRepository(files: [("apps/web.yaml", Self.deployment)])
    let result = try GitDriftExecutable.run(["check", "--format", "yaml"], in: repo.path)
    #expect(result.status == 64)
  }
}
