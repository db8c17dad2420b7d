import DriftTestSupport
import Foundation
import Testing

/// What git-drift cannot know offline hides only itself (issue 20).
///
/// An unknown member leaves the rest of its object compared, and a resource whose for_each
/// cannot be known counts against coverage. Real terraform applies the module;
/// `plantimestamp()` and `timestamp()` are known to it at plan or apply time, never offline.
@Suite(.enabled(if: TerraformProject.isAvailable, "terraform is not on PATH"))
struct TerraformUnknownPartTests {
  static let module: [(path: String, text: String)] = [
    (
      "main.tf",
      """
      resource "terraform_data" "b" {
        input = { replicas = 3, stamped = { at = timestamp(), by = "ci" } }
      }

      resource "terraform_data" "yearly" {
        for_each = toset([substr(plantimestamp(), 0, 4)])
        input    = each.key
      }

      resource "terraform_data" "plain" {
        input = "x"
      }

      """
    )
  ]

  @Test func anUnknownMemberHidesOnlyItself() throws {
    var shown = try TerraformProject.apply(Self.module)
    // Out of band: b's replicas and its stamp's author.
    shown = shown.replacingOccurrences(of: "\"replicas\":3", with: "\"replicas\":5")
      .replacingOccurrences(of: "\"by\":\"ci\"", with: "\"by\":\"alice\"")
    let repo = try hclRepository(Self.module)
    let export = try writeExport(shown, in: repo)
    let result = try gitDrift("check", "--snapshot", export, "--format", "json", in: repo)
    #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
    let report = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let drifts = report["drifts"] as? [[String: Any]] ?? []
    let paths = drifts.flatMap { drift in
      (drift["changes"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
    }
    #expect(Set(paths) == ["/input/replicas", "/input/stamped/by"], "\(result.stdout)")
    let summary = try #require(report["summary"] as? [String: Any])
    // b and plain compared; yearly's one instance is left out, so 2 of 3.
    #expect(summary["unevaluatedResources"] as? Int == 1, "\(summary)")
    #expect(summary["coverage"] as? Double == 0.6667, "\(summary)")
  }
}
