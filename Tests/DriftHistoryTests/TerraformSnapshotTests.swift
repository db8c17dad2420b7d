import DriftFormats
import DriftHistory
import DriftJSON
import DriftModel
import DriftTestSupport
import Foundation
import Git
import Testing

/// Terraform resources in the snapshot store, and an HCL configuration judged over history,
/// without running terraform: exports are `terraform show -json` documents written here.
@Suite("history: Terraform snapshots and configurations")
struct TerraformSnapshotTests {
  /// A `terraform show -json` document of `terraform_data` resources, by address.
  static func export(_ inputs: [(address: String, type: String, values: String)]) -> String {
    let resources = inputs.map { input in
      """
      {"address": \(JSONWriter().string(.string(input.address))), "mode": "managed", \
      "type": "\(input.type)", "name": "x", "values": \(input.values), "sensitive_values": {}}
      """
    }
    return """
      {"format_version": "1.0", "values": {"root_module": {"resources": [\
      \(resources.joined(separator: ","))]}}}
      """
  }

  static func resources(_ export: String, salt: [UInt8]) throws -> [Resource] {
    try TerraformStateFormat(secrets: SecretDigester(key: salt))
      .liveResources(Array(export.utf8), file: "show.json")
  }

  @Test("addresses with '/', '..', '%' and '.git' in keys are valid tree paths that read back")
  func addressesRoundTrip() throws {
    let repo = try ScratchRepository()
    try repo.commit("empty", date: "2026-11-01T10:00:00Z")
    let repository = try Repository(path: repo.path)
    let store = SnapshotStore(repository: repository)
    let addresses = [
      #"aws_s3_bucket.b["a/b"]"#, #"aws_s3_bucket.b["../up"]"#, #"aws_s3_bucket.b["%2F"]"#,
      #"aws_s3_bucket.b[".git"]"#, #"module.net["k/../y"].aws_instance.web[0]"#,
      #"module.a.module.b.data.aws_ami.x"#, "aws_acm_certificate.status",
    ]
    let export = Self.export(
      addresses.map { address in
        let type = address.contains("aws_instance") ? "aws_instance" : "aws_s3_bucket"
        return (address, type, #"{"status": "ISSUED", "metadata": {"resourceVersion": "7"}}"#)
      })
    let live = try Self.resources(export, salt: Array(repeating: UInt8(1), count: 32))
    let outcome = try store.record(
      source: "prod-tf", resources: live,
      capturedAt: Date(timeIntervalSince1970: 1_793_000_000),
      adapter: TerraformConfigurationAdapter())
    guard case .recorded(let snapshot) = outcome else {
      Issue.record("not recorded")
      return
    }
    try repo.fsck()
    let read = try store.resources(of: snapshot)
    #expect(Set(read.map(\.id.address)) == Set(addresses))
    let types = Dictionary(uniqueKeysWithValues: read.map { ($0.id.address, $0.id.type) })
    #expect(types[#"module.net["k/../y"].aws_instance.web[0]"#] == "aws_instance")
    #expect(types[#"aws_s3_bucket.b["a/b"]"#] == "aws_s3_bucket")
    #expect(types["module.a.module.b.data.aws_ami.x"] == "aws_ami")
    #expect(types["aws_acm_certificate.status"] == "aws_acm_certificate")
    for resource in read {
      #expect(resource.body["status"]?.stringValue == "ISSUED", "Terraform attributes are kept")
      #expect(resource.body["metadata"]?["resourceVersion"] != nil)
    }
  }

  /// A configuration whose `follower` refers to `app`'s live id, over `docsCommits` commits
  /// that touch only the docs after the infrastructure commit.
  static func configurationHistory(docsCommits: Int) throws -> ScratchRepository {
    let repo = try ScratchRepository()
    try repo.write(
      ".drift.yml",
      """
      version: 1
      sources:
        - name: prod-tf
          format: hcl
          paths: ["infra"]

      """)
    try repo.write(
      "infra/main.tf",
      """
      resource "terraform_data" "app" {
        input = "v1"
      }

      resource "terraform_data" "follower" {
        input = terraform_data.app.id
      }

      module "shared" {
        source = "../modules/shared"
      }

      """)
    try repo.write(
      "modules/shared/main.tf",
      """
      resource "terraform_data" "this" {
        input = "shared"
      }

      """)
    try repo.commit("infrastructure", date: "2026-11-01T00:00:00Z")
    for index in 0..<docsCommits {
      try repo.write("docs/notes.md", "note \(index)\n")
      try repo.commit(
        "docs \(index)", date: "2026-11-01T\(String(format: "%02d", index + 1)):00:00Z")
    }
    return repo
  }

  @Test("one evaluation per distinct folder trees and referenced live blobs, verdicts right")
  func evaluationsAreCachedByWhatTheyRead() throws {
    let repo = try Self.configurationHistory(docsCommits: 20)
    let repository = try Repository(path: repo.path)
    let store = SnapshotStore(repository: repository)
    let salt = Array(repeating: UInt8(1), count: 32)
    func values(_ input: String, id: String) -> String {
      #"{"id": "\#(id)", "input": "\#(input)"}"#
    }
    func export(appID: String, follower: String, shared: String = "shared") -> String {
      Self.export([
        ("terraform_data.app", "terraform_data", values("v1", id: appID)),
        ("terraform_data.follower", "terraform_data", values(follower, id: "f")),
        ("module.shared.terraform_data.this", "terraform_data", values(shared, id: "s")),
      ])
    }
    // Snapshots 0–9 hourly; app is replaced (new id) at 5, and the follower catches up at 7;
    // someone edits the module's resource at 9.
    var snapshots: [Snapshot] = []
    for index in 0..<10 {
      let appID = index < 5 ? "a1" : "a2"
      let follower = index < 7 ? "a1" : "a2"
      let text = export(appID: appID, follower: follower, shared: index == 9 ? "hand" : "shared")
      let time = Date(timeIntervalSince1970: 1_793_491_200 + Double(index) * 3_600 + 1_800)
      let outcome = try store.record(
        source: "prod-tf", resources: try Self.resources(text, salt: salt), capturedAt: time,
        adapter: TerraformConfigurationAdapter())
      if case .recorded(let snapshot) = outcome { snapshots.append(snapshot) }
    }
    #expect(snapshots.count == 10)
    let history = DesiredHistory(
      repository: repository, tip: try repository.resolveCommit("HEAD"),
      secrets: SecretDigester(key: salt))
    let evaluator = Evaluator(
      store: store, history: history, source: "prod-tf",
      today: CalendarDate(year: 2026, month: 11, day: 27))
    let follower = try Timeline.build(
      address: "terraform_data.follower", pointer: nil, snapshots: snapshots, evaluator: evaluator)
    #expect(
      follower.verdicts.map(\.state.name)
        == [
          "in-sync", "in-sync", "in-sync", "in-sync", "in-sync", "drifted", "drifted",
          "in-sync", "in-sync", "in-sync",
        ])
    // Ten snapshots under ten commits: app's blob takes two values, so two evaluations.
    #expect(history.configurationEvaluations == 2)
    let shared = try Timeline.build(
      address: "module.shared.terraform_data.this", pointer: nil, snapshots: snapshots,
      evaluator: evaluator)
    #expect(shared.transitions.map(\.verdict.snapshot) == [snapshots[0], snapshots[9]])
    #expect(history.configurationEvaluations == 2)
  }
}
