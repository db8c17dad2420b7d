import DriftTestSupport
import Foundation
import Testing

/// Numbers through a whole check against real terraform (issue 20): a freshly applied state of
/// a configuration full of big and fractional numbers is in sync, and for_each keys spelled
/// from big numbers are the keys terraform wrote.
@Suite(.enabled(if: TerraformProject.isAvailable, "terraform is not on PATH"))
struct TerraformNumberCheckTests {
  static let module = """
    locals {
      big = [12345678901234567890, 9007199254740993]
    }

    resource "terraform_data" "numbers" {
      input = {
        sum      = 0.1 + 0.2
        exact    = 9007199254740993
        third    = 1 / 3
        product  = 12345678901234567890 * 3
        text     = "v${0.1 + 0.2}"
        digits   = format("%d", 12345678901234567890)
        fraction = format("%.2f", 2 / 3)
      }
    }

    resource "terraform_data" "keyed" {
      for_each = { for n in local.big : tostring(n) => n }
      input    = each.value + 1
    }

    """

  @Test func aFreshlyAppliedStateOfBigNumbersIsInSync() throws {
    let shown = try TerraformProject.apply([("main.tf", Self.module)])
    #expect(shown.contains(#""12345678901234567890""#), "the keys terraform wrote")

    let repo = try hclRepository([("main.tf", Self.module)])
    let export = try writeExport(shown, in: repo)
    let result = try gitDrift("check", "--snapshot", export, in: repo)
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")

    // One more than terraform applied, in the last digit only: drift a double would not see.
    let edited = shown.replacingOccurrences(
      of: #""exact":9007199254740993"#, with: #""exact":9007199254740994"#)
    #expect(edited != shown)
    let drifted = try gitDrift(
      "check", "--snapshot", try writeExport(edited, in: repo, name: "edited.json"), in: repo)
    #expect(drifted.status == 1, "\(drifted.stdout)\(drifted.stderr)")
    #expect(drifted.stdout.contains("exact"), "\(drifted.stdout)")
  }
}
