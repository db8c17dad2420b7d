import DriftTestSupport
import Foundation
import Testing

@Suite("rollback plans never carry Secret data")
struct RollbackSecretTests {
  static let desired = """
    apiVersion: v1
    kind: Secret
    metadata:
      name: db
      namespace: prod
    stringData:
      password: canary-desired-string
    data:
      token: Y2FuYXJ5LWRlc2lyZWQtZGF0YQ==

    """

  static let live = """
    {"apiVersion": "v1", "kind": "List", "items": [
      {"apiVersion": "v1", "kind": "Secret",
       "metadata": {"name": "db", "namespace": "prod", "uid": "1", "resourceVersion": "2"},
       "data": {"password": "Y2FuYXJ5LWxpdmU=", "token": "Y2FuYXJ5LWxpdmUtdG9rZW4="}}
    ]}
    """

  @Test(
    "every format of the plan pipes the Secret's file from git",
    arguments: ["markdown", "json", "script"])
  func noSecretInThePlan(format: String) throws {
    let repo = try ScratchRepository()
    try repo.write(
      ".drift.yml",
      "version: 1\nsources:\n  - name: prod\n    format: kubernetes\n    paths: [\"apps/*.yaml\"]\n"
    )
    try repo.write("apps/db.yaml", Self.desired)
    let commit = try repo.commit("a secret", date: "2026-11-01T10:00:00Z")
    let export = repo.root + "/live.json"
    try Data(Self.live.utf8).write(to: URL(fileURLWithPath: export))
    let result = try GitDriftExecutable.run(
      ["rollback", "--snapshot", export, "--format", format, "--no-branch"], in: repo.path)
    #expect(result.status == 0, "\(result.stderr)")
    for canary in ["canary", "Y2FuYXJ5"] {
      #expect(!result.stdout.contains(canary), "\(result.stdout)")
      #expect(!result.stderr.contains(canary))
    }
    #expect(
      result.stdout.contains(
        "git show \(commit.trimmingCharacters(in: .whitespacesAndNewlines)):apps/db.yaml | kubectl apply"
      ), "\(result.stdout)")
  }
}
