import DriftTestSupport
import Foundation
import Testing

/// A live value that does not fit what the configuration does with it makes that attribute
/// unknown, never an exit 2 for the whole check (issue 20): the report appears exactly when
/// there is drift.
@Suite(.enabled(if: TerraformProject.isAvailable, "terraform is not on PATH"))
struct TerraformLiveValueErrorTests {
  static let module: [(path: String, text: String)] = [
    (
      "main.tf",
      """
      resource "terraform_data" "a" {
        input = { size = 2, name = "a" }
      }

      resource "terraform_data" "b" {
        input = { size = terraform_data.a.output.size + 1, name = "b" }
      }

      resource "terraform_data" "c" {
        input = upper(terraform_data.a.output.name)
      }

      resource "terraform_data" "d" {
        input = "plain"
      }

      """
    )
  ]

  /// Real `terraform show -json`, with `a.output` replaced by `output` (what a provider
  /// upgrade or an out-of-band edit left) and `d.input` drifted.
  static func export(output: Any) throws -> String {
    let shown = try TerraformProject.apply(module)
    var root = try #require(
      try JSONSerialization.jsonObject(with: Data(shown.utf8)) as? [String: Any])
    var values = try #require(root["values"] as? [String: Any])
    var module = try #require(values["root_module"] as? [String: Any])
    var resources = try #require(module["resources"] as? [[String: Any]])
    for index in resources.indices {
      var attributes = try #require(resources[index]["values"] as? [String: Any])
      switch resources[index]["name"] as? String {
      case "a": attributes["output"] = output
      case "d":
        attributes["input"] = "edited"
        attributes["output"] = "edited"
      default: break
      }
      resources[index]["values"] = attributes
    }
    module["resources"] = resources
    values["root_module"] = module
    root["values"] = values
    return String(decoding: try JSONSerialization.data(withJSONObject: root), as: UTF8.self)
  }

  @Test(arguments: ["a string where an object was", "an attribute deleted"])
  func theAttributeIsUnknownAndTheRestIsCompared(change: String) throws {
    let output: Any = change.hasPrefix("a string") ? "oops" : ["name": "a"]
    let repo = try hclRepository(Self.module)
    let export = try writeExport(try Self.export(output: output), in: repo)
    let result = try gitDrift("check", "--snapshot", export, "--format", "json", in: repo)
    #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
    let report = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let drifted = (report["drifts"] as? [[String: Any]] ?? []).compactMap {
      $0["address"] as? String
    }
    #expect(drifted == ["terraform_data.d"], "\(result.stdout)")
    let summary = try #require(report["summary"] as? [String: Any])
    #expect((summary["unevaluated"] as? Int ?? 0) >= 1, "\(summary)")
  }
}
