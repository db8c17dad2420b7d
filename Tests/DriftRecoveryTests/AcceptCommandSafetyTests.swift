import DriftTestSupport
import Foundation
import Testing

/// What the `accept` command adds to the engine: the place of the pull-request body is checked
/// before anything is written, and a refusal is one line on stderr with exit status 2.
@Suite("accept command: fails before writing, one line, exit 2")
struct AcceptCommandSafetyTests {
  @Test("--pr-body to a place that cannot be written fails before any branch is written")
  func unwritablePullRequestBody() throws {
    let (repo, export) = try RecoveryCommandTests.scenario()
    defer { repo.remove() }
    let result = try RecoveryCommandTests.run(
      ["accept", "--snapshot", export, "--pr-body", repo.root + "/no/such/folder/body.md"], repo)
    #expect(result.status == 2)
    #expect(result.stderr.hasPrefix("git-drift: cannot write"), "\(result.stderr)")
    #expect(result.stderr.split(separator: "\n").count == 1)
    #expect(try repo.git("branch", "--list", "drift/*").isEmpty)
    try repo.fsck()
  }

  @Test("a missing resource not named is refused; named, it is removed")
  func missingOnlyWhenNamed() throws {
    let (repo, export) = try RecoveryCommandTests.scenario()
    defer { repo.remove() }
    let missing = "Deployment.apps/prod/app-0004"
    let named = try RecoveryCommandTests.run(["accept", "--snapshot", export, missing], repo)
    #expect(named.status == 0, "\(named.stderr)")
    #expect(named.stdout.contains("### Missing resources removed"))
    #expect(named.stdout.contains("`\(missing)`"))
    let glob = try RecoveryCommandTests.run(
      ["accept", "--snapshot", export, "--dry-run", "Deployment.apps/prod/app-*"], repo)
    #expect(glob.stderr.contains("\(missing): missing live; removed from git only when named"))
    try repo.fsck()
  }
}
