import DriftFormats
import DriftHistory
import DriftJSON
import DriftModel
import DriftTestSupport
import Foundation
import Git
import Testing

/// A Terraform configuration over a long history is evaluated once per distinct configuration
/// (issue 23: 489 commits of a root module at the top of its repository took 12.7 s, one
/// evaluation per commit, since every commit changed the top tree).
@Suite("history: Terraform evaluations cached by what they read")
struct TerraformEvaluationCacheTests {
  static let configuration = """
    resource "terraform_data" "policy" {
      input = file("${path.module}/policy.json")
    }

    resource "terraform_data" "plain" {
      input = "v1"
    }

    """

  /// A root module at the top of the repository, then `quiet` commits that touch only a README
  /// and a subfolder, then one that changes the file `file()` reads, then `quiet` more.
  static func repository(quiet: Int) throws -> ScratchRepository {
    let repo = try ScratchRepository()
    try repo.write(
      ".drift.yml", "version: 1\nsources:\n  - name: infra\n    format: hcl\n    paths: [\".\"]\n")
    try repo.write("main.tf", configuration)
    try repo.write("policy.json", "{\"version\": 1}\n")
    try repo.commit("infrastructure", date: "2026-11-01T00:00:00Z")
    var hour = 1
    func touch() throws {
      try repo.write("README.md", "hour \(hour)\n")
      try repo.write("examples/simple/notes.md", "hour \(hour)\n")
      try repo.commit("docs \(hour)", date: "2026-11-01T\(String(format: "%02d", hour)):00:00Z")
      hour += 1
    }
    for _ in 0..<quiet { try touch() }
    try repo.write("policy.json", "{\"version\": 2}\n")
    try repo.commit("policy v2", date: "2026-11-01T\(String(format: "%02d", hour)):00:00Z")
    hour += 1
    for _ in 0..<quiet { try touch() }
    return repo
  }

  @Test("commits that change no declaration reuse the evaluation; a file() input does not")
  func oneEvaluationPerDistinctConfiguration() throws {
    let quiet = 10
    let repo = try Self.repository(quiet: quiet)
    let repository = try Repository(path: repo.path)
    let history = DesiredHistory(
      repository: repository, tip: try repository.resolveCommit("HEAD"),
      secrets: SecretDigester(key: Array(repeating: UInt8(1), count: 32)))
    let source = SourceConfiguration(name: "infra", format: "hcl", paths: ["."])
    var inputs: [Value?] = []
    for age in 0...(2 * quiet + 1) {
      let header = try #require(try history.header(age: age))
      let index = try history.index(of: source, at: header)
      #expect(index["terraform_data.plain"] != nil)
      inputs.append(index["terraform_data.policy"]?.resource.body["input"])
    }
    #expect(history.configurationEvaluations == 2)
    #expect(inputs.first == .string("{\"version\": 2}\n"))
    #expect(inputs.last == .string("{\"version\": 1}\n"))
    #expect(inputs.filter { $0 == .string("{\"version\": 2}\n") }.count == quiet + 1)
    try repo.fsck()
  }

  /// `for_each = fileset(...)` reads the names in the folders it globs: a file added there is
  /// a new instance at that commit, a commit that changes only what a file holds or another
  /// folder reuses the evaluation.
  @Test("a file added in git is a new instance of a for_each over fileset")
  func filesetFollowsTheCommittedNames() throws {
    let repo = try ScratchRepository()
    try repo.write(
      ".drift.yml", "version: 1\nsources:\n  - name: infra\n    format: hcl\n    paths: [\".\"]\n")
    try repo.write(
      "main.tf",
      "resource \"terraform_data\" \"site\" {\n  for_each = fileset(path.module, \"sites/**\")\n"
        + "  input    = each.key\n}\n")
    try repo.write("sites/a.conf", "a\n")
    try repo.commit("one site", date: "2026-11-01T00:00:00Z")
    try repo.write("sites/a.conf", "a, changed\n")
    try repo.write("README.md", "docs\n")
    try repo.commit("contents only", date: "2026-11-01T01:00:00Z")
    try repo.write("sites/eu/b.conf", "b\n")
    try repo.commit("a second site", date: "2026-11-01T02:00:00Z")
    let repository = try Repository(path: repo.path)
    let history = DesiredHistory(
      repository: repository, tip: try repository.resolveCommit("HEAD"),
      secrets: SecretDigester(key: Array(repeating: UInt8(1), count: 32)))
    let source = SourceConfiguration(name: "infra", format: "hcl", paths: ["."])
    var instances: [[String]] = []
    for age in 0...2 {
      let header = try #require(try history.header(age: age))
      instances.append(try history.index(of: source, at: header).keys.sorted())
    }
    #expect(
      instances == [
        ["terraform_data.site[\"sites/a.conf\"]", "terraform_data.site[\"sites/eu/b.conf\"]"],
        ["terraform_data.site[\"sites/a.conf\"]"],
        ["terraform_data.site[\"sites/a.conf\"]"],
      ])
    #expect(history.configurationEvaluations == 2)
    try repo.fsck()
  }
}
