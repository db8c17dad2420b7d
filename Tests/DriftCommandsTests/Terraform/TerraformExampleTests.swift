import DriftTerraform
import DriftTestSupport
import Foundation
import Testing

/// The bundled Terraform example (examples/terraform, run by examples/terraform-demo.sh) reports
/// exactly the out-of-band changes its live.json was edited with.
@Suite struct TerraformExampleTests {
  static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("examples/terraform")

  @Test func theExampleShowsItsFiveDrifts() throws {
    let repo = try hclRepository(
      try TerraformProject.files(of: Self.examples.appendingPathComponent("infra")),
      folder: "infra", source: "prod-terraform")
    let result = try GitDriftExecutable.run(
      ["check", "--snapshot", Self.examples.appendingPathComponent("live.json").path],
      in: repo.path)
    #expect(result.status == 1, "\(result.stderr)")
    for expected in [
      "~ module.workers[\"reports\"].terraform_data.this  infra/modules/service/main.tf:10",
      "~ /input/size: 2 -> 4", "~ /input/replicas: 3 -> 5", "+ /input/tags/owner: \"alice\"",
      "- terraform_data.queue[1]  infra/main.tf:15", "+ terraform_data.debug",
      "Drift: 2 modified, 1 missing, 1 unmanaged; 2 in sync",
    ] {
      #expect(result.stdout.contains(expected), "missing \(expected) in \(result.stdout)")
    }
  }
}
