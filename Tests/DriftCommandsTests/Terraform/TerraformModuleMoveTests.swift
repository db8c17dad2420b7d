import DriftTestSupport
import Foundation
import Testing

/// `moved` blocks of whole modules (issue 20): a state applied before the rename checks in
/// sync against the configuration after it, as `terraform plan` plans only the moves.
@Suite(.enabled(if: TerraformProject.isAvailable, "terraform is not on PATH"))
struct TerraformModuleMoveTests {
  static let child: (path: String, text: String) = (
    "modules/app/main.tf",
    """
    variable "name" { type = string }

    resource "terraform_data" "this" {
      input = { name = var.name }
    }

    resource "terraform_data" "replicas" {
      count = 2
      input = "${var.name}-${count.index}"
    }

    """
  )

  static let before: [(path: String, text: String)] = [
    child,
    (
      "main.tf",
      """
      module "old" {
        source   = "./modules/app"
        for_each = toset(["a", "b"])
        name     = each.key
      }

      module "legacy" {
        source = "./modules/app"
        name   = "legacy"
      }

      module "pick" {
        source   = "./modules/app"
        for_each = toset(["x"])
        name     = "picked"
      }

      """
    ),
  ]

  static let after: [(path: String, text: String)] = [
    child,
    (
      "main.tf",
      """
      module "apps" {
        source   = "./modules/app"
        for_each = toset(["a", "b"])
        name     = each.key
      }

      moved {
        from = module.old
        to   = module.apps
      }

      module "current" {
        source = "./modules/app"
        name   = "legacy"
      }

      moved {
        from = module.legacy
        to   = module.current
      }

      module "single" {
        source = "./modules/app"
        name   = "picked"
      }

      moved {
        from = module.pick["x"]
        to   = module.single
      }

      """
    ),
  ]

  @Test func aStateFromBeforeTheRenameIsInSync() throws {
    let shown = try TerraformProject.apply(Self.before)
    let repo = try hclRepository(Self.after)
    let export = try writeExport(shown, in: repo)
    let result = try gitDrift("check", "--snapshot", export, "--format", "json", in: repo)
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    let report = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let summary = try #require(report["summary"] as? [String: Any])
    #expect(summary["inSync"] as? Int == 12, "\(summary)")
    #expect(summary["missing"] as? Int == 0 && summary["unmanaged"] as? Int == 0, "\(summary)")
  }
}
