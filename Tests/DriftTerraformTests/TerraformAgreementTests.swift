import DriftFormats
import DriftJSON
import DriftModel
import DriftTerraform
import DriftTestSupport
import Foundation
import Testing

/// The evaluator against the real `terraform`: the basic fixture (less `offline.tf`, which
/// needs providers and registries) is applied offline, and every `terraform_data` input the
/// evaluator computes must equal the one Terraform stored.
@Suite struct TerraformAgreementTests {
  static let isTerraformAvailable =
    (try? Shell.run(["terraform", "version"]))?.status == 0

  @Test(.enabled(if: isTerraformAvailable, "terraform is not on PATH"))
  func evaluatedInputsEqualTerraformState() throws {
    let manager = FileManager.default
    let scratch = manager.temporaryDirectory.appendingPathComponent("tf-\(UUID().uuidString)")
    defer { try? manager.removeItem(at: scratch) }
    let copy = scratch.appendingPathComponent("basic")
    try manager.createDirectory(at: scratch, withIntermediateDirectories: true)
    try manager.copyItem(
      at: TerraformFixtures.configs.appendingPathComponent("basic"), to: copy)
    try manager.removeItem(at: copy.appendingPathComponent("offline.tf"))
    let environment = ["TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1"]
    for arguments in [
      ["terraform", "init", "-input=false", "-no-color"],
      ["terraform", "apply", "-auto-approve", "-input=false", "-no-color"],
    ] {
      let result = try Shell.run(arguments, cwd: copy.path, env: environment)
      try #require(result.status == 0, "\(arguments.joined(separator: " ")): \(result.stderr)")
    }
    let shown = try Shell.run(
      ["terraform", "show", "-json", "-no-color"], cwd: copy.path, env: environment)
    try #require(shown.status == 0, "terraform show: \(shown.stderr)")
    let state = try JSONReader.parse(Array(shown.stdout.utf8), file: "show.json")

    var live: [String: Value] = [:]
    var sensitive: [String: Value] = [:]
    func collect(_ module: Value?) {
      for resource in module?["resources"]?.elements ?? [] {
        guard let address = resource["address"]?.stringValue else { continue }
        live[address] = resource["values"]
        sensitive[address] = resource["sensitive_values"]?["input"]
      }
      for child in module?["child_modules"]?.elements ?? [] { collect(child) }
    }
    collect(state["values"]?["root_module"])

    let digester = SecretDigester(key: Array("salt".utf8))
    let evaluator = TerraformEvaluator(
      secrets: digester, live: live, files: TerraformFixtures.lister(base: scratch))
    let desired = try evaluator.evaluate(root: "basic")
    #expect(Set(desired.resources.map(\.id.address)) == Set(live.keys))
    #expect(live.count == 18)
    for resource in desired.resources {
      let address = resource.id.address
      #expect(desired.unevaluated[address] == nil, "\(address) has unevaluated arguments")
      let input = resource.body["input"]
      if case .sensitive = input {
        #expect(sensitive[address] == .bool(true), "\(address) is not sensitive in Terraform")
      } else {
        #expect(input == live[address]?["input"], "\(address)")
      }
    }
  }
}
