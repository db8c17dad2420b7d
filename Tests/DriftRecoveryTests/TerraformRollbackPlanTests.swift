import DriftFormats
import DriftModel
import DriftTerraform
import DriftTestSupport
import Foundation
import Testing

@testable import DriftRecovery

@Suite("rollback plans of hcl sources")
struct TerraformRollbackPlanTests {
  static let main = """
    resource "terraform_data" "web" {
      input = "a"
    }

    resource "terraform_data" "zone" {
      for_each = toset(["it's", "b"])
      input    = each.key
    }

    """

  static func drift(_ kind: DriftKind, _ address: String, line: Int?) -> Drift {
    Drift(
      kind: kind, source: "prod-tf",
      id: ResourceID(type: "terraform_data", address: address),
      location: line.map { SourceLocation(file: "infra/prod/main.tf", line: $0, column: 1) })
  }

  @Test func addressesAreQuotedForTheShellAndDestructionComesLastBehindTheConfirmation() throws {
    let drifts = [
      Self.drift(.unmanaged, "terraform_data.hand_made", line: nil),
      Self.drift(.missing, "terraform_data.zone[\"it's\"]", line: 5),
      Self.drift(.modified, "terraform_data.web", line: 1),
    ]
    let plan = RollbackPlan.terraform(drifts, source: "prod-tf", roots: ["infra/prod"]) {
      RollbackPlan.terraformBlock(
        Array(Self.main.utf8), file: "infra/prod/main.tf", address: $0.id.address)
    }
    #expect(
      plan.steps.map(\.command) == [
        "terraform -chdir=infra/prod apply -target=terraform_data.web",
        "terraform -chdir=infra/prod apply -target='terraform_data.zone[\"it'\\''s\"]'",
        "terraform -chdir=infra/prod destroy -target=terraform_data.hand_made",
      ])
    #expect(plan.steps.map(\.destructive) == [false, false, true])
    #expect(plan.steps[0].manifest == "resource \"terraform_data\" \"web\" {\n  input = \"a\"\n}")
    #expect(plan.steps[1].manifest?.hasPrefix("resource \"terraform_data\" \"zone\" {") == true)
    let script = plan.script
    #expect(try Shell.run(["sh", "-n"], stdin: script).status == 0, "valid POSIX sh")
    let echoed = try Shell.run(
      ["sh", "-c", "eval \"set -- $1\"; printf '%s' \"$4\"", "sh", plan.steps[1].command])
    #expect(echoed.stdout == "-target=terraform_data.zone[\"it's\"]", "one shell word")
    let confirmation = try #require(script.range(of: "read -r answer"))
    let destroy = try #require(script.range(of: "destroy -target"))
    #expect(confirmation.upperBound < destroy.lowerBound)
    #expect(!script.contains("GIT_DRIFT_MANIFEST"), "terraform reads no manifest on stdin")
  }
}
