import DriftTestSupport
import Foundation
import Testing

/// One small test per disagreement the differential test (TerraformDifferentialTests) found
/// between git-drift and `terraform plan`; the snapshots are `terraform show -json` as
/// Terraform 1.11.4 writes it for the configuration.
@Suite struct TerraformDifferentialDefectTests {
  /// A `terraform show -json` snapshot of one `terraform_data` resource `x`.
  static func snapshot(values: String, sensitive: String = "{}") -> String {
    """
    {"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{"resources":[
    {"address":"terraform_data.x","mode":"managed","type":"terraform_data","name":"x",
    "provider_name":"terraform.io/builtin/terraform","schema_version":0,
    "values":\(values),"sensitive_values":\(sensitive)}]}}}
    """
  }

  /// The drifted addresses and pointers of `git drift check` over `module` and `snapshot`.
  static func drifts(_ module: String, _ snapshot: String) throws -> [String] {
    let repo = try hclRepository([("main.tf", module)])
    let export = try writeExport(snapshot, in: repo)
    let result = try gitDrift("check", "--snapshot", export, "--format", "json", in: repo)
    try #require(result.status != 2, "\(result.stderr)")
    var found: [String] = []
    for drift in try report(result)["drifts"] as? [[String: Any]] ?? [] {
      let address = drift["address"] as? String ?? "?"
      for change in drift["changes"] as? [[String: Any]] ?? [] {
        found.append(address + "#" + (change["path"] as? String ?? "?"))
      }
    }
    return found.sorted()
  }

  static let secretModule = """
    variable "secret" {
      type      = string
      sensitive = true
      default   = "api"
    }

    resource "terraform_data" "x" {
      input            = { user = "api", length = length(var.secret) }
      triggers_replace = [var.secret, "queue"]
    }

    """

  /// seed-24, seed-195: the state hides a clear value equal to a secret of the same resource
  /// (`user = "api"` beside the sensitive `"api"`); compared with the clear configured value it
  /// was a change terraform does not plan.
  @Test func aClearValueEqualToASecretOfItsResourceIsNotDrift() throws {
    let values = """
      {"id":"1","input":{"length":3,"user":"api"},"output":{"length":3,"user":"api"},
      "triggers_replace":["api","queue"]}
      """
    let sensitive = #"{"input":{"length":true},"output":{},"triggers_replace":[true,false]}"#
    #expect(
      try Self.drifts(Self.secretModule, Self.snapshot(values: values, sensitive: sensitive)) == [])
    // Changed out of band, it is still drift.
    let changed = values.replacingOccurrences(of: #""user":"api"}"#, with: #""user":"root"}"#)
      .replacingOccurrences(
        of: #"{"length":3,"user":"api"},"output""#, with: #"{"length":3,"user":"root"},"output""#)
    #expect(
      try Self.drifts(Self.secretModule, Self.snapshot(values: changed, sensitive: sensitive))
        == ["terraform_data.x#/input/user"])
  }

  static let ignoringModule = """
    resource "terraform_data" "x" {
      input            = { a = 1, b = "two" }
      triggers_replace = ["edge"]
      lifecycle {
        ignore_changes = [input]
      }
    }

    """

  /// seed-87: a changed `triggers_replace` replaces the resource, and terraform makes the new
  /// one from the configuration, `ignore_changes` or not: the ignored input is planned too.
  @Test func ignoreChangesDoesNotHoldWhenTheResourceIsReplaced() throws {
    let ignoredOnly = #"{"id":"1","input":{"a":1},"output":{"a":1},"triggers_replace":["edge"]}"#
    #expect(try Self.drifts(Self.ignoringModule, Self.snapshot(values: ignoredOnly)) == [])
    let replaced = #"{"id":"1","input":{"a":1},"output":{"a":1},"triggers_replace":["oob"]}"#
    #expect(
      try Self.drifts(Self.ignoringModule, Self.snapshot(values: replaced))
        == ["terraform_data.x#/input/b", "terraform_data.x#/triggers_replace/0"])
  }

  /// seed-32 and others: `terraform_data`'s input is of dynamic type, so a number that became
  /// the string that spells it is a change terraform plans (a provider's typed attribute would
  /// convert it; this one keeps it).
  @Test func aNumberIsNotTheStringThatSpellsItInADynamicAttribute() throws {
    let module = "resource \"terraform_data\" \"x\" {\n  input = { n = 2, f = 1.5, b = true }\n}\n"
    let same =
      #"{"id":"1","input":{"b":true,"f":1.5,"n":2.0},"output":null,"triggers_replace":null}"#
    #expect(try Self.drifts(module, Self.snapshot(values: same)) == [])
    let spelled =
      #"{"id":"1","input":{"b":"true","f":"1.5","n":"2"},"output":null,"triggers_replace":null}"#
    #expect(
      try Self.drifts(module, Self.snapshot(values: spelled))
        == ["terraform_data.x#/input/b", "terraform_data.x#/input/f", "terraform_data.x#/input/n"])
  }

  /// seed-364: an object in a list of a dynamic attribute is a value, not a nested block with
  /// provider defaults, so a member added out of band is a change terraform plans.
  @Test func aMemberAddedToAnObjectInAListOfADynamicAttributeIsDrift() throws {
    let module = "resource \"terraform_data\" \"x\" {\n  input = [{ name = \"solo\" }]\n}\n"
    let added =
      #"{"id":"1","input":[{"name":"solo","oob":"added"}],"output":null,"triggers_replace":null}"#
    #expect(
      try Self.drifts(module, Self.snapshot(values: added)) == ["terraform_data.x#/input/0/oob"])
  }
}
