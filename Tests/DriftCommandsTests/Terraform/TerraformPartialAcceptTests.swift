import DriftTestSupport
import Foundation
import Testing

/// `accept --partial` of Terraform works per attribute, and addresses are matched exactly first
/// (issue 18).
@Suite(.enabled(if: TerraformProject.isAvailable, "terraform is not on PATH"))
struct TerraformPartialAcceptTests {
  static let module: [(path: String, text: String)] = [
    (
      "main.tf",
      """
      variable "region" {
        type    = string
        default = "eu-west-1"
      }

      resource "terraform_data" "mixed" {
        input = {
          size = 2
          home = var.region
        }
      }

      resource "terraform_data" "other" {
        input = var.region
      }

      """
    )
  ]

  /// A repository with the module, and its real `terraform show -json` with `mixed` changed
  /// live: its literal size (writable) and its home, which flows from a variable that `other`
  /// uses too (not writable).
  static func scenario() throws -> (ScratchRepository, String) {
    let repo = try hclRepository(module)
    let shown = try TerraformProject.apply(module)
    var root = try #require(
      try JSONSerialization.jsonObject(with: Data(shown.utf8)) as? [String: Any])
    var values = try #require(root["values"] as? [String: Any])
    var rootModule = try #require(values["root_module"] as? [String: Any])
    var resources = try #require(rootModule["resources"] as? [[String: Any]])
    let index = try #require(
      resources.firstIndex { $0["address"] as? String == "terraform_data.mixed" })
    var mixed = resources[index]["values"] as? [String: Any] ?? [:]
    mixed["input"] = ["size": 5, "home": "us-east-1"]
    resources[index]["values"] = mixed
    rootModule["resources"] = resources
    values["root_module"] = rootModule
    root["values"] = values
    let file = repo.root + "/show.json"
    try JSONSerialization.data(withJSONObject: root, options: [.sortedKeys]).write(
      to: URL(fileURLWithPath: file))
    return (repo, file)
  }

  @Test func partialTakesTheWritableAttributesOfAResource() throws {
    let (repo, export) = try Self.scenario()
    defer { repo.remove() }
    let whole = try TerraformRecoveryTests.run(
      ["accept", "--snapshot", export, "terraform_data.mixed"], repo)
    #expect(whole.status == 2)
    #expect(whole.stderr.split(separator: "\n").count == 1, "\(whole.stderr)")
    let result = try TerraformRecoveryTests.run(
      ["accept", "--partial", "--snapshot", export, "terraform_data.mixed"], repo)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("terraform_data.mixed#/input/home"), "\(result.stderr)")
    let branch = try repo.git("for-each-ref", "--format=%(refname:short)", "refs/heads/drift")
    let diff = try repo.git("diff", "main.." + branch, "--", "infra/")
    #expect(diff.contains("+    size = 5"), "\(diff)")
    #expect(!diff.contains("us-east-1"), "\(diff)")
    let left = try TerraformRecoveryTests.drifts(repo, rev: branch, export: export)
    #expect(left.contains("modified terraform_data.mixed /input/home"), "\(left)")
    #expect(!left.contains("modified terraform_data.mixed /input/size"), "\(left)")
    try repo.fsck()
  }

  @Test func bracketsInAnAddressAreLiteral() throws {
    let (repo, export) = try TerraformRecoveryTests.scenario()
    defer { repo.remove() }
    let result = try TerraformRecoveryTests.run(
      ["accept", "--dry-run", "--snapshot", export, #"terraform_data.zone["a"]"#], repo)
    #expect(!result.stderr.contains("is not drifted"), "\(result.stderr)")
    #expect(result.stderr.contains(#"terraform_data.zone["a"]"#), "\(result.stderr)")
  }
}
