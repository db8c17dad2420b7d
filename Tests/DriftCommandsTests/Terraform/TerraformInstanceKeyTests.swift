import DriftTestSupport
import Foundation
import Testing

/// Instance keys are written as Terraform writes them (issue 20): a configuration whose
/// for_each keys hold tabs, quotes, `${`, control and non-printing characters checks in sync
/// against the state real terraform applied from it.
@Suite(.enabled(if: TerraformProject.isAvailable, "terraform is not on PATH"))
struct TerraformInstanceKeyTests {
  static let module: [(path: String, text: String)] = [
    (
      "main.tf",
      #"""
      locals {
        keys = ["$${dollar}", "%%{percent}", "tab\tkey", "quote\"q", "back\\slash", "é",
          "ctl\u0001", "nl\nx", "cr\rx", "emoji😀", "del\u007f", "nbsp\u00a0", "plain"]
      }

      resource "terraform_data" "x" {
        for_each = toset(local.keys)
        input    = { key = each.key, length = length(each.key) }
      }

      resource "terraform_data" "refers" {
        input = terraform_data.x["tab\tkey"].input.length
      }

      """#
    )
  ]

  @Test func everyKeyMatchesTheStateTerraformWrote() throws {
    let shown = try TerraformProject.apply(Self.module)
    let repo = try hclRepository(Self.module)
    let export = try writeExport(shown, in: repo)
    let result = try gitDrift("check", "--snapshot", export, "--format", "json", in: repo)
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    let report = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let summary = try #require(report["summary"] as? [String: Any])
    #expect(summary["inSync"] as? Int == 14, "\(summary)")
  }
}
