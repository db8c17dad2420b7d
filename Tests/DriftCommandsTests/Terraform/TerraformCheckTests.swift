import DriftTerraform
import DriftTestSupport
import Foundation
import Testing

/// `check` of an HCL source against a real `terraform show -json`, edited the way out-of-band
/// changes look (issue 7, acceptance 1).
@Suite(.enabled(if: TerraformProject.isAvailable, "terraform is not on PATH"))
struct TerraformCheckTests {
  /// The basic fixture (less `offline.tf`, which needs registries), plus one resource whose
  /// input is known only once applied.
  static let module: [(path: String, text: String)] = {
    let files =
      (try? TerraformProject.files(
        of: TerraformProject.fixtures.appendingPathComponent("config/basic"),
        excluding: ["offline.tf"])) ?? []
    let stamped = """
      resource "terraform_data" "stamped" {
        input = { created = timestamp(), name = "stamped" }
      }

      """
    return files + [("stamped.tf", stamped)]
  }()

  /// One real apply, shared by the tests.
  static let shown: Result<String, any Error> = Result { try TerraformProject.apply(module) }

  static func repository() throws -> ScratchRepository {
    try hclRepository(module)
  }

  /// `terraform show -json` with `edit` applied to the resources of the root module and its
  /// child modules, by address.
  static func edited(_ edit: (inout [String: [String: Any]]) -> Void) throws -> String {
    let text = try shown.get()
    var root = try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    var values = try #require(root["values"] as? [String: Any])
    var byAddress: [String: [String: Any]] = [:]
    func collect(_ module: [String: Any]) {
      for case let resource as [String: Any] in module["resources"] as? [Any] ?? [] {
        byAddress[resource["address"] as? String ?? ""] = resource
      }
      for case let child as [String: Any] in module["child_modules"] as? [Any] ?? [] {
        collect(child)
      }
    }
    collect(try #require(values["root_module"] as? [String: Any]))
    edit(&byAddress)
    // Flattened into the root module: addresses carry their module path.
    values["root_module"] = ["resources": byAddress.values.sorted { "\($0)" < "\($1)" }]
    root["values"] = values
    let data = try JSONSerialization.data(withJSONObject: root, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
  }

  static func check(_ repo: ScratchRepository, _ export: String) throws -> (
    status: Int32, report: [String: Any], stderr: String
  ) {
    let file = repo.root + "/show.json"
    try Data(export.utf8).write(to: URL(fileURLWithPath: file))
    let result = try GitDriftExecutable.run(
      ["check", "--snapshot", file, "--format", "json"], in: repo.path)
    let report =
      (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]) ?? [:]
    return (result.status, report, result.stderr)
  }

  @Test func theAppliedStateIsInSyncAndNothingComputedIsReported() throws {
    let repo = try Self.repository()
    let result = try Self.check(repo, try Self.shown.get())
    #expect(result.status == 0, "\(result.stderr) \(result.report)")
    let summary = try #require(result.report["summary"] as? [String: Any])
    #expect(summary["inSync"] as? Int == 19)
    #expect((summary["unevaluated"] as? Int ?? 0) >= 1, "timestamp() is unknown offline")
    try repo.fsck()
  }

  @Test func exactlyTheEditedAttributesAreDriftWithTheirPlaceInTheTfFiles() throws {
    let repo = try Self.repository()
    let export = try Self.edited { resources in
      func setInput(_ address: String, _ change: (inout Any?) -> Void) {
        var resource = resources[address] ?? [:]
        var values = resource["values"] as? [String: Any] ?? [:]
        var input = values["input"]
        change(&input)
        values["input"] = input
        // What the provider computes is never compared (a resource that refers to it would
        // see the change, so only this unreferenced one gets it).
        if address == "terraform_data.literal" { values["output"] = "changed by the provider" }
        resource["values"] = values
        resources[address] = resource
      }
      setInput("terraform_data.literal") { input in
        var object = input as? [String: Any] ?? [:]
        object["region"] = "eu-central-1"
        object["ports"] = [80, 8443]
        input = object
      }
      setInput("terraform_data.counted[1]") { input in input = "staging-app-9" }
      setInput("module.worker[\"large\"].terraform_data.this") { input in
        var object = input as? [String: Any] ?? [:]
        object["size"] = 30
        input = object
      }
      resources["terraform_data.by_set[\"a\"]"] = nil
      var hand = resources["terraform_data.base"] ?? [:]
      hand["address"] = "terraform_data.hand_made"
      hand["name"] = "hand_made"
      resources["terraform_data.hand_made"] = hand
    }
    let result = try Self.check(repo, export)
    #expect(result.status == 1, "\(result.stderr)")
    let drifts = try #require(result.report["drifts"] as? [[String: Any]])
    var found: Set<String> = []
    var lines: [String: String] = [:]
    for drift in drifts {
      let address = drift["address"] as? String ?? ""
      let kind = drift["kind"] as? String ?? ""
      let changes = drift["changes"] as? [[String: Any]] ?? []
      if changes.isEmpty { found.insert("\(kind) \(address)") }
      for change in changes {
        let pointer = change["path"] as? String ?? ""
        found.insert("\(kind) \(address) \(pointer)")
        lines["\(address) \(pointer)"] = "\(drift["file"] ?? ""):\(change["line"] ?? "")"
      }
    }
    #expect(
      found == [
        "modified terraform_data.literal /input/region",
        "modified terraform_data.literal /input/ports/1",
        "modified terraform_data.counted[1] /input",
        "modified module.worker[\"large\"].terraform_data.this /input/size",
        "missing terraform_data.by_set[\"a\"]",
        "unmanaged terraform_data.hand_made",
      ])
    let main = try String(contentsOfFile: repo.path + "/infra/prod/main.tf", encoding: .utf8)
      .split(separator: "\n", omittingEmptySubsequences: false)
    let regionLine = try #require(main.firstIndex { $0.contains("region    = \"eu-west-1\"") })
    #expect(lines["terraform_data.literal /input/region"] == "infra/prod/main.tf:\(regionLine + 1)")
    #expect(
      lines["module.worker[\"large\"].terraform_data.this /input/size"]?.hasPrefix(
        "infra/prod/modules/service/main.tf:") == true)
  }

  @Test func aChangedSensitiveValueIsDriftButNeverShown() throws {
    let repo = try Self.repository()
    let export = try Self.edited { resources in
      var secret = resources["terraform_data.secret"] ?? [:]
      var values = secret["values"] as? [String: Any] ?? [:]
      values["input"] = "correct horse battery staple"
      values["output"] = "correct horse battery staple"
      secret["values"] = values
      resources["terraform_data.secret"] = secret
    }
    for format in ["json", "text", "sarif", "markdown"] {
      let file = repo.root + "/show.json"
      try Data(export.utf8).write(to: URL(fileURLWithPath: file))
      let result = try GitDriftExecutable.run(
        ["check", "--snapshot", file, "--format", format], in: repo.path)
      #expect(result.status == 1, "\(result.stderr)")
      #expect(result.stdout.contains("terraform_data.secret"))
      #expect(result.stdout.contains("sensitive"), "\(format): \(result.stdout)")
      for clear in ["correct horse", "hunter2"] {
        #expect(!result.stdout.contains(clear), "\(format) shows a secret")
        #expect(!result.stderr.contains(clear))
      }
    }
  }
}
