import DriftTerraform
import DriftTestSupport
import Foundation
import Testing

/// Bad Terraform input: one line on stderr with file:line:column, exit 2, no report file.
@Suite("check: bad Terraform input")
struct TerraformBadInputTests {
  static let main = """
    variable "size" {
      default = 2
    }

    resource "terraform_data" "app" {
      input = { size = var.size }
    }

    """

  static let state = """
    {"format_version": "1.0", "terraform_version": "1.11.4", "values": {"root_module": {
      "resources": [{"address": "terraform_data.app", "mode": "managed",
        "type": "terraform_data", "name": "app", "provider_name": "terraform.io/builtin/terraform",
        "values": {"id": "1", "input": {"size": 2}, "output": {"size": 2}},
        "sensitive_values": {}}]}}}
    """

  static func repository(main: String = main, paths: String = "infra") throws
    -> ScratchRepository
  {
    let repo = try ScratchRepository()
    try repo.write(
      ".drift.yml",
      "version: 1\nsources:\n  - name: tf\n    format: hcl\n    paths: [\"\(paths)\"]\n")
    try repo.write("infra/main.tf", main)
    try repo.commit("infrastructure", date: "2026-11-01T10:00:00Z")
    return repo
  }

  func failure(_ repo: ScratchRepository, state: String = state) throws -> String {
    let live = repo.root + "/show.json"
    try Data(state.utf8).write(to: URL(fileURLWithPath: live))
    let target = repo.root + "/report.json"
    let result = try GitDriftExecutable.run(
      ["check", "--snapshot", live, "--output", target], in: repo.path)
    #expect(result.status == 2, "stdout: \(result.stdout) stderr: \(result.stderr)")
    #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: target), "nothing half-written")
    return result.stderr.trimmingCharacters(in: .newlines)
  }

  @Test func inSyncStateGivesNoDrift() throws {
    let repo = try Self.repository()
    let live = repo.root + "/show.json"
    try Data(Self.state.utf8).write(to: URL(fileURLWithPath: live))
    let result = try GitDriftExecutable.run(["check", "--snapshot", live], in: repo.path)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.hasPrefix("No drift: 1 resources in sync"), "\(result.stdout)")
  }

  @Test func hclSyntaxErrorNamesFileLineAndColumn() throws {
    let repo = try Self.repository(
      main: "resource \"terraform_data\" \"app\" {\n  input = [1,\n}\n")
    let line = try failure(repo)
    #expect(line.hasPrefix("git-drift: infra/main.tf:3:1: "), "\(line)")
  }

  @Test func unsupportedStateVersion() throws {
    let repo = try Self.repository()
    let line = try failure(repo, state: "{\n  \"version\": 3,\n  \"serial\": 1\n}\n")
    #expect(line.hasSuffix("unsupported state version 3 (git-drift reads version 4)"), "\(line)")
    #expect(line.contains("show.json:2:"), "\(line)")
  }

  @Test func aStateOfAnotherRootModule() throws {
    let repo = try Self.repository()
    let other = Self.state.replacingOccurrences(of: "terraform_data.app", with: "terraform_data.db")
      .replacingOccurrences(of: "\"name\": \"app\"", with: "\"name\": \"db\"")
    let line = try failure(repo, state: other)
    #expect(line.contains("none of the 1 addresses of the live state"), "\(line)")
    #expect(line.contains("terraform_data.db"))
  }

  @Test func aPathThatIsNotAFolder() throws {
    let repo = try Self.repository(paths: "infra/prod")
    let line = try failure(repo)
    #expect(line.contains("'infra/prod' is not a folder of this commit"), "\(line)")
  }

  @Test func anExpressionThatCannotBeEvaluated() throws {
    let repo = try Self.repository(
      main: "resource \"terraform_data\" \"app\" {\n  input = 1 + \"x\"\n}\n")
    let line = try failure(repo)
    #expect(line.hasPrefix("git-drift: infra/main.tf:2:"), "\(line)")
  }
}

/// A root module at the top of the repository (`paths: ["."]`), with a local module.
@Suite("hcl source at the repository root")
struct TerraformRootFolderTests {
  static let files: [(path: String, text: String)] = [
    (
      "main.tf",
      "module \"app\" {\n  source = \"./modules/app\"\n}\n\nresource \"terraform_data\" \"web\" {\n"
        + "  input = \"web:1.0\"\n}\n"
    ),
    ("modules/app/main.tf", "resource \"terraform_data\" \"this\" {\n  input = 2\n}\n"),
  ]

  static let state = """
    {"format_version": "1.0", "values": {"root_module": {
      "resources": [{"address": "terraform_data.web", "mode": "managed",
        "type": "terraform_data", "name": "web",
        "values": {"id": "1", "input": "web:2.0", "output": "web:2.0"}, "sensitive_values": {}}],
      "child_modules": [{"address": "module.app", "resources": [{
        "address": "module.app.terraform_data.this", "mode": "managed",
        "type": "terraform_data", "name": "this",
        "values": {"id": "2", "input": 2, "output": 2}, "sensitive_values": {}}]}]}}}
    """

  @Test func checkAndAcceptWorkOnARootAtTheTop() throws {
    let repo = try hclRepository(Self.files, folder: ".", source: "top")
    let live = repo.root + "/show.json"
    try Data(Self.state.utf8).write(to: URL(fileURLWithPath: live))
    let check = try GitDriftExecutable.run(["check", "--snapshot", live], in: repo.path)
    #expect(check.status == 1, "\(check.stderr)")
    #expect(check.stdout.contains("~ terraform_data.web  main.tf:5"), "\(check.stdout)")
    #expect(check.stdout.contains("1 in sync"), "\(check.stdout)")
    let accept = try GitDriftExecutable.run(
      ["accept", "--snapshot", live, "--branch", "drift/web"], in: repo.path)
    #expect(accept.status == 0, "\(accept.stderr)")
    #expect(try repo.git("show", "drift/web:main.tf").contains("input = \"web:2.0\""))
    let after = try GitDriftExecutable.run(
      ["check", "--rev", "drift/web", "--snapshot", live], in: repo.path)
    #expect(after.status == 0, "\(after.stdout)")
    try repo.fsck()
  }
}
