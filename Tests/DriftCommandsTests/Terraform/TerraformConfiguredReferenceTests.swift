import DriftTestSupport
import Foundation
import Testing

/// A reference to another resource's configured attribute is evaluated from its
/// configuration, as `terraform plan` does (issue 20): the truth is the plan of real terraform
/// over a state edited out of band with `terraform state push`.
@Suite(.enabled(if: TerraformProject.isAvailable, "terraform is not on PATH"))
struct TerraformConfiguredReferenceTests {
  static let environment = [
    "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1", "TF_CLI_CONFIG_FILE": "/dev/null",
  ]

  static let module = """
    resource "terraform_data" "a" {
      input = { size = 2, name = "a" }
    }

    resource "terraform_data" "b" {
      input = terraform_data.a.input.size
    }

    resource "terraform_data" "c" {
      for_each = toset(["x", "y"])
      input    = { size = terraform_data.a.input.size + 1, key = each.key }
    }

    resource "terraform_data" "d" {
      input = terraform_data.c["x"].input.size * 10
    }

    resource "terraform_data" "e" {
      input = terraform_data.a.output.name
    }

    """

  private static func terraform(_ arguments: [String], in folder: String, stdin: String? = nil)
    throws
    -> String
  {
    let result = try Shell.run(
      ["terraform"] + arguments + ["-no-color"], cwd: folder, env: environment, stdin: stdin)
    guard result.status == 0 || arguments.first == "plan" else {
      throw Shell.Failure(arguments: ["terraform"] + arguments, result: result)
    }
    return result.stdout
  }

  @Test func aDriftedAttributeIsNotCopiedIntoTheResourcesThatReferToIt() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "tf-\(UUID().uuidString)"
    ).path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try Data(Self.module.utf8).write(to: URL(fileURLWithPath: folder + "/main.tf"))
    _ = try Self.terraform(["init", "-input=false"], in: folder)
    _ = try Self.terraform(["apply", "-auto-approve", "-input=false"], in: folder)

    // Out of band: a's size becomes 5 in the state (as a refresh would read it).
    let pulled = try Self.terraform(["state", "pull"], in: folder)
    var state = try #require(
      try JSONSerialization.jsonObject(with: Data(pulled.utf8)) as? [String: Any])
    var resources = try #require(state["resources"] as? [[String: Any]])
    for (index, resource) in resources.enumerated() where resource["name"] as? String == "a" {
      var instances = try #require(resource["instances"] as? [[String: Any]])
      var attributes = try #require(instances[0]["attributes"] as? [String: Any])
      let value = ["size": 5, "name": "a"] as [String: Any]
      attributes["input"] = [
        "value": value, "type": ["object", ["name": "string", "size": "number"]],
      ]
      instances[0]["attributes"] = attributes
      resources[index]["instances"] = instances
    }
    state["resources"] = resources
    state["serial"] = ((state["serial"] as? Int) ?? 1) + 1
    let pushed = String(
      decoding: try JSONSerialization.data(withJSONObject: state), as: UTF8.self)
    try Data(pushed.utf8).write(to: URL(fileURLWithPath: folder + "/edited.tfstate"))
    _ = try Self.terraform(["state", "push", "-force", "edited.tfstate"], in: folder)

    // What terraform plans to change because of the edit: only a. (e, which reads a's
    // output, is a knock-on: its new input is known only after apply, not drift.)
    _ = try Self.terraform(["plan", "-refresh=false", "-input=false", "-out=plan"], in: folder)
    let planJSON = try Self.terraform(["show", "-json", "plan"], in: folder)
    let (planned, knockOns) = try Self.changes(planJSON)
    #expect(planned == ["terraform_data.a"], "\(planJSON)")
    #expect(knockOns == ["terraform_data.e"], "\(planJSON)")

    let shown = try Self.terraform(["show", "-json"], in: folder)
    let repo = try hclRepository([("main.tf", Self.module)])
    let export = try writeExport(shown, in: repo)
    let result = try gitDrift("check", "--snapshot", export, "--format", "json", in: repo)
    #expect(result.status == 1, "\(result.stderr)")
    let report = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let drifted = Set(
      (report["drifts"] as? [[String: Any]] ?? []).compactMap { $0["address"] as? String })
    #expect(drifted == planned, "\(result.stdout)")
  }

  /// The resources a plan changes in a known attribute, and those whose only changes are
  /// values known after apply (knock-ons of another change).
  static func changes(_ plan: String) throws -> (Set<String>, Set<String>) {
    let root = try #require(
      try JSONSerialization.jsonObject(with: Data(plan.utf8)) as? [String: Any])
    var changed = Set<String>()
    var knockOns = Set<String>()
    for entry in root["resource_changes"] as? [[String: Any]] ?? [] {
      guard let address = entry["address"] as? String,
        let change = entry["change"] as? [String: Any],
        change["actions"] as? [String] != ["no-op"]
      else { continue }
      let before = change["before"] as? [String: Any] ?? [:]
      let after = change["after"] as? [String: Any] ?? [:]
      let unknown = change["after_unknown"] as? [String: Any] ?? [:]
      let known = Set(before.keys).union(after.keys).filter { unknown[$0] as? Bool != true }
      let differs = known.contains { key in
        !NSDictionary(dictionary: ["v": before[key] ?? NSNull()]).isEqual(
          to: ["v": after[key] ?? NSNull()])
      }
      if differs { changed.insert(address) } else { knockOns.insert(address) }
    }
    return (changed, knockOns)
  }
}
