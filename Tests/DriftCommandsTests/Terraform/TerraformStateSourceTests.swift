import DriftTerraform
import DriftTestSupport
import Foundation
import Testing

/// `format: terraform`: a committed state (here the real one of Tests/Fixtures/terraform/state)
/// is the desired side, compared with live state attribute by attribute.
@Suite struct TerraformStateSourceTests {
  @Test func aCommittedStateComparedWithLiveState() throws {
    let state = try String(
      contentsOf: TerraformProject.fixtures.appendingPathComponent("state/terraform.tfstate"),
      encoding: .utf8)
    let repo = try ScratchRepository()
    try repo.write(
      ".drift.yml",
      "version: 1\nsources:\n  - name: recorded\n    format: terraform\n    paths: [\"state/*.tfstate\"]\n"
    )
    try repo.write("state/prod.tfstate", state)
    try repo.commit("recorded state", date: "2026-11-01T10:00:00Z")

    let same = repo.root + "/same.json"
    try Data(state.utf8).write(to: URL(fileURLWithPath: same))
    let inSync = try GitDriftExecutable.run(["check", "--snapshot", same], in: repo.path)
    #expect(inSync.status == 0, "\(inSync.stdout) \(inSync.stderr)")

    let show = try String(
      contentsOf: TerraformProject.fixtures.appendingPathComponent("state/show-state.json"),
      encoding: .utf8)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(show.utf8)) as? [String: Any])
    var values = try #require(object["values"] as? [String: Any])
    var root = try #require(values["root_module"] as? [String: Any])
    var resources = try #require(root["resources"] as? [[String: Any]])
    let index = try #require(
      resources.firstIndex { ($0["address"] as? String) == "terraform_data.counter[0]" })
    var changed = resources[index]
    var attributes = try #require(changed["values"] as? [String: Any])
    attributes["input"] = "edited by hand"
    changed["values"] = attributes
    resources[index] = changed
    root["resources"] = resources
    values["root_module"] = root
    var edited = object
    edited["values"] = values
    let live = repo.root + "/live.json"
    try JSONSerialization.data(withJSONObject: edited).write(to: URL(fileURLWithPath: live))
    let drift = try GitDriftExecutable.run(["check", "--snapshot", live], in: repo.path)
    #expect(drift.status == 1, "\(drift.stderr)")
    let address = try #require(changed["address"] as? String)
    #expect(drift.stdout.contains("~ \(address)  state/prod.tfstate:"), "\(drift.stdout)")
    #expect(drift.stdout.contains("~ /input:"), "\(drift.stdout)")
    #expect(drift.stdout.contains("\"edited by hand\""))
  }
}
