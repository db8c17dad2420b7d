import DriftTerraform
import DriftTestSupport
import Foundation
import Testing

/// Provider resources with nested blocks, sets, maps, JSON policy strings and sensitive
/// arguments: the configuration in Tests/Fixtures/terraform/config/aws against the hand-checked
/// `terraform show -json` excerpt in Tests/Fixtures/terraform/aws (no provider needed).
@Suite struct TerraformProviderResourceTests {
  static let fixtures = TerraformProject.fixtures

  static func repository() throws -> ScratchRepository {
    try hclRepository(
      try TerraformProject.files(of: fixtures.appendingPathComponent("config/aws")),
      folder: "infra", source: "aws")
  }

  static func state(_ edit: (inout String) -> Void = { _ in }) throws -> String {
    var text = try String(
      contentsOf: fixtures.appendingPathComponent("aws/show-state.json"), encoding: .utf8)
    edit(&text)
    return text
  }

  static func check(_ repo: ScratchRepository, _ state: String) throws -> (Int32, String) {
    let file = repo.root + "/state.json"
    try Data(state.utf8).write(to: URL(fileURLWithPath: file))
    let result = try GitDriftExecutable.run(
      ["check", "--snapshot", file, "--format", "json"], in: repo.path)
    // Only the note that a saved state is not refreshed.
    let lines = result.stderr.split(separator: "\n")
    #expect(
      lines.count == 1 && lines[0].contains("note: source 'aws': this is Terraform's saved state"),
      "\(result.stderr)")
    return (result.status, result.stdout)
  }

  static func changes(_ report: String) throws -> [String: String] {
    let object = try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any]
    var found: [String: String] = [:]
    for drift in object?["drifts"] as? [[String: Any]] ?? [] {
      for change in drift["changes"] as? [[String: Any]] ?? [] {
        let key = "\(drift["address"] ?? "") \(change["path"] ?? "")"
        found[key] = "\(drift["file"] ?? ""):\(change["line"] ?? "") \(change["severity"] ?? "")"
      }
    }
    return found
  }

  @Test func defaultsComputedAttributesRuleOrderAndTagsAllAreNotDrift() throws {
    let repo = try Self.repository()
    let (status, report) = try Self.check(repo, try Self.state())
    #expect(status == 0, "\(report)")
    #expect(report.contains("\"inSync\": 5"), "\(report)")
  }

  @Test func outOfBandEditsInNestedBlocksSetsMapsPoliciesAndSecrets() throws {
    let repo = try Self.repository()
    let edited = try Self.state { text in
      // SSH opened to the world, by hand.
      text = text.replacingOccurrences(of: #""10.0.0.0/16""#, with: #""0.0.0.0/0""#)
      text = text.replacingOccurrences(of: #""Team": "platform""#, with: #""Team": "data""#)
      text = text.replacingOccurrences(of: #""encrypted": true"#, with: #""encrypted": false"#)
      text = text.replacingOccurrences(
        of: #"\"s3:GetObject\"]"#, with: #"\"s3:GetObject\",\"s3:DeleteObject\"]"#)
      text = text.replacingOccurrences(
        of: "correct-horse-battery-staple", with: "reset-by-the-dba")
    }
    let (status, report) = try Self.check(repo, edited)
    #expect(status == 1)
    let changes = try Self.changes(report)
    #expect(
      Set(changes.keys) == [
        "module.network.aws_security_group.web /ingress/0/cidr_blocks/0",
        "aws_instance.web[0] /tags/Team",
        "aws_instance.web[0] /root_block_device/0/encrypted",
        "aws_iam_policy.deploy /policy",
        "module.network.aws_db_instance.main /password",
      ], "\(report)")
    let module = try String(
      contentsOf: Self.fixtures.appendingPathComponent("config/aws/modules/network/main.tf"),
      encoding: .utf8
    ).split(separator: "\n", omittingEmptySubsequences: false)
    let line = try #require(module.firstIndex { $0.contains("[\"10.0.0.0/16\"]") }) + 1
    #expect(
      changes["module.network.aws_security_group.web /ingress/0/cidr_blocks/0"]
        == "infra/modules/network/main.tf:\(line) critical", "SSH open to the world")
    #expect(!report.contains("reset-by-the-dba"))
    #expect(!report.contains("correct-horse"))
  }
}
